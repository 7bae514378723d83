import Foundation
import Testing

/// collect/hotfix-offline-inventory on NT 4.0 system trees the test builds: hive files written
/// through hivex, PE files with version resources built by mingw, dates on the host's clock.
@Suite(
  "Offline collector",
  .enabled(
    if: CollectorTools.enabled(programs: CollectorTools.offlinePrograms, modules: CollectorTools.offlineModules),
    "needs i686-w64-mingw32-windres/-ld, xmllint and python3-hivex/-pefile (.ci/run installs them)"),
  .timeLimit(.minutes(5))
)
struct OfflineCollectorTests {
  static let collector = repositoryRoot.appendingPathComponent("collect/hotfix-offline-inventory").path

  func folder() throws -> URL {
    try CollectorTools.require(programs: CollectorTools.offlinePrograms, modules: CollectorTools.offlineModules)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hotfix-check-offline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Enterprise SP6a two hours east of UTC: Q256149 recorded, rpcss.exe of 1999-10-14 put back
  /// (regressed); Q999999 taken out (Installed=0); the decoys left alone.
  @Test func enterpriseSP6a() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = PlantedHost(
      name: "NTENT07", productSuite: ["Enterprise"], csdVersion: "Service Pack 6", csdNumber: 0x600,
      hotfixes: [("Q246009", 1), ("Q256149", 1), ("Q999999", 0), ("Q241041", 1)], timeBias: -120,
      systemFiles: [
        (#"system32\rpcss.exe"#, "4.0.1381.7000", "1999-10-14"), (#"system32\ole32.dll"#, "4.0.1381.7100", "2000-06-01"),
        (#"system32\drivers\afd.sys"#, "4.0.1381.7144", "2001-11-30"), ("win.ini", nil, "2002-02-02"),
      ],
      edition: "enterprise", servicePack: "sp6a")
    let drive = work.appendingPathComponent("c")
    let listing = try planted.build(at: drive)
    try planted.writeHives(at: drive)

    let output = work.appendingPathComponent("NTENT07.xml").path
    let run = try CollectorWine.run(Self.collector, [drive.path, "--output", work.path], timeout: 120)
    #expect(run.status == 0, "\(run.all)")
    #expect(run.stdout.contains("wrote \(output): NTENT07 (enterprise sp6a intel), 3 hotfixes, \(listing.count) files"), "\(run.all)")
    try CollectedInventory.expectMatches(output, planted, listing, collector: "hotfix-offline-inventory")
    #expect(CollectorWine.leftovers(in: work).isEmpty)
    try CollectorWine.expectReport(
      of: output, host: "NTENT07", edition: "enterprise", servicePack: "sp6a", seedVerdict: "regressed", exitStatus: 1)
  }

  /// Terminal Server Edition records Q246009 too, but has no SP6a: sp6. Judged by the TSE row
  /// of Ole32.dll by version (4.0.1381.33423 < 4.0.1381.33478).
  @Test func terminalServerIsNeverSP6a() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = PlantedHost(
      name: "NTTSE02", productSuite: ["Terminal Server"], csdVersion: "Service Pack 6", hotfixes: [("Q246009", 1)],
      systemRoot: #"C:\WTSRV"#, kernelVersion: "4.0.1381.33474",
      systemFiles: [(#"system32\ole32.dll"#, "4.0.1381.33423", "2001-05-05")], edition: "terminal-server", servicePack: "sp6")
    let drive = work.appendingPathComponent("c")
    let listing = try planted.build(at: drive)
    try planted.writeHives(at: drive)
    let output = work.appendingPathComponent("tse.xml").path
    let run = try CollectorWine.run(Self.collector, [drive.path, "-o", output], timeout: 120)
    #expect(run.status == 0, "\(run.all)")
    try CollectedInventory.expectMatches(output, planted, listing, collector: "hotfix-offline-inventory")
    try CollectorWine.expectReport(
      of: output, host: "NTTSE02", edition: "terminal-server", servicePack: "sp6", seedVerdict: "fix-needed", exitStatus: 1)
  }

  /// A hive whose Hotfix key is damaged (its subkey list unreadable): the inventory is written
  /// with `hotfixes="unknown"` and SP6 (Q246009 cannot be read), not a crash; `audit` lists the
  /// host in its summary and the older rpcss.exe says it may be regressed.
  @Test func damagedHotfixKeyIsUnknown() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = PlantedHost(
      name: "NTBAD03", csdVersion: "Service Pack 6", hotfixes: [("Q246009", 1), ("Q256149", 1)],
      systemFiles: [(#"system32\rpcss.exe"#, "4.0.1381.7000", "1999-10-14")], edition: "server", servicePack: "sp6")
    let drive = work.appendingPathComponent("c")
    _ = try planted.build(at: drive)
    try planted.writeHives(at: drive)
    let software = drive.appendingPathComponent("WINNT/system32/config/SOFTWARE").path
    let broken = try CollectorWine.run(
      CollectorTools.python,
      [
        PEBuilder.fixtures.appendingPathComponent("make-hive.py").path, "--break-subkeys",
        #"Microsoft\Windows NT\CurrentVersion\Hotfix"#, software,
      ], timeout: 60)
    try #require(broken.status == 0, "\(broken.all)")

    let output = work.appendingPathComponent("NTBAD03.xml").path
    let run = try CollectorWine.run(Self.collector, [drive.path, "-o", output], timeout: 120)
    #expect(run.status == 0, "\(run.all)")
    #expect(run.stdout.contains("NTBAD03 (server sp6 intel), hotfix list unknown"), "\(run.all)")
    #expect(run.stderr.contains(#"warning: cannot read SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix"#), "\(run.all)")
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["hotfixes"] == "unknown" && host.attributes["service-pack"] == "sp6")
    #expect(host.children(named: "hotfix").isEmpty)

    let audit = try CollectorWine.hotfixCheck(["audit", output])
    #expect(
      audit.stdout.contains(
        "Hosts whose hotfix list could not be read (a reinstalled service pack shows as fix-needed, not regressed):\n  NTBAD03"),
      "\(audit.all)")
    let check = try CollectorWine.hotfixCheck(["check", output])
    #expect(
      check.stdout.contains(
        "Rpcss.exe is older than the fix; the host's hotfix list could not be read, so Q256149 may be recorded as installed"),
      "\(check.all)")
  }

  /// A ComputerName that is no computer name (a hostile or broken hive naming another folder)
  /// never names the file: refused without --name, written as --name says with it.
  @Test func computerNameThatIsAPathIsRefused() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    let planted = PlantedHost(name: "../../EVIL", csdVersion: "Service Pack 6", edition: "server", servicePack: "sp6")
    let drive = work.appendingPathComponent("deep/er/c")
    _ = try planted.build(at: drive)
    try planted.writeHives(at: drive)
    let out = work.appendingPathComponent("deep/er/out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var run = try CollectorWine.run(Self.collector, [drive.path, "-o", out.path], timeout: 120)
    #expect(run.status == 1, "\(run.all)")
    #expect(run.stderr.contains("error: ComputerName '../../EVIL' is not a computer name: give one with --name"), "\(run.all)")
    run = try CollectorWine.run(Self.collector, [drive.path, "-o", out.path, "--name", "NTSRV11"], timeout: 120)
    #expect(run.status == 0, "\(run.all)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["NTSRV11.xml"])
    let strays = try FileManager.default.subpathsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".xml") }
    #expect(strays == ["deep/er/out/NTSRV11.xml"], "\(strays)")
  }

  /// What it cannot judge it refuses, exit 1, nothing written: a Windows 2000 tree (kernel
  /// 5.0.2195), a CurrentBuildNumber other than 1381, a folder that is no system drive.
  @Test func refusesWhatItCannotJudge() throws {
    let work = try folder()
    defer { try? FileManager.default.removeItem(at: work) }
    var windows2000 = PlantedHost(
      name: "W2K", csdVersion: "Service Pack 1", kernelVersion: "5.0.2195.1620", edition: "server", servicePack: "sp1")
    var drive = work.appendingPathComponent("w2k")
    _ = try windows2000.build(at: drive)
    try windows2000.writeHives(at: drive)
    var run = try CollectorWine.run(Self.collector, [drive.path, "-o", work.appendingPathComponent("w2k.xml").path], timeout: 120)
    #expect(run.status == 1 && run.stderr.contains("ntoskrnl.exe is version 5.0.2195.1620: not Windows NT 4.0"), "\(run.all)")

    windows2000.kernelVersion = "4.0.1381.7140"
    windows2000.buildNumber = "2195"
    drive = work.appendingPathComponent("build")
    _ = try windows2000.build(at: drive)
    try windows2000.writeHives(at: drive)
    run = try CollectorWine.run(Self.collector, [drive.path, "-o", work.appendingPathComponent("build.xml").path], timeout: 120)
    #expect(run.status == 1 && run.stderr.contains("CurrentBuildNumber is 2195"), "\(run.all)")

    run = try CollectorWine.run(Self.collector, [work.path, "-o", work.appendingPathComponent("none.xml").path], timeout: 120)
    #expect(run.status == 1 && run.stderr.contains("is it the system drive's root?"), "\(run.all)")
    let written = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".xml") || $0.hasSuffix(".tmp") }
    #expect(written.isEmpty, "\(written)")
  }
}
