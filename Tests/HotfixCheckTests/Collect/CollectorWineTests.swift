// The collector (collect/hotfix-inventory.vbs) run for real, under Wine's cscript,
// in a Wine prefix whose registry is set up like Windows NT 4.0 hosts.
//
// Skips when `wine` is not on PATH (.ci/run installs Debian's wine). One prefix is
// made for the whole suite (wineboot takes 10-20 s and 700 MB) and removed when the
// test process exits; each test rewrites the registry values the collector reads.
//
// What Wine cannot be made to look like NT 4.0, and how the tests get round it:
// - 64-bit Wine says PROCESSOR_ARCHITECTURE=AMD64: the machine's value (Session Manager\
//   Environment) is set to x86, the user's (HKCU\Environment) left at AMD64, which the
//   collector must not believe.
// - Wine's ntoskrnl.exe has Wine's version: an NT 4.0 one (4.0.1381.7140, built with mingw)
//   is put in its place, and Wine told to load its own (ntoskrnl.exe=b).
// - the computer name is the Linux host's; the tests ask Wine for it.
// - Wine's cscript has no WScript.StdErr: warnings come on standard output.
// - Wine's cscript exits 0 after a script error: the tests look at the output too.

import CLibXML2
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite(
  "Collector under Wine",
  .serialized,
  .enabled(
    if: CollectorTools.enabled(programs: CollectorTools.winePrograms),
    "needs wine and mingw (gcc-mingw-w64-x86-64-win32, binutils-mingw-w64-i686): .ci/run installs them"),
  .timeLimit(.minutes(10))
)
struct CollectorWineTests {

  /// NT 4.0 Server SP6a on Intel with two recorded hotfixes besides Q246009, and an
  /// old Rpcss.exe: the seed rule Q256149 is recorded but its file is older (regressed).
  @Test func serverSP6aIntel() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(
      CollectorWine.NTHost(
        productType: "ServerNT", csdVersion: "Service Pack 6",
        hotfixes: [("Q246009", 1), ("Q256149", 1), ("Q241041", 1), ("Q888888", 0)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "1999-10-14")

    let work = try prefix.workFolder("server")
    let run = try prefix.collect(["out.xml"], in: work)
    let output = work.appendingPathComponent("out.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    #expect(run.stdout.contains("wrote"), "\(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no out.xml: \(run.all)")
    #expect(CollectorWine.leftovers(in: work).isEmpty, "temporary files left: \(CollectorWine.leftovers(in: work))")

    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["name"] == prefix.computerName)
    #expect(host.attributes["edition"] == "server")
    #expect(host.attributes["service-pack"] == "sp6a")
    #expect(host.attributes["platform"] == "intel")
    #expect(host.attributes["collector"] == "hotfix-inventory.vbs 1.1")
    #expect(host.attributes["hotfixes"] == nil)
    let collected = try #require(host.attributes["collected"].flatMap { ISO8601DateFormatter().date(from: $0) }, "no collected time")
    #expect(abs(collected.timeIntervalSinceNow) < 3600, "collected=\(collected): UTC by ActiveTimeBias")
    // Q888888 has Installed=0: taken out, not recorded.
    #expect(Set(host.children(named: "hotfix").compactMap { $0.attributes["id"] }) == ["Q246009", "Q256149", "Q241041"])

    // Every regular file of the prefix's C:\windows, with the size and date Linux
    // gives it, and versions where Wine's DLLs carry them.
    let files = host.children(named: "file")
    let expected = prefix.systemFiles()
    let listed = Dictionary(files.compactMap { f in f.attributes["path"].map { ($0.lowercased(), f) } }, uniquingKeysWith: { a, _ in a })
    #expect(files.count == expected.count, "listed \(files.count) files, the listed places hold \(expected.count)")
    for (windowsPath, info) in expected {
      guard let file = listed[windowsPath.lowercased()] else {
        Issue.record("not listed: \(windowsPath)")
        continue
      }
      #expect(file.attributes["size"] == String(info.size), "\(windowsPath)")
      #expect(file.attributes["date"] == info.date, "\(windowsPath)")
    }
    let kernel32 = try #require(listed[#"c:\windows\system32\kernel32.dll"#])
    let version = try #require(kernel32.attributes["version"], "kernel32.dll has no version")
    #expect(version.split(separator: ".").count == 4 && version.allSatisfy { $0.isNumber || $0 == "." })
    #expect(files.filter { $0.attributes["version"] != nil }.count > 50, "few files have versions")
    #expect(files.filter { $0.attributes["version"] == nil }.count > 0, "every file has a version: win.ini should not")
    #expect(listed[#"c:\windows\system32\rpcss.exe"#]?.attributes["date"] == "1999-10-14")

    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "server", servicePack: "sp6a",
      seedVerdict: "regressed", exitStatus: 1)
  }

  /// Terminal Server Edition (ProductSuite "Terminal Server") at SP6 with Q246009 recorded,
  /// which on TSE does not mean SP6a (TSE has none): sp6, judged by the TSE rows, where an
  /// Rpcss.exe of 2000-06-01 is older.
  @Test func terminalServerEdition() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(
      CollectorWine.NTHost(
        productType: "ServerNT", productSuite: ["Terminal Server"], csdVersion: "Service Pack 6", hotfixes: [("Q246009", 1)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "2000-06-01")

    let work = try prefix.workFolder("tse")
    let run = try prefix.collect(["tse.xml"], in: work)
    let output = work.appendingPathComponent("tse.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no tse.xml: \(run.all)")
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["edition"] == "terminal-server")
    #expect(host.attributes["service-pack"] == "sp6")
    #expect(host.attributes["platform"] == "intel")
    #expect(host.children(named: "hotfix").compactMap { $0.attributes["id"] } == ["Q246009"])
    #expect(host.children(named: "file").count == prefix.systemFiles().count)

    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "terminal-server", servicePack: "sp6",
      seedVerdict: "fix-needed", exitStatus: 1)
  }

  /// NT 4.0 Enterprise Edition SP5 (ProductSuite "Enterprise"; no Q246009, so the
  /// collector exports the parent key), written into a folder standing for a share,
  /// as HOSTNAME.xml; `hotfix-check audit` of that folder reads it.
  @Test func enterpriseSP5IntoAShare() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(
      CollectorWine.NTHost(productType: "LanmanNT", productSuite: ["Enterprise"], csdVersion: "Service Pack 5", hotfixes: [("Q241041", 1)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "1999-10-14")

    let work = try prefix.workFolder("enterprise")
    let share = work.appendingPathComponent("inventories")
    try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
    let run = try prefix.collect([#"inventories\"#], in: work)
    let output = share.appendingPathComponent(prefix.computerName + ".xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no \(output): \(run.all)")
    #expect(CollectorWine.leftovers(in: share).isEmpty)
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["edition"] == "enterprise")
    #expect(host.attributes["service-pack"] == "sp5")
    #expect(host.children(named: "hotfix").compactMap { $0.attributes["id"] } == ["Q241041"])

    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "enterprise", servicePack: "sp5",
      seedVerdict: "fix-needed", exitStatus: 1)

    let audit = try CollectorWine.hotfixCheck(["audit", share.path])
    #expect(audit.status == 0 || audit.status == 1, "audit: \(audit.all)")
    #expect(audit.stdout.contains(prefix.computerName), "audit: \(audit.all)")
  }

  /// An extra folder named on the command line whose path and file names hold `&`,
  /// `'`, `;`, `>`, `#` and non-ASCII letters (Windows forbids `<` and `"` in names):
  /// every path comes back exactly, and the XML is well formed and valid. A folder
  /// that does not exist is skipped with a warning.
  @Test func oddPathsAreEscaped() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", hotfixes: [("Q246009", 1)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "2000-06-01")

    let folderName = "Odd & 'Names' ; #1 é ü ß 日本 Ω"
    let folder = prefix.driveC.appendingPathComponent(folderName)
    try? FileManager.default.removeItem(at: folder)
    let sub = folder.appendingPathComponent("sub & folder")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    let dll = "a&b 'c' é.dll"
    try FileManager.default.copyItem(
      at: prefix.driveC.appendingPathComponent("windows/system32/kernel32.dll"), to: folder.appendingPathComponent(dll))
    let text = "x 'z' & ü;.txt"
    try Data("hello".utf8).write(to: sub.appendingPathComponent(text))
    defer { try? FileManager.default.removeItem(at: folder) }

    let work = try prefix.workFolder("odd")
    let run = try prefix.collect(["odd.xml", #"C:\"# + folderName, #"/folder:C:\does not exist"#], in: work)
    let output = work.appendingPathComponent("odd.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    #expect(run.all.contains("folder not found"), "no warning for the missing folder: \(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no odd.xml: \(run.all)")
    try CollectorWine.expectValid(output)

    let utf8 = try CollectorWine.utf8Text(of: output)
    // (Booleans first: an #expect on the document itself would print all of it.)
    let dllEscaped = utf8.contains("Odd &amp; 'Names' ; #1 é ü ß 日本 Ω\\a&amp;b 'c' é.dll")
    let textEscaped = utf8.contains("sub &amp; folder\\x 'z' &amp; ü;.txt")
    #expect(dllEscaped, "the odd folder's path is not escaped as expected")
    #expect(textEscaped, "& not escaped in the subfolder's file")

    let host = try CollectorWine.host(in: output)
    let paths = Set(host.children(named: "file").compactMap { $0.attributes["path"] })
    let dllPath = #"C:\"# + folderName + #"\"# + dll
    let textPath = #"C:\"# + folderName + #"\sub & folder\"# + text
    let hasDll = paths.contains(dllPath)
    let hasText = paths.contains(textPath)
    #expect(hasDll, "missing \(dllPath) among \(paths.count) paths")
    #expect(hasText, "missing \(textPath) among \(paths.count) paths")
    let dllEntry = host.children(named: "file").first { $0.attributes["path"] == dllPath }
    #expect(dllEntry?.attributes["version"] != nil, "the copied kernel32.dll lost its version")
    let inOddFolder = host.children(named: "file").filter { $0.attributes["path"]!.hasPrefix(#"C:\"# + folderName) }.count
    #expect(inOddFolder == 2)

    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "server", servicePack: "sp6a",
      seedVerdict: "up-to-date", exitStatus: 0)
  }

  /// NT 4.0's regedit writes ANSI "REGEDIT4" exports, Wine's the UTF-16 version 5
  /// form: /hotfixes: hands the collector such a file (as on a host where regedit is
  /// forbidden). Installed=0 and subkeys that are not hotfix numbers are left out.
  @Test func readsAnNT4RegeditExport() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(CollectorWine.NTHost(productType: "WinNT", csdVersion: "Service Pack 3", hotfixes: nil))
    let work = try prefix.workFolder("regedit4")
    let key = #"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix"#
    let export = [
      "REGEDIT4", "", "[\(key)]", "",
      "[\(key)\\Q147222]", #""Installed"=dword:00000001"#, #""Comments"="Fix & more""#, "",
      "[\(key)\\Q999999]", #""Installed"=dword:00000000"#, "",
      "[\(key)\\Q147222\\File 1]", #""Installed"=dword:00000001"#, "",
      "[\(key)\\Notes]", "",
      "[\(key)\\Q154087]", #""Installed"=dword:00000001"#, "", "",
    ].joined(separator: "\r\n")
    try Data(export.utf8).write(to: work.appendingPathComponent("hotfix.reg"))

    let run = try prefix.collect(["ws.xml", "/hotfixes:hotfix.reg"], in: work)
    let output = work.appendingPathComponent("ws.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    #expect(run.all.contains(#"Hotfix\Notes is not a hotfix number"#), "\(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no ws.xml: \(run.all)")
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["edition"] == "workstation")
    #expect(host.attributes["service-pack"] == "sp3")
    #expect(host.children(named: "hotfix").compactMap { $0.attributes["id"] } == ["Q147222", "Q154087"])
  }

  /// What the collector cannot judge it refuses, with a message, exit status 1 and no
  /// output file: not NT 4.0, not an NT 4.0 platform, no output folder. Usage: /?.
  @Test func refusesWhatItCannotJudge() throws {
    let prefix = try CollectorWine.prefix()
    let work = try prefix.workFolder("refuse")
    defer { try? prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", hotfixes: nil)) }

    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 4", currentVersion: "5.0", hotfixes: nil))
    var run = try prefix.collect(["w2k.xml"], in: work)
    #expect(run.status == 1, "\(run.all)")
    #expect(run.all.contains("not 4.0"), "\(run.all)")
    #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("w2k.xml").path))

    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 4", architecture: nil, hotfixes: nil))
    run = try prefix.collect(["amd64.xml"], in: work)
    #expect(run.status == 1, "\(run.all)")
    #expect(run.all.contains("AMD64"), "\(run.all)")
    #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("amd64.xml").path))

    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 4", hotfixes: nil))
    run = try prefix.collect([#"no such folder\out.xml"#], in: work)
    #expect(run.status == 1, "\(run.all)")
    #expect(run.all.contains("does not exist"), "\(run.all)")

    run = try prefix.collect(["/?"], in: work)
    #expect(run.status == 0, "\(run.all)")
    #expect(run.stdout.contains("usage:"), "\(run.all)")

    run = try prefix.collect(["/bogus"], in: work)
    #expect(run.status == 2, "\(run.all)")

    #expect(CollectorWine.leftovers(in: work).isEmpty)
  }
}

// MARK: - Support

enum CollectorWine {
  /// `wine` on PATH, or nil.
  static let wine: String? = onPath("wine")

  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let collector = repositoryRoot.appendingPathComponent("collect/hotfix-inventory.vbs")

  static func onPath(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let candidate = String(directory) + "/" + name
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  // MARK: The shared prefix

  private static let shared = Result { try WinePrefix() }

  static func prefix() throws -> WinePrefix {
    try CollectorTools.require(programs: CollectorTools.winePrograms)
    return try shared.get()
  }

  /// The registry values of one NT 4.0 host.
  struct NTHost {
    var productType: String
    var productSuite: [String] = []
    var csdVersion: String
    var currentVersion = "4.0"
    var architecture: String? = "x86"
    /// CurrentBuildNumber when not the one of `currentVersion`.
    var buildNumber: String? = nil
    /// Hotfix subkeys with their Installed value; nil: no Hotfix key at all.
    var hotfixes: [(String, Int)]?
  }

  final class WinePrefix: Sendable {
    let folder: URL
    let path: String
    let environment: [String: String]
    let computerName: String
    var driveC: URL { URL(fileURLWithPath: path).appendingPathComponent("drive_c") }

    init() throws {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hotfix-check-wine-\(UUID().uuidString)")
      let path = folder.appendingPathComponent("prefix").path
      self.folder = folder
      self.path = path
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      cleanupFolder.withLock { $0 = folder.path }
      // Ended and removed when the test process exits.
      atexit {
        guard let folder = cleanupFolder.withLock({ $0 }) else { return }
        // winedevice.exe outlives `wineserver -k` here, which then waits 10 s: the
        // prefix's processes, known by its unique path, are ended instead, and the
        // server's socket folder (/tmp/.wine-UID/server-DEV-INODE) removed.
        let prefix = folder + "/prefix"
        var info = stat()
        let socketFolder =
          stat(prefix, &info) == 0
          ? "/tmp/.wine-\(getuid())/server-\(String(UInt64(info.st_dev), radix: 16))-\(String(UInt64(info.st_ino), radix: 16))"
          : nil
        CollectorWine.killProcesses(inPrefix: prefix)
        usleep(200_000)
        if let socketFolder { try? FileManager.default.removeItem(atPath: socketFolder) }
        try? FileManager.default.removeItem(atPath: folder)
      }

      var environment = ProcessInfo.processInfo.environment
      environment["WINEPREFIX"] = path
      environment["WINEDEBUG"] = "-all"
      // No Mono or Gecko install prompts, no desktop menu entries.
      environment["WINEDLLOVERRIDES"] = "mscoree,mshtml=;winemenubuilder.exe=d;ntoskrnl.exe=b"
      environment["LC_ALL"] = "C.UTF-8"  // Wine maps file names through the locale's charset
      environment["DISPLAY"] = nil
      environment["WAYLAND_DISPLAY"] = nil
      self.environment = environment

      // wineboot -i makes the prefix; its server writes the registry files when it
      // exits (wineserver -w waits for that). Then one server is kept running for
      // the whole suite: one started on demand lingers only 3 s, and each `wine` call
      // after it would pay 2-3 s to start it and its services again.
      let boot = try CollectorWine.run("wineboot", ["-i"], environment: environment, timeout: 300)
      _ = try CollectorWine.run("wineserver", ["-w"], environment: environment, timeout: 120)
      guard FileManager.default.fileExists(atPath: path + "/system.reg") else {
        throw WineError("wineboot -i made no prefix (status \(boot.status)): \(boot.all)")
      }
      _ = try CollectorWine.run("wineserver", ["-p"], environment: environment, timeout: 60)

      let name = try CollectorWine.run("wine", ["cmd", "/c", "echo %COMPUTERNAME%"], environment: environment, timeout: 60)
      let computerName = name.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !computerName.isEmpty, !computerName.contains("%") else {
        throw WineError("cannot read Wine's computer name: \(name.all)")
      }
      self.computerName = computerName
      try PEBuilder.write(version: "4.0.1381.7140", to: driveC.appendingPathComponent("windows/system32/ntoskrnl.exe"))
    }

    /// `wine arguments...`, tried again (up to three times) when Wine itself could not
    /// start the program, which happens now and then on a loaded machine.
    func wine(_ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 120) throws -> CollectorWine.Output {
      var attempt = 1
      while true {
        let result = try CollectorWine.run("wine", arguments, environment: environment, directory: directory, timeout: timeout)
        let startFailed = result.status != 0 && result.all.contains("could not be started")
        if !startFailed || attempt == 3 { return result }
        FileHandle.standardError.write(
          Data("CollectorWineTests: wine \(arguments.prefix(2).joined(separator: " ")) did not start, again\n".utf8))
        attempt += 1
        usleep(500_000)
      }
    }

    func reg(_ arguments: [String], mayFail: Bool = false) throws {
      let result = try wine(["reg"] + arguments)
      if result.status != 0 && !mayFail {
        throw WineError("wine reg \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.all)")
      }
    }

    /// Sets the registry values that the collector reads.
    func configure(_ host: NTHost) throws {
      let options = #"HKLM\SYSTEM\CurrentControlSet\Control\ProductOptions"#
      let current = #"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"#
      let hotfix = current + #"\Hotfix"#
      try reg(["add", options, "/v", "ProductType", "/t", "REG_SZ", "/d", host.productType, "/f"])
      if host.productSuite.isEmpty {
        try reg(["delete", options, "/v", "ProductSuite", "/f"], mayFail: true)
      } else {
        try reg(["add", options, "/v", "ProductSuite", "/t", "REG_MULTI_SZ", "/d", host.productSuite.joined(separator: #"\0"#), "/f"])
      }
      try reg(["add", current, "/v", "CurrentVersion", "/t", "REG_SZ", "/d", host.currentVersion, "/f"])
      try reg(["add", current, "/v", "CurrentBuildNumber", "/t", "REG_SZ", "/d", host.currentVersion == "4.0" ? "1381" : "2195", "/f"])
      try reg(["add", current, "/v", "CSDVersion", "/t", "REG_SZ", "/d", host.csdVersion, "/f"])
      try reg(["delete", hotfix, "/f"], mayFail: true)
      for (id, installed) in host.hotfixes ?? [] {
        try reg(["add", hotfix + #"\"# + id, "/v", "Installed", "/t", "REG_DWORD", "/d", String(installed), "/f"])
        try reg(["add", hotfix + #"\"# + id, "/v", "Comments", "/t", "REG_SZ", "/d", "Hotfix \(id) <test> & \"quotes\"", "/f"])
      }
      // The machine's processor; the user's environment says AMD64 (64-bit Wine), which
      // the collector must not take.
      let environmentKey = #"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment"#
      try reg(["add", environmentKey, "/v", "PROCESSOR_ARCHITECTURE", "/t", "REG_SZ", "/d", host.architecture ?? "AMD64", "/f"])
      try reg(["add", #"HKCU\Environment"#, "/v", "PROCESSOR_ARCHITECTURE", "/t", "REG_SZ", "/d", "AMD64", "/f"])
      let windows = #"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion"#
      try reg(["add", windows, "/v", "ProgramFilesDir", "/t", "REG_SZ", "/d", #"C:\Program Files"#, "/f"])
      try reg(["add", windows, "/v", "CommonFilesDir", "/t", "REG_SZ", "/d", #"C:\Program Files\Common Files"#, "/f"])
      if let build = host.buildNumber {
        try reg(["add", current, "/v", "CurrentBuildNumber", "/t", "REG_SZ", "/d", build, "/f"])
      }
    }

    /// Sets a file under C:\windows to noon of a day (local time, as Wine shows it).
    func setSystemFileDate(_ relative: String, _ day: String) throws {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone.current
      formatter.dateFormat = "yyyy-MM-dd HH:mm"
      let date = try #require(formatter.date(from: day + " 12:00"))
      try FileManager.default.setAttributes(
        [.modificationDate: date], ofItemAtPath: driveC.appendingPathComponent("windows/" + relative).path)
    }

    /// A new empty folder for one test's output.
    func workFolder(_ name: String) throws -> URL {
      let url = folder.appendingPathComponent("work-" + name)
      try? FileManager.default.removeItem(at: url)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      return url
    }

    /// `wine cscript //nologo <collector> arguments...`, run in `directory` (seen by
    /// Wine as a Z: path, so relative output names land there).
    func collect(_ arguments: [String], in directory: URL) throws -> CollectorWine.Output {
      let script = "Z:" + CollectorWine.collector.path.replacingOccurrences(of: "/", with: #"\"#)
      return try wine(["cscript", "//nologo", script] + arguments, in: directory, timeout: 300)
    }

    /// What the collector must list, by Windows path, with size and local date: every regular
    /// file under C:\windows but in the places it skips (its Profiles, Temp, spool, LogFiles
    /// and config folders), the files of C:\ itself, and every file under C:\Program Files.
    func systemFiles() -> [String: (size: Int, date: String)] {
      var result: [String: (size: Int, date: String)] = [:]
      let skipped = Self.skippedFolders.map { "windows/" + $0.lowercased().replacingOccurrences(of: #"\"#, with: "/") }
      func add(_ relative: String) {
        let full = driveC.path + "/" + relative
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
          attributes[.type] as? FileAttributeType == .typeRegular,
          let size = attributes[.size] as? Int,
          let modified = attributes[.modificationDate] as? Date
        else { return }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        result[#"C:\"# + relative.replacingOccurrences(of: "/", with: #"\"#)] = (size, formatter.string(from: modified))
      }
      for top in ["windows", "Program Files"] {
        guard let walker = FileManager.default.enumerator(atPath: driveC.appendingPathComponent(top).path) else { continue }
        while let inner = walker.nextObject() as? String {
          let relative = top + "/" + inner
          if skipped.contains(where: { relative.lowercased() == $0 || relative.lowercased().hasPrefix($0 + "/") }) { continue }
          add(relative)
        }
      }
      for name in (try? FileManager.default.contentsOfDirectory(atPath: driveC.path)) ?? [] { add(name) }
      return result
    }

    /// The folders below %SystemRoot% the collector leaves out, read from its SKIPPED_FOLDERS.
    static var skippedFolders: [String] {
      let script = (try? String(contentsOf: CollectorWine.collector, encoding: .utf8)) ?? ""
      guard let line = script.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Const SKIPPED_FOLDERS = ") }),
        let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close
      else { return [] }
      return line[line.index(after: open)..<close].split(separator: "|").map(String.init)
    }
  }

  struct WineError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  // MARK: Processes

  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
    var all: String { stdout + (stderr.isEmpty ? "" : "\n[stderr]\n" + stderr) }
  }

  /// Runs a program found on PATH (or by absolute path), its output captured in files; with
  /// `signal`, sends it that signal once its standard error shows the text (mid-run).
  ///
  /// posix_spawn, not Foundation's Process: Process learns that a child ended from a
  /// descriptor the child inherits, and wineserver, which wine starts on demand,
  /// keeps it open while it lingers, so every `wine` call would seem to last as long
  /// as the server (and `wineserver -p` forever). Here the child gets only standard
  /// input, output and error, and waitpid says when it ends.
  static func run(
    _ program: String, _ arguments: [String], environment: [String: String]? = nil,
    directory: URL? = nil, timeout: TimeInterval, signal: (after: String, number: Int32)? = nil
  ) throws -> Output {
    guard let executable = program.hasPrefix("/") ? program : onPath(program) else {
      throw WineError("\(program) is not on PATH")
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hotfix-check-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outPath = scratch.appendingPathComponent("out").path
    let errPath = scratch.appendingPathComponent("err").path

    // The working folder is set by a shell that then execs the program.
    var argv = [executable] + arguments
    if let directory {
      argv = ["/bin/sh", "-c", #"cd "$0" && exec "$@""#, directory.path] + argv
    }
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    closeInheritedDescriptors(&actions)

    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = env.map { strdup($0) } + [nil]
    defer {
      cArguments.forEach { free($0) }
      cEnvironment.forEach { free($0) }
    }
    // Signals as a shell gives them: none blocked, none ignored (the test runner's threads
    // block some, and the child would inherit the mask and never see SIGINT or SIGTERM).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    var all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid = pid_t()
    let started = Date()
    let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
    guard spawned == 0 else { throw WineError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
    defer {
      let seconds = Date().timeIntervalSince(started)
      if seconds > 5 {
        FileHandle.standardError.write(
          Data("CollectorWineTests: \(program) \(arguments.prefix(3).joined(separator: " ")) took \(Int(seconds)) s\n".utf8))
      }
    }

    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(timeout)
    var signalled = signal == nil
    while true {
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid { break }
      if !signalled, let signal, let shown = FileManager.default.contents(atPath: errPath),
        String(decoding: shown, as: UTF8.self).contains(signal.after)
      {
        kill(pid, signal.number)
        signalled = true
      }
      if result < 0 && errno != EINTR { throw WineError("waitpid for \(program): \(String(cString: strerror(errno)))") }
      if Date() > deadline {
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        throw WineError("\(program) \(arguments.joined(separator: " ")) took more than \(Int(timeout)) s")
      }
      usleep(10_000)
    }
    // Exit status, or 128 + the signal that ended it.
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let text = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
    return Output(status: exitStatus, stdout: text(outPath), stderr: text(errPath))
  }

  /// Closes every descriptor above 2 in the child: glibc's
  /// posix_spawn_file_actions_addclosefrom_np (2.34 and later, not in Swift's Glibc
  /// module), else each descriptor that is open without close-on-exec now.
  private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
      let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
      if closeFrom(&actions, 3) == 0 { return }
    }
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for name in open {
      guard let fd = Int32(name), fd > 2 else { continue }
      let flags = fcntl(fd, F_GETFD)
      if flags >= 0 && flags & FD_CLOEXEC == 0 { posix_spawn_file_actions_addclose(&actions, fd) }
    }
  }

  /// SIGKILL to every process whose environment names this prefix (a fresh temporary
  /// folder: only this test's Wine processes).
  static func killProcesses(inPrefix prefix: String) {
    let marker = Data(("WINEPREFIX=" + prefix + "\0").utf8)
    let own = getpid()
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
      guard let pid = Int32(entry), pid != own,
        let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
        environment.range(of: marker) != nil
      else { continue }
      kill(pid, SIGKILL)
    }
  }

  /// Temporary files the collector might have left in a folder.
  static func leftovers(in folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tmp") }
  }

  // MARK: XML

  /// xmllint --noout --schema schemas/inventory.xsd
  static func expectValid(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let schema = repositoryRoot.appendingPathComponent("schemas/inventory.xsd").path
    let result = try run("xmllint", ["--noout", "--nonet", "--schema", schema, path], timeout: 120)
    #expect(result.status == 0, "xmllint: \(result.all)", sourceLocation: sourceLocation)
  }

  /// The file re-encoded as UTF-8 by xmllint, for looking at the escaping as text.
  static func utf8Text(of path: String) throws -> String {
    let result = try run("xmllint", ["--nonet", "--encode", "UTF-8", path], timeout: 120)
    guard result.status == 0 else { throw WineError("xmllint --encode: \(result.all)") }
    return result.stdout
  }

  struct Element {
    var name: String
    var attributes: [String: String]
    var children: [Element]
    func children(named name: String) -> [Element] { children.filter { $0.name == name } }
  }

  /// The document's root element, read with libxml2's tree parser (no network, no entities).
  static func document(_ path: String) throws -> Element {
    guard let document = xmlReadFile(path, nil, Int32(XML_PARSE_NONET.rawValue)) else {
      throw WineError("\(path) is not well-formed XML")
    }
    defer { xmlFreeDoc(document) }
    guard let root = xmlDocGetRootElement(document) else { throw WineError("\(path) has no root element") }
    return element(root)
  }

  private static func element(_ node: xmlNodePtr) -> Element {
    var attributes: [String: String] = [:]
    var attribute = node.pointee.properties
    while let current = attribute {
      // An attribute's value is the text of its children (no DTD, so no entity nodes).
      var value = ""
      var text = current.pointee.children
      while let piece = text {
        if let content = piece.pointee.content { value += String(cString: content) }
        text = piece.pointee.next
      }
      attributes[String(cString: current.pointee.name)] = value
      attribute = current.pointee.next
    }
    var children: [Element] = []
    var child = node.pointee.children
    while let current = child {
      if current.pointee.type == XML_ELEMENT_NODE { children.append(element(current)) }
      child = current.pointee.next
    }
    return Element(name: String(cString: node.pointee.name), attributes: attributes, children: children)
  }

  /// The one <host> of a collected inventory.
  static func host(in path: String) throws -> Element {
    let root = try document(path)
    guard root.name == "inventory" else { throw WineError("root is <\(root.name)>, not <inventory>") }
    let hosts = root.children(named: "host")
    guard hosts.count == 1 else { throw WineError("\(hosts.count) hosts in \(path)") }
    return hosts[0]
  }

  // MARK: hotfix-check

  /// The hotfix-check binary built beside this test bundle.
  static func hotfixCheckBinary() throws -> String {
    var candidates: [URL] = []
    if let given = ProcessInfo.processInfo.environment["HOTFIX_CHECK_BINARY"] { return given }
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
    candidates.append(Bundle.main.bundleURL)
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    candidates.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
    for directory in candidates {
      var url = directory
      for _ in 0..<4 {
        let binary = url.appendingPathComponent("hotfix-check").path
        if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        url = url.deletingLastPathComponent()
      }
    }
    throw WineError("hotfix-check is not built beside the tests (looked from \(candidates.map(\.path)))")
  }

  static func hotfixCheck(_ arguments: [String]) throws -> Output {
    try run(try hotfixCheckBinary(), seedOnly(arguments), timeout: 300)
  }

  /// `hotfix-check check` reads the inventory: the host is in the XML report with the
  /// collected facts, the seed rule Q256149 (bundled kb/) has the expected verdict,
  /// and the exit status follows.
  static func expectReport(
    of inventory: String, host name: String, edition: String, servicePack: String,
    seedVerdict: String, exitStatus: Int32, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let reportPath = inventory + ".report.xml"
    defer { try? FileManager.default.removeItem(atPath: reportPath) }
    let result = try hotfixCheck(["check", inventory, "--format", "xml", "--include-not-applicable", "--output", reportPath])
    #expect(result.status == 0 || result.status == 1, "hotfix-check check: \(result.all)", sourceLocation: sourceLocation)
    let report = try document(reportPath)
    let hosts = report.children(named: "host")
    try #require(hosts.count == 1, "report has \(hosts.count) hosts", sourceLocation: sourceLocation)
    let host = hosts[0]
    #expect(host.attributes["name"] == name, sourceLocation: sourceLocation)
    #expect(host.attributes["edition"] == edition, sourceLocation: sourceLocation)
    #expect(host.attributes["service-pack"] == servicePack, sourceLocation: sourceLocation)
    #expect(host.attributes["platform"] == "intel", sourceLocation: sourceLocation)
    #expect(host.attributes["verdict"] != "error", "hotfix-check could not read it: \(result.all)", sourceLocation: sourceLocation)
    let seed = try #require(
      host.children(named: "rule").first(where: { $0.attributes["id"] == "Q256149" }),
      "no rule Q256149 in the report: \(result.all)", sourceLocation: sourceLocation)
    #expect(seed.attributes["verdict"] == seedVerdict, "Q256149", sourceLocation: sourceLocation)
    #expect(result.status == exitStatus, "exit status of hotfix-check check", sourceLocation: sourceLocation)
  }
}

/// Where the shared prefix lives, for the exit-time cleanup.
private let cleanupFolder = CollectorWineLocked<String?>(nil)

final class CollectorWineLocked<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<T>(_ body: (inout Value) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
