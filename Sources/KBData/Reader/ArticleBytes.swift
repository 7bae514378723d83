/// Checks on an article's raw bytes that the text reader cannot see once it has decoded
/// them: a `kb lint` warning names an archive file that is not UTF-8, has a line far longer
/// than any article's, or ends in the middle of a line (truncated). Every article of the
/// KB archive is UTF-8, ends with a newline and has lines under 1,000 bytes.
enum ArticleBytes {
  /// A line longer than this is not article text.
  static let longestLine = 16 * 1024

  static func warnings(_ bytes: [UInt8], path: String) -> [ParseWarning] {
    // Fast path: almost every article is ASCII with short lines and a final newline.
    if isPlainText(bytes) { return [] }
    var warnings: [ParseWarning] = []
    var line = 1
    var lineStart = 0
    var reportedLongLine = false
    var invalidAt: (line: Int, offset: Int)?
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
          if !reportedLongLine && offset - lineStart > longestLine {
            warnings.append(
              ParseWarning(
                path: path, line: line,
                message: "a line of \(offset - lineStart) bytes: longer than any article line (binary or damaged text?)"))
            reportedLongLine = true
          }
          line += 1
          lineStart = offset + 1
        }
        offset += encoded.count
      case .error(let length):
        if invalidAt == nil { invalidAt = (line, offset) }
        offset += length
      case .emptyInput:
        if !reportedLongLine && offset - lineStart > longestLine {
          warnings.append(
            ParseWarning(
              path: path, line: line,
              message: "a line of \(offset - lineStart) bytes: longer than any article line (binary or damaged text?)"))
        }
        if let invalidAt {
          warnings.insert(
            ParseWarning(
              path: path, line: invalidAt.line,
              message: "not UTF-8 text (byte \(invalidAt.offset)): the bytes that are not UTF-8 were read as U+FFFD"), at: 0)
        }
        if let last = bytes.last, last != UInt8(ascii: "\n") {
          warnings.append(ParseWarning(path: path, line: line, message: "the file ends in the middle of a line: truncated?"))
        }
        return warnings
      }
    }
  }
}

extension ArticleBytes {
  /// True for ASCII bytes ending in a newline with no line longer than `longestLine`: nothing to warn about.
  static func isPlainText(_ bytes: [UInt8]) -> Bool {
    guard bytes.last == UInt8(ascii: "\n") else { return false }
    var lineStart = 0
    var index = 0
    for byte in bytes {
      if byte >= 0x80 { return false }
      if byte == UInt8(ascii: "\n") {
        if index - lineStart > longestLine { return false }
        lineStart = index + 1
      }
      index += 1
    }
    return true
  }
}

extension ArticleParser {
  /// Parses an article's bytes; never throws, never traps: bad input is a skip with a warning.
  /// Adds the byte-level warnings of `ArticleBytes` to what the text reader found.
  public static func parse(_ bytes: [UInt8], path: String) -> ParsedArticle {
    var parsed = parseText(bytes, path: path)
    if case .skipped(.unreadable) = parsed.outcome, ArticleText.looksBinary(bytes) { return parsed }
    parsed.warnings += ArticleBytes.warnings(bytes, path: path)
    return parsed
  }
}
