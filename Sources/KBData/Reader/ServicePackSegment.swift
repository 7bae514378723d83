/// Decides whose service pack a mention is from the words just before it:
/// NT 4.0's, Terminal Server Edition's, or another product's (Windows 2000, Exchange …).
enum ServicePackSegment {
  static let otherWords: Set<String> = [
    "2000", "exchange", "cluster", "sql", "explorer", "proxy", "sna", "backoffice", "sms", "3.51", "3.5", "3.1",
    "95", "98", "iis", "outlook", "frontpage", "mdac", "xp", "wlbs", "ie", "ie4", "ie5", "office",
  ]
  static let otherPhrases = [
    "option pack", "site server", "internet information", "systems management", "transaction server",
    "commerce server", "visual studio", "index server", "windows me", "data access", "resource kit",
  ]

  /// The entries for `level` named after `segment`: none when it names another product, two when
  /// it names NT 4.0 and Terminal Server Edition together ("first corrected in Windows NT 4.0 and
  /// Windows NT Server 4.0, Terminal Server Edition Service Pack 6a": standard SP6a and, as TSE
  /// has no SP6a, TSE SP6).
  static func refs(
    _ level: ServicePack, segment: ArraySlice<String>, sentence: ArraySlice<String>, terminalHeading: Bool
  ) -> [ServicePackRef] {
    guard let ref = ref(level, segment: segment, sentence: sentence, terminalHeading: terminalHeading) else { return [] }
    guard ref.edition == .terminalServer, let and = segment.firstIndex(of: "and") else { return [ref] }
    let before = segment[..<and]
    let after = segment[(and + 1)...]
    let standardBefore =
      (before.contains("nt") || before.contains("4.0"))
      && !before.contains("terminal") && !before.contains("tse")
    guard standardBefore, after.contains("terminal") || after.contains("tse") else { return [ref] }
    return [ServicePackRef(servicePack: level), ref]
  }

  /// The entry for `level` named after `segment`, or nil when the segment names another product.
  static func ref(
    _ level: ServicePack, segment: ArraySlice<String>, sentence: ArraySlice<String>, terminalHeading: Bool
  ) -> ServicePackRef? {
    if segment.contains(where: otherWords.contains) { return nil }
    let joined = Array(segment.joined(separator: " ").utf8)
    if otherPhrases.contains(where: { joined.contains(caseless: $0) }) { return nil }
    let namesNT = segment.contains("nt") || segment.contains("4.0") || segment.contains("terminal")
    if !namesNT {
      // "For Windows 2000, this was first corrected in Service Pack 2": the product is earlier on.
      let elsewhere = sentence.contains { ["2000", "exchange", "3.51", "95", "98", "sql", "sms", "cluster"].contains($0) }
      if elsewhere && !sentence.contains("4.0") && !sentence.contains("nt") { return nil }
      // "Service Pack 3 must be applied to Windows NT 3.51 prior to applying this fix": "NT" is there,
      // but it is another NT version's pack.
      let otherNT = sentence.contains { ["3.51", "3.5", "3.1"].contains($0) }
      if otherNT && !sentence.contains("4.0") && !sentence.contains("4.00") { return nil }
    }
    // Under a TSE heading every pack is TSE's, unless the sentence itself names TSE beside another
    // product ("… NT Server 4.0 Service Pack 6 and … Terminal Server Edition Service Pack 6").
    let sentenceSplits = sentence.contains("terminal") || sentence.contains("tse")
    let terminal = segment.contains("terminal") || segment.contains("tse") || (terminalHeading && !(sentenceSplits && namesNT))
    return ServicePackRef(edition: terminal ? .terminalServer : nil, servicePack: level)
  }
}
