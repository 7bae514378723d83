/// The block under the heading: `Article:`, `Product(s):`, `Version(s):`, `Keyword(s):`,
/// `Last Modified:`, and where the applies-to list and the body begin.
struct HeaderBlock {
  /// `Version(s):`, lower case, as written.
  var versions: [UInt8] = []
  /// `Keyword(s):` and the footer's `Keywords :` line, lower case.
  var keywords: [UInt8] = []
  /// Index of the "applies to:" line, if there is one.
  var appliesToLine: Int?
  /// Index of the first line after the header block (where sections may start).
  var bodyStart: Int

  static func read(_ text: ArticleText, from start: Int) -> HeaderBlock {
    var block = HeaderBlock(bodyStart: start)
    let lines = text.lines
    var index = start
    var sawField = false
    // The block is short; stop at the first section underline so a missing block costs nothing.
    let limit = min(lines.count, start + 30)
    while index < limit {
      let line = lines[index].trimmed
      if line.contains(caseless: "applies to:") {
        block.appliesToLine = index
        block.bodyStart = index + 1
        return block
      }
      if index + 1 < lines.count, lines[index + 1].isRule(of: UInt8(ascii: "=")) { break }
      if line.hasPrefix(caseless: "version(s):") {
        block.versions = line.dropFirst(11).lowercased()
        sawField = true
      } else if line.hasPrefix(caseless: "keyword(s):") {
        block.keywords += line.dropFirst(11).lowercased()
        sawField = true
      } else if line.hasPrefix(caseless: "article:") || line.hasPrefix(caseless: "product(s):")
        || line.hasPrefix(caseless: "last modified:") || line.hasPrefix(caseless: "operating system(s):")
      {
        sawField = true
      }
      index += 1
    }
    block.bodyStart = sawField ? index : start
    return block
  }
}
