/// Reads one Knowledge Base article (markdown) into a rule or a skip reason.
public enum ArticleParser {
  /// Parses an article's decoded text (`parse`, in Reader/ArticleBytes.swift, adds byte-level warnings).
  static func parseText(_ bytes: [UInt8], path: String) -> ParsedArticle {
    if ArticleText.looksBinary(bytes) {
      return unreadable(path: path, id: nil, "binary file, not an article")
    }
    let text = ArticleText(bytes)
    let front = FrontMatter.read(text)
    guard let id = front.id, front.bodyStart < text.lines.count else {
      return unreadable(path: path, id: front.id, "no `## Qnnnnnn:` heading: not an article, or truncated")
    }
    if let title = front.title, FixListReader.isFixList(title: title) {
      let list = FixListReader.read(text, id: id, title: title, from: front.bodyStart)
      let warnings =
        list.entries.isEmpty
        ? [ParseWarning(path: path, line: front.bodyStart, message: "service pack fix list with no entries read")] : []
      return ParsedArticle(id: id, path: path, outcome: .fixList(list), warnings: warnings)
    }
    let header = HeaderBlock.read(text, from: front.bodyStart)
    var bodyStart = header.bodyStart
    var editionLines: [Edition: Int] = [:]
    var nt4 = false
    if let appliesLine = header.appliesToLine {
      let list = AppliesTo.read(text, after: appliesLine)
      (editionLines, nt4) = list.editionsWithLines
      bodyStart = list.end
    }
    let editions = Set(editionLines.keys)
    let scan = BodyScan.scan(text, from: bodyStart)
    if header.appliesToLine == nil {
      nt4 = ArticleParser.mentionsNT4(header: header, paragraphs: scan.paragraphs)
    }
    let warnings = nt4 ? scan.unread.map { ParseWarning(path: path, line: $0.line, message: $0.what) } : []
    guard nt4 else {
      return ParsedArticle(id: id, path: path, outcome: .skipped(.notNT4), warnings: warnings)
    }
    // A service pack's contents: its files are the service pack's, never a hotfix's.
    if let manifest = ManifestReader.read(id: id, title: front.title ?? "", scan: scan) {
      return ParsedArticle(id: id, path: path, outcome: .manifest(manifest), warnings: warnings)
    }
    let status = StatusSentences.read(scan.paragraphs)
    let rule = RuleAssembly.rule(
      id: id, title: front.title ?? "", editions: editions, groups: scan.groups, status: status,
      foreignProblem: scan.foreignProblem,
      origin: RuleOrigin(title: front.titleLine, editions: editionLines.reduce(into: EditionLines()) { $0[$1.key] = $1.value }))
    guard !rule.files.isEmpty || !rule.fixedIn.isEmpty else {
      // Kept so that a service pack's fix list naming this article can make it a rule.
      var skipped = ParsedArticle(id: id, path: path, outcome: .skipped(.noFixInformation), warnings: warnings)
      skipped.candidate = rule
      return skipped
    }
    return ParsedArticle(id: id, path: path, outcome: .rule(rule), warnings: warnings)
  }

  static func unreadable(path: String, id: String?, _ message: String) -> ParsedArticle {
    ParsedArticle(
      id: id, path: path, outcome: .skipped(.unreadable),
      warnings: [ParseWarning(path: path, line: 1, message: message)])
  }

  /// With no applies-to list: the header's versions or the text must name NT 4.0.
  static func mentionsNT4(header: HeaderBlock, paragraphs: [BodyScan.Paragraph]) -> Bool {
    if header.versions.containsWord("4.0") || header.versions.containsWord("4.00") { return true }
    return paragraphs.contains { p in
      p.text.contains(caseless: "windows nt 4.0") || p.text.contains(caseless: "windows nt version 4.0")
        || p.text.contains(caseless: "windows nt server 4.0") || p.text.contains(caseless: "windows nt workstation 4.0")
    }
  }
}
