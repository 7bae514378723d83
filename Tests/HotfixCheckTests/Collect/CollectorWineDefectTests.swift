import Foundation
import Testing

/// The VBScript collector's defects of issue 15, each run under Wine as an administrator would
/// meet it (the suite's prefix and helpers are in CollectorWineTests.swift).
extension CollectorWineTests {
  /// Users' profiles, Temp and queued print jobs are not walked (an old rpcss.exe on a desktop
  /// must not decide the verdict, document names must not reach the share); the boot drive's
  /// root files and the Program Files folders are listed; the processor is the machine's
  /// (Session Manager\Environment says x86), not the user's environment (AMD64).
  @Test func listsTheRightPlaces() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", hotfixes: [("Q246009", 1)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "2000-06-01")
    let drive = prefix.driveC
    let planted = [
      "windows/Profiles/Administrator/Desktop/rpcss.exe", "windows/Profiles/Administrator/Personal/salaries 2001.doc",
      "windows/temp/~budget.tmp", "windows/system32/spool/PRINTERS/00012.SPL",
      "ntldr", "NTDETECT.COM", "boot.ini",
    ]
    for relative in planted {
      let url = drive.appendingPathComponent(relative)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      if url.lastPathComponent == "rpcss.exe" {
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.copyItem(at: drive.appendingPathComponent("windows/system32/rpcss.exe"), to: url)
        try prefix.setSystemFileDate("Profiles/Administrator/Desktop/rpcss.exe", "1996-07-01")
      } else {
        try Data("planted\r\n".utf8).write(to: url)
      }
    }
    let dll = drive.appendingPathComponent("Program Files/Common Files/System/planted.dll")
    try FileManager.default.createDirectory(at: dll.deletingLastPathComponent(), withIntermediateDirectories: true)
    try PEBuilder.write(version: "2.50.4403.12", to: dll)
    defer {
      for relative in planted { try? FileManager.default.removeItem(at: drive.appendingPathComponent(relative)) }
      try? FileManager.default.removeItem(at: drive.appendingPathComponent("windows/Profiles"))
      try? FileManager.default.removeItem(at: dll)
    }

    let work = try prefix.workFolder("places")
    let run = try prefix.collect(["places.xml"], in: work)
    let output = work.appendingPathComponent("places.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    try #require(FileManager.default.fileExists(atPath: output), "no places.xml: \(run.all)")
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["platform"] == "intel", "the user's AMD64 was taken")
    let paths = host.children(named: "file").compactMap { $0.attributes["path"] }
    let lowered = paths.map { $0.lowercased() }
    #expect(
      !lowered.contains { $0.contains(#"\profiles\"#) || $0.contains(#"\temp\"#) || $0.contains(#"\printers\"#) },
      "private places listed: \(lowered.filter { $0.contains("profiles") || $0.contains("temp") || $0.contains("printers") })")
    for name in [#"C:\ntldr"#, #"C:\NTDETECT.COM"#, #"C:\boot.ini"#] {
      #expect(paths.contains(name), "\(name) is not listed")
    }
    let plantedDLL = host.children(named: "file").first { $0.attributes["path"] == #"C:\Program Files\Common Files\System\planted.dll"# }
    #expect(plantedDLL?.attributes["version"] == "2.50.4403.12", "Program Files not listed with versions")
    #expect(host.children(named: "file").count == prefix.systemFiles().count)
    // The desktop's rpcss.exe of 1996 would have made it fix-needed.
    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "server", servicePack: "sp6a", seedVerdict: "up-to-date", exitStatus: 0)
  }

  /// A runtime whose GetFileVersion gives nothing (an older scripting runtime) would write an
  /// inventory without versions: the kernel's version is checked first, and the build number
  /// against 1381. Each case stops with a message, exit 1 and no file.
  @Test func refusesWithoutVersionsOrNT4() throws {
    let prefix = try CollectorWine.prefix()
    let kernel = prefix.driveC.appendingPathComponent("windows/system32/ntoskrnl.exe")
    defer { try? PEBuilder.write(version: "4.0.1381.7140", to: kernel) }
    let work = try prefix.workFolder("runtime")
    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", hotfixes: nil))

    try Data("MZ but no version resource".utf8).write(to: kernel)
    var run = try prefix.collect(["a.xml"], in: work)
    #expect(run.status == 1 && run.all.contains("GetFileVersion gives no version for"), "\(run.all)")

    try PEBuilder.write(version: "5.0.2195.1620", to: kernel)
    run = try prefix.collect(["b.xml"], in: work)
    #expect(run.status == 1 && run.all.contains("is version 5.0.2195.1620, not Windows NT 4.0"), "\(run.all)")

    try PEBuilder.write(version: "4.0.1381.7140", to: kernel)
    try prefix.configure(CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", buildNumber: "1380", hotfixes: nil))
    run = try prefix.collect(["c.xml"], in: work)
    #expect(run.status == 1 && run.all.contains("CurrentBuildNumber is 1380, not 1381"), "\(run.all)")
    let written = try FileManager.default.contentsOfDirectory(atPath: work.path)
    #expect(written.isEmpty, "\(written)")
  }

  /// regedit /e that never ends (a hidden message box) is ended after /regedit-timeout:; its
  /// export, which holds Winlogon's DefaultPassword when the whole CurrentVersion key is
  /// exported, is deleted; the hotfixes of the $NtUninstall folders are probed with RegRead,
  /// and the list is marked hotfixes="unknown" rather than passed off as complete: Q256149 is
  /// found, so the host is regressed (not fix-needed), and audit names the host.
  @Test func hangingRegeditIsEndedAndItsExportDeleted() throws {
    let prefix = try CollectorWine.prefix()
    try prefix.configure(
      CollectorWine.NTHost(productType: "ServerNT", csdVersion: "Service Pack 6", hotfixes: [("Q256149", 1), ("Q300000", 1)]))
    try prefix.setSystemFileDate("system32/rpcss.exe", "1999-10-14")
    let windows = prefix.driveC.appendingPathComponent("windows")
    let uninstall = windows.appendingPathComponent("$NtUninstallQ256149$")
    try FileManager.default.createDirectory(at: uninstall, withIntermediateDirectories: true)
    let regedit = windows.appendingPathComponent("regedit.exe")
    let saved = prefix.folder.appendingPathComponent("regedit.exe.saved")
    try? FileManager.default.removeItem(at: saved)
    try FileManager.default.copyItem(at: regedit, to: saved)
    defer {
      try? FileManager.default.removeItem(at: regedit)
      try? FileManager.default.copyItem(at: saved, to: regedit)
      try? FileManager.default.removeItem(at: uninstall)
    }
    try FileManager.default.removeItem(at: regedit)
    let build = try CollectorWine.run(
      "x86_64-w64-mingw32-gcc", ["-O2", "-o", regedit.path, PEBuilder.fixtures.appendingPathComponent("hanging-regedit.c").path],
      timeout: 120)
    try #require(build.status == 0, "cannot build the hanging regedit: \(build.all)")

    let users = prefix.driveC.appendingPathComponent("users")
    let before = Set(Self.files(under: users))
    let work = try prefix.workFolder("hang")
    let run = try prefix.collect(["hang.xml", "/regedit-timeout:3"], in: work)
    let output = work.appendingPathComponent("hang.xml").path
    #expect(run.status == 0, "collector failed: \(run.all)")
    #expect(run.all.contains("did not finish in 3 s"), "\(run.all)")
    let after = Self.files(under: users).filter { !before.contains($0) }
    #expect(after.isEmpty, "left behind: \(after)")
    let secrets = Self.files(under: users).filter { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("planted-secret") == true }
    #expect(secrets.isEmpty, "the export with DefaultPassword is still there: \(secrets)")

    try #require(FileManager.default.fileExists(atPath: output), "no hang.xml: \(run.all)")
    try CollectorWine.expectValid(output)
    let host = try CollectorWine.host(in: output)
    #expect(host.attributes["hotfixes"] == "unknown")
    #expect(host.children(named: "hotfix").compactMap { $0.attributes["id"] } == ["Q256149"])
    try CollectorWine.expectReport(
      of: output, host: prefix.computerName, edition: "server", servicePack: "sp6", seedVerdict: "regressed", exitStatus: 1)
    let audit = try CollectorWine.hotfixCheck(["audit", output])
    #expect(audit.stdout.contains("Hosts whose hotfix list could not be read"), "\(audit.all)")
  }

  /// Every regular file under a folder, by path.
  static func files(under folder: URL) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var result: [String] = []
    while let relative = walker.nextObject() as? String {
      let path = folder.path + "/" + relative
      if (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular { result.append(path) }
    }
    return result
  }
}
