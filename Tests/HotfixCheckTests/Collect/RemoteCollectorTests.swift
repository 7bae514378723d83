import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// collect/hotfix-remote-inventory against real Samba servers the test starts on 127.0.0.1
/// (SMB1 only): one planted as an NT 4.0 Server SP6a host, one that refuses the password, and
/// a port where nothing listens, all in the same run.
@Suite(
  "Remote collector",
  .serialized,
  .enabled(
    if: CollectorTools.enabled(programs: CollectorTools.remotePrograms, modules: CollectorTools.remoteModules),
    "needs samba, mingw's windres/ld, xmllint and python3-impacket/-pefile (.ci/run installs them)"),
  .timeLimit(.minutes(5))
)
struct RemoteCollectorTests {
  static let collector = repositoryRoot.appendingPathComponent("collect/hotfix-remote-inventory").path

  /// Server SP6a (the CSDVersion DWORD 0x600 and Q246009), Q256149 recorded but rpcss.exe of
  /// 1999-10-14 (regressed), Q999999 taken out; eight hours west of UTC.
  static let planted = PlantedHost(
    name: "NTSRV09", csdVersion: nil, csdNumber: 0x600,
    hotfixes: [("Q246009", 1), ("Q256149", 1), ("Q999999", 0), ("Q241041", 1)], buildNumber: nil,
    systemRoot: #"c:\Windows"#, timeBias: 480,
    systemFiles: [
      (#"system32\rpcss.exe"#, "4.0.1381.7000", "1999-10-14"), (#"system32\ole32.dll"#, "4.0.1381.7100", "2000-06-01"),
      (#"system32\drivers\afd.sys"#, "4.0.1381.7144", "2001-11-30"), ("win.ini", nil, "2002-02-02"),
    ],
    edition: "server", servicePack: "sp6a")

  /// A fresh folder for a test's trees and servers, once the tools are known to be here.
  static func workFolder() throws -> URL {
    try CollectorTools.require(programs: CollectorTools.remotePrograms, modules: CollectorTools.remoteModules)
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("hotfix-check-remote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    return work
  }

  /// The planted registry values a Samba server can hold: it answers ...\CurrentVersion
  /// itself, so only the Hotfix subkeys are planted there.
  static let sambaValues = planted.registryValues.filter { !$0.key.hasSuffix(#"Windows NT\CurrentVersion"#) }

  @Test func fleetWithAnUnreachableAndARefusingHost() throws {
    let work = try Self.workFolder()
    defer { try? FileManager.default.removeItem(at: work) }

    let planted = Self.planted
    let drive = work.appendingPathComponent("c")
    let listing = try planted.build(at: drive)
    let systemRoot = drive.appendingPathComponent("Windows")
    let host = try SambaServer(
      folder: work.appendingPathComponent("samba-host"), drive: drive, systemRoot: systemRoot, password: "Planted-1")
    defer { host.stop() }
    try host.plant(Self.sambaValues)
    try host.start()
    let refusing = try SambaServer(
      folder: work.appendingPathComponent("samba-refusing"), drive: drive, systemRoot: systemRoot, password: "Other-2")
    defer { refusing.stop() }
    try refusing.start()
    let silent = try SambaServer.freePort()

    let out = work.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let credentials = work.appendingPathComponent("credentials").path
    try Data("username = NTDOM\\\(SambaServer.userName)\npassword = Planted-1\n".utf8).write(to: URL(fileURLWithPath: credentials))
    chmod(credentials, 0o600)
    let hosts = ["NTSRV09@127.0.0.1:\(host.port)", "REFUSE1@127.0.0.1:\(refusing.port)", "DEAD1@127.0.0.1:\(silent)"]
    let run = try CollectorWine.run(
      Self.collector, hosts + ["--credentials", credentials, "--output", out.path, "--jobs", "2", "--timeout", "10"], timeout: 240)
    #expect(run.status == 1, "\(run.all)")
    #expect(run.stderr.contains("REFUSE1: error: logon refused as NTDOM\\\(SambaServer.userName): STATUS_LOGON_FAILURE"), "\(run.all)")
    #expect(run.stderr.contains("DEAD1: error: cannot reach 127.0.0.1 port \(silent)"), "\(run.all)")
    #expect(run.stderr.contains("2 of 3 hosts written") == false && run.stderr.contains("1 of 3 hosts written"), "\(run.all)")
    // Progress is for a terminal only: none in a log.
    #expect(!run.stderr.contains("\r") && !run.stderr.contains("failed, "), "\(run.all)")
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(written == ["NTSRV09.xml"], "\(written)")
    let inventory = out.appendingPathComponent("NTSRV09.xml").path
    try CollectedInventory.expectMatches(inventory, planted, listing, collector: "hotfix-remote-inventory")
    try CollectorWine.expectReport(
      of: inventory, host: "NTSRV09", edition: "server", servicePack: "sp6a", seedVerdict: "regressed", exitStatus: 1)

    // The NT hash instead of the password, from the environment.
    let hash = try CollectorWine.run(
      CollectorTools.python, ["-c", "from impacket.ntlm import compute_nthash; print(compute_nthash('Planted-1').hex())"], timeout: 60)
    var environment = ProcessInfo.processInfo.environment
    environment["HOTFIX_NTHASH"] = hash.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    environment["HOTFIX_PASSWORD"] = nil
    let again = work.appendingPathComponent("again")
    try FileManager.default.createDirectory(at: again, withIntermediateDirectories: true)
    let byHash = try CollectorWine.run(
      Self.collector, [hosts[0], "--user", "NTDOM\\" + SambaServer.userName, "-o", again.path], environment: environment, timeout: 120)
    #expect(byHash.status == 0, "\(byHash.all)")
    try CollectedInventory.expectMatches(
      again.appendingPathComponent("NTSRV09.xml").path, planted, listing, collector: "hotfix-remote-inventory")

    // The user and the password from the environment, no option at all.
    environment["HOTFIX_NTHASH"] = nil
    environment["HOTFIX_USER"] = "NTDOM\\" + SambaServer.userName
    environment["HOTFIX_PASSWORD"] = "Planted-1"
    let third = work.appendingPathComponent("third")
    try FileManager.default.createDirectory(at: third, withIntermediateDirectories: true)
    let byEnvironment = try CollectorWine.run(Self.collector, [hosts[0], "-o", third.path], environment: environment, timeout: 120)
    #expect(byEnvironment.status == 0, "\(byEnvironment.all)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: third.path) == ["NTSRV09.xml"])
  }

  /// NT 4.0 serves SMB on the NetBIOS session port, 139, the collector's default: the session
  /// request names the host (Samba's `%L`, in the share paths here, is the name called, so a
  /// wrong name finds no ADMIN$). Run at a terminal: the password is asked for and never
  /// echoed, and progress is shown.
  @Test func netbiosPortAndPasswordPrompt() throws {
    let work = try Self.workFolder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = Self.planted
    let hosts = work.appendingPathComponent("hosts")
    let listing = try planted.build(at: hosts.appendingPathComponent("ntsrv09"))  // Samba's %L is lower case
    let out = work.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var environment = ProcessInfo.processInfo.environment
    for name in ["HOTFIX_USER", "HOTFIX_PASSWORD", "HOTFIX_NTHASH", "HOTFIX_DOMAIN"] { environment[name] = nil }

    try SambaServer.withNetBIOSPort {
      let byName = hosts.appendingPathComponent("%L")
      let server = try SambaServer(
        folder: work.appendingPathComponent("samba"), drive: byName, systemRoot: byName.appendingPathComponent("Windows"),
        password: "Planted-1", port: 139)
      defer { server.stop() }
      try server.plant(Self.sambaValues)
      try server.start()

      let terminal = try CollectorWine.run(
        CollectorTools.python,
        [
          PEBuilder.fixtures.appendingPathComponent("on-terminal.py").path, "password for", "Planted-1", "--",
          Self.collector, "NTSRV09@127.0.0.1", "--user", "NTDOM\\" + SambaServer.userName, "-o", out.path,
        ],
        environment: environment, timeout: 120)
      #expect(terminal.status == 0, "\(terminal.all)")
      #expect(terminal.stdout.contains("password for NTDOM\\\(SambaServer.userName): "), "\(terminal.all)")
      #expect(!terminal.stdout.contains("Planted-1"), "the password was echoed: \(terminal.all)")
      #expect(terminal.stdout.contains("\r0 of 1 hosts, 0 failed, "), "no progress on the terminal: \(terminal.all)")
      #expect(terminal.stdout.contains("1 of 1 hosts written"), "\(terminal.all)")
      let inventory = out.appendingPathComponent("NTSRV09.xml").path
      try CollectedInventory.expectMatches(inventory, planted, listing, collector: "hotfix-remote-inventory")
      try CollectorWine.expectReport(
        of: inventory, host: "NTSRV09", edition: "server", servicePack: "sp6a", seedVerdict: "regressed", exitStatus: 1)

      environment["HOTFIX_USER"] = "NTDOM\\" + SambaServer.userName
      environment["HOTFIX_PASSWORD"] = "Planted-1"
      let other = try CollectorWine.run(Self.collector, ["NTSRV10@127.0.0.1", "-o", out.path], environment: environment, timeout: 120)
      #expect(other.status == 1 && other.stderr.contains("NTSRV10: error: "), "\(other.all)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["NTSRV09.xml"])
  }

  /// Ctrl-C (SIGINT) or SIGTERM in the middle of a run, while a hung host holds a job: the run
  /// ends at once (not when the host times out, 600 s here) with exit status 130, the host
  /// already written stays whole, and nothing else is left in the folder.
  @Test(arguments: [SIGINT, SIGTERM]) func interruptedRunEndsAtOnce(signal: Int32) throws {
    let work = try Self.workFolder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = Self.planted
    let drive = work.appendingPathComponent("c")
    let listing = try planted.build(at: drive)
    let host = try SambaServer(
      folder: work.appendingPathComponent("samba"), drive: drive, systemRoot: drive.appendingPathComponent("Windows"), password: "Planted-1"
    )
    defer { host.stop() }
    try host.plant(Self.sambaValues)
    try host.start()
    let hung = try SambaServer.silentListener()
    defer { close(hung.fd) }

    var environment = ProcessInfo.processInfo.environment
    environment["HOTFIX_USER"] = "NTDOM\\" + SambaServer.userName
    environment["HOTFIX_PASSWORD"] = "Planted-1"
    let out = work.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let run = try CollectorWine.run(
      Self.collector,
      [
        "HUNG1@127.0.0.1:\(hung.port)", "NTSRV09@127.0.0.1:\(host.port)", "HUNG2@127.0.0.1:\(hung.port)", "-o", out.path, "--jobs", "2",
        "--timeout", "600",
      ],
      environment: environment, timeout: 120, signal: (after: "NTSRV09: wrote", number: signal))
    #expect(run.status == 130, "\(run.all)")
    #expect(run.stderr.contains("interrupted: 1 of 3 hosts written, the others not"), "\(run.all)")
    #expect(!run.stderr.contains("Traceback"), "\(run.all)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["NTSRV09.xml"])
    try CollectedInventory.expectMatches(
      out.appendingPathComponent("NTSRV09.xml").path, planted, listing, collector: "hotfix-remote-inventory")
  }

  /// A credentials file that others may read is refused before any host is touched; so is a
  /// run with no password and no terminal to ask on.
  @Test func refusesCredentialsInPlainSight() throws {
    try CollectorTools.require(programs: [], modules: CollectorTools.remoteModules)
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("hotfix-check-remote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let credentials = work.appendingPathComponent("credentials").path
    try Data("username = admin\npassword = secret\n".utf8).write(to: URL(fileURLWithPath: credentials))
    chmod(credentials, 0o644)
    var run = try CollectorWine.run(Self.collector, ["NTSRV01@127.0.0.1:1", "--credentials", credentials, "-o", work.path], timeout: 60)
    #expect(run.status == 2 && run.stderr.contains("can be read by others (mode 0644): chmod 600"), "\(run.all)")

    var environment = ProcessInfo.processInfo.environment
    environment["HOTFIX_PASSWORD"] = nil
    environment["HOTFIX_NTHASH"] = nil
    run = try CollectorWine.run(
      Self.collector, ["NTSRV01@127.0.0.1:1", "--user", "admin", "-o", work.path], environment: environment, timeout: 60)
    #expect(run.status == 2 && run.stderr.contains("no password"), "\(run.all)")

    run = try CollectorWine.run(Self.collector, ["NTSRV01", "--password", "secret"], timeout: 60)
    #expect(run.status == 2 && run.stderr.contains("unrecognized arguments: --password"), "\(run.all)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["credentials"])
  }
}
