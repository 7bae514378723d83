/// Reads a "Contents of Service Pack N" article (Q235373, "Contents of Service Pack 5 for Windows
/// NT 4.0 (Intel 40-Bit)"; Q172965, "Contents of the Nt4sp3_i.exe File") as a service pack
/// manifest: every file of one build of a service pack, never a hotfix (contract section 2).
///
/// An article is a manifest when its title opens with "Contents of", its title or summary names
/// exactly one NT 4.0 service pack (`Service Pack 5`, `Nt4sp3_i.exe`), and its body lists at
/// least `minimumFiles` file rows, read by the same row readers as hotfix lists (`BodyScan`).
/// Other "Contents of" articles (`SETUP.TXT`, a DHCP database, NT 3.x CD and disk listings,
/// which are not NT 4.0) are left to the usual reading.
enum ManifestReader {
  /// A service pack ships hundreds of files; a "Contents of" article with a handful of rows is
  /// something else.
  static let minimumFiles = 20

  /// The files that differ between the 40-bit (export) and 128-bit (North American) builds of
  /// the same service pack, as Q176820 ("Differences Between 128-bit and 40-bit versions of SP3
  /// & SP4") lists them: Ndiswan.sys, Ntlmssps.dll, Schannel.dll, Security.dll and Update.inf,
  /// and Rsaenh.dll, which only the 128-bit build has. A manifest lists one build, so a host's
  /// copy of one of these may rightly be the other build's: they are not judged from a manifest.
  /// Lower case (ASCII names), as files are matched.
  static let encryptionFiles: Set<String> = [
    "ndiswan.sys", "ntlmssps.dll", "schannel.dll", "security.dll", "update.inf", "rsaenh.dll",
  ]

  /// The manifest, or nil when the article is not one.
  static func read(id: String, title: String, scan: BodyScan) -> ServicePackManifest? {
    let titleBytes = Array(title.utf8)
    guard titleBytes[...].trimmed().hasPrefix(caseless: "contents of") else { return nil }
    // The summary says what the list is ("This article lists the files that are included with
    // Windows NT 4.0 Service Pack 5 (40-bit) for the Intel platform"); a paragraph that opens with
    // an article number names another article ("Q152841 … Service Pack 3 Readme.txt").
    let summary = scan.paragraphs.filter {
      $0.section.starts(with: "summary".utf8) && !StatusSentences.isArticleReference($0.text)
    }.map(\.text)
    guard let pack = servicePack(in: titleBytes) ?? servicePack(in: summary) else { return nil }
    let terminal = ([titleBytes] + summary).contains { $0.contains(caseless: "terminal server") }
    let platform =
      packagePlatform(titleBytes) ?? ListContext.singlePlatform(titleBytes)
      ?? summary.lazy.compactMap(ListContext.singlePlatform).first
    let line = terminal ? Edition.terminalServer : nil
    var files: [RuleFile] = []
    var seen = Set<RuleFile>()
    for group in scan.groups where !group.context.excluded {
      for row in group.rows where !encryptionFiles.contains(row.name.lowercased()) {
        let file = RuleFile(
          edition: line, platform: row.platform ?? platform, name: row.name, version: row.version, date: row.date,
          size: row.size, origin: FactOrigin(line: row.line))
        if seen.insert(file).inserted { files.append(file) }
      }
    }
    guard files.count >= minimumFiles else { return nil }
    return ServicePackManifest(
      id: id, title: title, servicePack: ServicePackRef(edition: line, servicePack: pack), platform: platform,
      files: files)
  }

  /// The one service pack the texts name, nil when they name none or several.
  static func servicePack(in texts: [[UInt8]]) -> ServicePack? {
    var found: Set<ServicePack> = []
    for text in texts { found.formUnion(servicePacks(in: text)) }
    return found.count == 1 ? found.first : nil
  }

  static func servicePack(in text: [UInt8]) -> ServicePack? { servicePack(in: [text]) }

  /// `Service Pack 5`, `SP6a`, `Nt4sp3_i.exe`: every service pack level named.
  static func servicePacks(in text: [UInt8]) -> Set<ServicePack> {
    let lower = text[...].lowercased()
    var found: Set<ServicePack> = []
    var index = 0
    while index < lower.count {
      var digitsAt: Int?
      if lower[index...].starts(with: "service pack".utf8) {
        var at = index + "service pack".utf8.count
        while at < lower.count, lower[at] == Byte.space { at += 1 }
        digitsAt = at
      } else if lower[index...].starts(with: "sp".utf8),
        index == 0 || !Byte.isLetter(lower[index - 1]) || lower[..<index].suffix(3).elementsEqual("nt4".utf8)
      {
        digitsAt = index + 2
      }
      if let at = digitsAt, at < lower.count, Byte.isDigit(lower[at]) {
        var end = at + 1
        if end < lower.count, lower[end] == UInt8(ascii: "a") { end += 1 }
        let afterOK = end >= lower.count || !Byte.isAlnum(lower[end]) || lower[end] == UInt8(ascii: "_")
        if afterOK, let pack = ServicePack(name: String(decoding: lower[at..<end], as: UTF8.self)), pack != .sp0 {
          found.insert(pack)
        }
      }
      index += 1
    }
    return found
  }

  /// The platform letter of a service pack's package name: `Nt4sp3_i.exe` (Intel), `_a` (Alpha).
  static func packagePlatform(_ text: [UInt8]) -> Platform? {
    let lower = text[...].lowercased()
    guard let at = lower[...].firstIndex(caseless: Array("nt4sp".utf8)) else { return nil }
    var index = at + 5
    while index < lower.count, Byte.isAlnum(lower[index]) { index += 1 }
    guard index + 1 < lower.count, lower[index] == UInt8(ascii: "_") else { return nil }
    switch lower[index + 1] {
    case UInt8(ascii: "i"): return .intel
    case UInt8(ascii: "a"): return .alpha
    case UInt8(ascii: "m"): return .mips
    case UInt8(ascii: "p"): return .ppc
    default: return nil
    }
  }
}
