import Foundation
import Testing

/// An NT 4.0 host made on disk for the Linux collectors: a system drive's tree with PE files
/// that carry version resources (built with mingw's windres and ld), file dates and sizes,
/// decoys in the places a collector must leave alone, and the registry facts to plant
/// (as hive files for the offline collector, with `net registry` for Samba).
struct PlantedHost {
  var name: String
  var productType = "ServerNT"
  var productSuite: [String] = []
  /// CurrentVersion\CSDVersion; nil leaves it out (Samba cannot hold it: the DWORD then says).
  var csdVersion: String?
  /// Control\Windows\CSDVersion, 0x600 for SP6.
  var csdNumber: Int?
  var hotfixes: [(id: String, installed: Int)] = []
  var architecture = "x86"
  var buildNumber: String? = "1381"
  /// As the registry's SystemRoot gives it; its last part is the folder under the drive.
  var systemRoot = #"C:\WINNT"#
  /// Minutes, UTC = local + bias (ActiveTimeBias): -120 is two hours east of Greenwich.
  var timeBias = 0
  var programFiles = #"C:\Program Files"#
  var kernelVersion = "4.0.1381.7140"
  /// Files below the system root (`system32\rpcss.exe`), with version and the host's local date.
  var systemFiles: [(path: String, version: String?, date: String)] = []

  /// The facts the inventory must hold afterwards.
  var edition: String
  var servicePack: String

  /// Path (as the collector writes it) → version, date, size: what the inventory must list.
  typealias Listing = [String: (version: String?, date: String, size: Int)]

  /// Builds the tree under `drive` (the C: drive's root) and returns what it must list.
  func build(at drive: URL) throws -> Listing {
    var listing: Listing = [:]
    let windows = drive.appendingPathComponent(systemRoot.split(separator: "\\").last.map(String.init) ?? "WINNT")
    func plant(_ url: URL, windowsPath: String?, version: String?, date: String, bytes: Data? = nil) throws {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      if let version {
        try PEBuilder.write(version: version, to: url)
      } else {
        try (bytes ?? Data("planted \(url.lastPathComponent)\r\n".utf8)).write(to: url)
      }
      try setLocalDate(url, date)
      let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? -1
      if let windowsPath { listing[windowsPath] = (version, date, size) }
    }
    let live = systemFiles + [(path: #"system32\ntoskrnl.exe"#, version: kernelVersion, date: "2000-10-05")]
    for file in live {
      try plant(
        windows.appendingPathComponent(file.path.replacingOccurrences(of: "\\", with: "/")),
        windowsPath: systemRoot + "\\" + file.path, version: file.version, date: file.date)
    }
    // The boot drive's root files, listed; its folders are not (but Program Files is).
    for name in ["ntldr", "NTDETECT.COM", "boot.ini"] {
      try plant(drive.appendingPathComponent(name), windowsPath: #"C:\"# + name, version: nil, date: "1999-10-14")
    }
    try plant(
      drive.appendingPathComponent("Program Files/Common Files/System/msado15.dll"),
      windowsPath: programFiles + #"\Common Files\System\msado15.dll"#, version: "2.50.4403.12", date: "2000-08-08")
    // Decoys: an old rpcss.exe on a user's desktop, a document in Temp, a queued print job, a
    // hive, a folder outside the listed places.
    try plant(
      windows.appendingPathComponent("Profiles/Administrator/Desktop/rpcss.exe"), windowsPath: nil, version: "4.0.1381.4",
      date: "1996-07-01")
    try plant(
      windows.appendingPathComponent("Profiles/Administrator/Personal/salaries 2001.doc"), windowsPath: nil, version: nil,
      date: "2001-01-01")
    try plant(windows.appendingPathComponent("Temp/~budget.tmp"), windowsPath: nil, version: nil, date: "2001-01-01")
    try plant(windows.appendingPathComponent("system32/spool/PRINTERS/00012.SPL"), windowsPath: nil, version: nil, date: "2001-01-01")
    try plant(windows.appendingPathComponent("system32/config/SAM"), windowsPath: nil, version: nil, date: "2001-01-01")
    try plant(drive.appendingPathComponent("Data/old/rpcss.exe"), windowsPath: nil, version: "4.0.1381.4", date: "1996-07-01")
    return listing
  }

  /// Noon-and-a-half past midnight of `day` on the host's clock, as a UTC modification time:
  /// a collector that forgot the host's time zone writes another day when the bias is not 0.
  private func setLocalDate(_ url: URL, _ day: String) throws {
    let formatter = ISO8601DateFormatter()
    let midnightUTC = try #require(formatter.date(from: day + "T00:00:00Z"))
    let modified = midnightUTC.addingTimeInterval(Double(30 * 60 + timeBias * 60))
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
  }

  /// The registry facts as values under HKLM: (key, name, type, value).
  var registryValues: [(key: String, name: String, type: String, value: String)] {
    let control = #"SYSTEM\CurrentControlSet\Control"#
    let current = #"SOFTWARE\Microsoft\Windows NT\CurrentVersion"#
    var values: [(String, String, String, String)] = [
      (control + #"\ProductOptions"#, "ProductType", "sz", productType),
      (control + #"\Session Manager\Environment"#, "PROCESSOR_ARCHITECTURE", "sz", architecture),
      (control + #"\ComputerName\ComputerName"#, "ComputerName", "sz", name),
      (control + #"\TimeZoneInformation"#, "ActiveTimeBias", "dword", String(UInt32(bitPattern: Int32(timeBias)))),
      (#"SOFTWARE\Microsoft\Windows\CurrentVersion"#, "ProgramFilesDir", "sz", programFiles),
      (#"SOFTWARE\Microsoft\Windows\CurrentVersion"#, "CommonFilesDir", "sz", programFiles + #"\Common Files"#),
      (current, "SystemRoot", "sz", systemRoot),
      (current, "CurrentVersion", "sz", "4.0"),
    ]
    if !productSuite.isEmpty {
      values.append((control + #"\ProductOptions"#, "ProductSuite", "multi_sz", productSuite.joined(separator: "\n")))
    }
    if let csdVersion { values.append((current, "CSDVersion", "sz", csdVersion)) }
    if let csdNumber { values.append((control + #"\Windows"#, "CSDVersion", "dword", String(csdNumber))) }
    if let buildNumber { values.append((current, "CurrentBuildNumber", "sz", buildNumber)) }
    for hotfix in hotfixes {
      values.append((current + #"\Hotfix\"# + hotfix.id, "Installed", "dword", String(hotfix.installed)))
    }
    return values
  }

  /// The installed hotfixes, in the order planted.
  var installedHotfixes: [String] { hotfixes.filter { $0.installed != 0 }.map(\.id) }

  /// Writes SYSTEM and SOFTWARE hives of `registryValues` into the tree's system32\config.
  func writeHives(at drive: URL) throws {
    let config = drive.appendingPathComponent(systemRoot.split(separator: "\\").last.map(String.init) ?? "WINNT")
      .appendingPathComponent("system32/config")
    try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    for hive in ["SYSTEM", "SOFTWARE"] {
      var spec: [String: [String: [Any]]] = [:]
      if hive == "SYSTEM" { spec["Select"] = ["Current": ["dword", 1]] }
      for value in registryValues where value.key.hasPrefix(hive + "\\") {
        var key = String(value.key.dropFirst(hive.count + 1))
        key = key.replacingOccurrences(of: "CurrentControlSet", with: "ControlSet001")
        let typed: Any
        switch value.type {
        case "dword": typed = Int(value.value) ?? 0
        case "multi_sz": typed = value.value.split(separator: "\n").map(String.init)
        default: typed = value.value
        }
        spec[key, default: [:]][value.name] = [value.type, typed]
      }
      let json = try JSONSerialization.data(withJSONObject: spec)
      let input = FileManager.default.temporaryDirectory.appendingPathComponent("hive-\(UUID().uuidString).json")
      try json.write(to: input)
      defer { try? FileManager.default.removeItem(at: input) }
      let result = try CollectorWine.run(
        "/bin/sh",
        [
          "-c", #""$0" "$1" "$2" < "$3""#, CollectorTools.python, PEBuilder.fixtures.appendingPathComponent("make-hive.py").path,
          config.appendingPathComponent(hive).path, input.path,
        ], timeout: 60)
      guard result.status == 0 else { throw CollectorWine.WineError("make-hive.py \(hive): \(result.all)") }
    }
  }
}

/// PE files with a chosen version resource: `windres` turns a VERSIONINFO script into an
/// object, `ld` links it into a resource-only image (what pefile and GetFileVersion read).
enum PEBuilder {
  static let fixtures = repositoryRoot.appendingPathComponent("Tests/HotfixCheckTests/Fixtures/collect")

  static func write(version: String, to url: URL) throws {
    let parts = version.split(separator: ".").map(String.init) + Array(repeating: "0", count: 4)
    let commas = parts.prefix(4).joined(separator: ",")
    let script = """
      1 VERSIONINFO
      FILEVERSION \(commas)
      PRODUCTVERSION \(commas)
      BEGIN
        BLOCK "StringFileInfo"
        BEGIN
          BLOCK "040904B0"
          BEGIN
            VALUE "FileVersion", "\(version)\\0"
          END
        END
        BLOCK "VarFileInfo"
        BEGIN
          VALUE "Translation", 0x409, 1200
        END
      END

      """
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("pe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    try Data(script.utf8).write(to: work.appendingPathComponent("v.rc"))
    let object = work.appendingPathComponent("v.o").path
    let windres = try CollectorWine.run(
      "i686-w64-mingw32-windres", ["--preprocessor=cat", work.appendingPathComponent("v.rc").path, "-O", "coff", "-o", object], timeout: 60)
    guard windres.status == 0 else { throw CollectorWine.WineError("windres: \(windres.all)") }
    let ld = try CollectorWine.run("i686-w64-mingw32-ld", ["--dll", "-e", "0", "-o", url.path, object], timeout: 60)
    guard ld.status == 0 else { throw CollectorWine.WineError("ld: \(ld.all)") }
  }
}

/// What the Linux collectors' inventories are checked against.
enum CollectedInventory {
  /// The inventory is valid, holds exactly the planted host: its facts, hotfixes and files
  /// (nothing from the decoys), and says when and by what it was collected.
  static func expectMatches(
    _ path: String, _ planted: PlantedHost, _ listing: PlantedHost.Listing, collector: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try CollectorWine.expectValid(path, sourceLocation: sourceLocation)
    let host = try CollectorWine.host(in: path)
    #expect(host.attributes["name"] == planted.name, sourceLocation: sourceLocation)
    #expect(host.attributes["edition"] == planted.edition, sourceLocation: sourceLocation)
    #expect(host.attributes["service-pack"] == planted.servicePack, sourceLocation: sourceLocation)
    #expect(host.attributes["platform"] == "intel", sourceLocation: sourceLocation)
    #expect(host.attributes["hotfixes"] == nil, sourceLocation: sourceLocation)
    #expect(host.attributes["collector"]?.hasPrefix(collector + " ") == true, sourceLocation: sourceLocation)
    let collected = try #require(host.attributes["collected"], sourceLocation: sourceLocation)
    let when = try #require(ISO8601DateFormatter().date(from: collected), "collected=\(collected)", sourceLocation: sourceLocation)
    #expect(abs(when.timeIntervalSinceNow) < 600, sourceLocation: sourceLocation)
    // By number, whatever order the registry lists them in.
    #expect(
      host.children(named: "hotfix").compactMap { $0.attributes["id"] } == planted.installedHotfixes.sorted(),
      sourceLocation: sourceLocation)

    var found: PlantedHost.Listing = [:]
    for file in host.children(named: "file") {
      let path = file.attributes["path"] ?? ""
      found[path] = (file.attributes["version"], file.attributes["date"] ?? "", Int(file.attributes["size"] ?? "") ?? -1)
    }
    let missing = Set(listing.keys).subtracting(found.keys).sorted()
    let extra = Set(found.keys).subtracting(listing.keys).sorted()
    #expect(missing.isEmpty, "planted, not listed: \(missing)", sourceLocation: sourceLocation)
    #expect(extra.isEmpty, "listed, not planted (or a decoy): \(extra)", sourceLocation: sourceLocation)
    for (path, expected) in listing {
      guard let got = found[path] else { continue }
      #expect(
        got.version == expected.version && got.date == expected.date && got.size == expected.size,
        "\(path): listed \(got), planted \(expected)", sourceLocation: sourceLocation)
    }
  }
}
