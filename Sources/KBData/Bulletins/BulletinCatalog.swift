import Foundation

/// Which security catalog rules came from: the file as named, and the catalog's own data version and date.
public struct BulletinCatalogStamp: Sendable, Hashable, CustomStringConvertible {
  /// The file as named on the command line (or found in a named folder).
  public var path: String
  /// The root's `DataVersion`, `1.0.1.148`.
  public var dataVersion: String?
  /// The root's `LastDataUpdate`.
  public var date: FileDate?

  public init(path: String, dataVersion: String? = nil, date: FileDate? = nil) {
    self.path = path
    self.dataVersion = dataVersion
    self.date = date
  }

  /// `mssecure.xml (data version 1.0.1.148 of 2001-10-04)`.
  public var description: String {
    var about: [String] = []
    if let dataVersion { about.append("data version \(dataVersion)") }
    if let date { about.append("of \(date)") }
    return about.isEmpty ? path : "\(path) (\(about.joined(separator: " ")))"
  }
}

/// An HFNetChk/MBSA catalog (`mssecure.xml`) read into rules: every patch whose affected products
/// include Windows NT 4.0 (by the catalog's own `Products` table) gives a rule under its Q number,
/// with its bulletin, editions, service packs and file checks (`BulletinCatalog+Patch.swift`).
/// What it holds for other products is counted, not kept. The knowledge base merges the rules
/// with the articles' (`KnowledgeBase.merging`).
public struct BulletinCatalog: Sendable {
  public var stamp: BulletinCatalogStamp
  /// Bulletins and patches in the catalog, all products.
  public var bulletins: Int
  public var patches: Int
  /// Patches for NT 4.0 (Workstation, Server, Enterprise Edition or Terminal Server Edition).
  public var ntPatches: Int
  /// One rule per Q number of an NT 4.0 patch, as the catalog alone gives it, in id order. Some
  /// check no file and name no fixing service pack (HFNetChk checked their registry keys): they
  /// only add their bulletin to an article's rule.
  public var entries: [Rule]
  /// Patches for other products only, by each product they name (`Windows 2000 Server`, `Internet
  /// Information Server 4.0`): skipped.
  public var otherProducts: [String: Int]
  public var patchesNotForNT: Int
  /// NT 4.0 patches that give no Q number: no `SQNumber`, and a bulletin naming several (or none).
  public var withoutQNumber: [String]
  /// File checks left out: deletions, unsupported ones, and those with neither version nor date.
  public var fileChecksLeftOut: Int
  /// What the catalog holds that cannot be used, each with its line.
  public var warnings: [ParseWarning]

  /// The rules of `records`, a catalog named `path`.
  public init(records: BulletinCatalogRecords, path: String) {
    var assembly = Assembly(records: records, path: path)
    assembly.run()
    stamp = BulletinCatalogStamp(
      path: path, dataVersion: records.dataVersion,
      date: records.lastDataUpdate.flatMap { Self.date($0) })
    bulletins = records.bulletins.count
    patches = records.bulletins.reduce(0) { $0 + $1.patches.count }
    ntPatches = assembly.ntPatches
    entries = assembly.entries.values.sorted { $0.id < $1.id }
    otherProducts = assembly.otherProducts
    patchesNotForNT = assembly.patchesNotForNT
    withoutQNumber = assembly.withoutQNumber
    fileChecksLeftOut = assembly.fileChecksLeftOut
    warnings = assembly.warnings
  }

  /// Replacements of each basis over all entries.
  public func replacements(_ basis: Replacement.Basis) -> Int {
    entries.reduce(0) { $0 + $1.replacedBy.filter { $0.basis == basis }.count }
  }

  /// The edition of a product the catalog names `Windows NT Server 4.0, Terminal Server Edition`
  /// and the like; nil for any other product (Windows 2000, IIS, Office).
  static func edition(productName name: String) -> Edition? {
    let key = name.lowercased()
    guard key.hasPrefix("windows nt "), key.contains("4.0") else { return nil }
    if key.contains("terminal server") { return .terminalServer }
    if key.contains("enterprise") { return .enterprise }
    if key.contains("workstation") { return .workstation }
    if key.contains("server") { return .server }
    return nil
  }

  /// The NT 4.0 service pack a catalog names `Windows NT4 Service Pack 6a`, `Windows NT4 Terminal
  /// Server Service Pack 4` or `Windows NT 4 Terminal Server Gold`; nil for another product's.
  static func servicePack(named name: String) -> ServicePackRef? {
    let key = name.lowercased()
    guard key.hasPrefix("windows nt4") || key.hasPrefix("windows nt 4") else { return nil }
    let edition: Edition? = key.contains("terminal server") ? .terminalServer : nil
    if key.hasSuffix(" gold") { return ServicePackRef(edition: edition, servicePack: .sp0) }
    guard let range = key.range(of: "service pack ") else { return nil }
    let token = key[range.upperBound...].prefix { !$0.isWhitespace }
    return ServicePack(name: token).map { ServicePackRef(edition: edition, servicePack: $0) }
  }

  /// A catalog date: `1999/02/24` (file checks, bulletins) or `10/04/2001` (the root's).
  static func date(_ text: String) -> FileDate? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
      return FileDate(year: year, month: month, day: day)
    }
    return FileDate(inventoryText: text)
  }

  /// `Q296441` from `Q296441` (the reader trims `Q296441 `), `q296441` or `296441`; nil for anything else.
  static func qNumber(_ text: String) -> String? {
    var digits = Substring(text)
    if digits.first == "Q" || digits.first == "q" { digits = digits.dropFirst() }
    guard (1...7).contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return "Q" + digits
  }
}
