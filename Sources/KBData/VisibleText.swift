/// Text made safe to print for a person: the one helper every text output uses (reports, plans,
/// the fleet summary, `kb` listings, error messages that echo input).
///
/// A host name or path may carry a line break (`&#10;` in an XML attribute, a quoted CSV field)
/// that would fake a line of the report, an escape sequence that drives the terminal, or a
/// right-to-left override that shows text in another order than it is. Each such character is
/// written as a visible escape, `\u{A}`, `\u{1B}`, `\u{202E}` (the form error messages already
/// used), so the text shows what the input holds and never adds a line.
public enum VisibleText {
  /// `text` with every control character (C0, DEL, C1), line or paragraph separator and
  /// bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) escaped.
  public static func escaping(_ text: String) -> String {
    // Printable ASCII needs nothing escaped, and its bytes are read much faster than its scalars
    // are decoded: the scalars of the plan's long lines were 1.5% of `audit --plan` (perf).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Each line of `text` escaped, the line breaks between them kept: for messages of several lines.
  public static func escapingLines(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { escaping(String($0)) }.joined(separator: "\n")
  }

  /// Whether `scalar` is escaped.
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x2028, 0x2029: true  // line and paragraph separators
    case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides and isolates
    default: false
    }
  }
}
