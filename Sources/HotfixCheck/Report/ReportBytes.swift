/// Report text appended as UTF-8 bytes, escaped for each format.
///
/// Written by hand, not with libxml2's xmlTextWriter or JSONSerialization: with them, writing the
/// full XML report of 200 hosts x 2,000 files took 1.09 s and the JSON one 25.7 s, against 0.28 s
/// for `xmllint --stream` to read the inventories (perf: escaping, buffer copies and the
/// dictionaries built per result). The escaping is theirs byte for byte (`ReportBytesTests`
/// compares it with libxml2's writer and with JSONSerialization). Values are scanned and copied
/// through `String.withUTF8`: a span or `contains(where:)` scan and `append(contentsOf: utf8)`
/// cost 900 instructions a value (callgrind), most of writing a host's own results.
extension [UInt8] {
  /// Markup and other text the program writes itself: copied as it is.
  @inline(__always)
  mutating func append(markup text: StaticString) {
    text.withUTF8Buffer { append(contentsOf: $0) }
  }

  /// Text that needs no escaping in the format (verdicts, ids the program made, numbers).
  @inline(__always)
  mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append(contentsOf: $0) }
  }

  /// An XML attribute value, as libxml2's xmlTextWriterWriteAttribute escapes it (`&<>"`, and
  /// tab, line feed and carriage return as character references); a character XML 1.0 cannot
  /// hold (a control character from a CSV, U+FFFE) becomes U+FFFD.
  mutating func append(xmlAttribute value: String) { appendXML(value, attribute: true) }

  /// XML character data, as xmlTextWriterWriteString escapes it (`&<>"` and carriage return).
  mutating func append(xmlText value: String) { appendXML(value, attribute: false) }

  private mutating func appendXML(_ value: String, attribute: Bool) {
    // Nearly every value needs nothing: one pass over the bytes, then one copy.
    if appendIfNone(of: value, where: { $0 < 64 ? (Self.xmlSpecials >> UInt64($0)) & 1 != 0 : $0 == 0xEF }) {
      return
    }
    for scalar in value.unicodeScalars {
      switch scalar.value {
      case 0x3C: append(markup: "&lt;")
      case 0x3E: append(markup: "&gt;")
      case 0x26: append(markup: "&amp;")
      case 0x22: append(markup: "&quot;")
      case 0x0D: append(markup: "&#13;")
      case 0x0A where attribute: append(markup: "&#10;")
      case 0x09 where attribute: append(markup: "&#9;")
      case 0x9, 0xA, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: append(contentsOf: String(scalar).utf8)
      default: append(contentsOf: "\u{FFFD}".utf8)
      }
    }
  }

  /// A JSON string literal, quotes included, as JSONSerialization writes it: `"` and `\` escaped,
  /// `\b \t \n \f \r`, other control characters as `\u00xx`; `/` and everything else as it is.
  mutating func append(jsonString value: String) {
    append(0x22)
    if !appendIfNone(of: value, where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      for byte in value.utf8 {
        switch byte {
        case 0x22: append(markup: "\\\"")
        case 0x5C: append(markup: "\\\\")
        case 0x08: append(markup: "\\b")
        case 0x09: append(markup: "\\t")
        case 0x0A: append(markup: "\\n")
        case 0x0C: append(markup: "\\f")
        case 0x0D: append(markup: "\\r")
        case ..<0x20:
          append(markup: "\\u00")
          append(Self.hexDigits[Int(byte >> 4)])
          append(Self.hexDigits[Int(byte & 15)])
        default: append(byte)
        }
      }
    }
    append(0x22)
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// A bit per byte below 64 that XML escapes or refuses: controls, `"`, `&`, `<`, `>` (a mask,
  /// not six comparisons a byte).
  private static let xmlSpecials: UInt64 = 0xFFFF_FFFF | 1 << 0x22 | 1 << 0x26 | 1 << 0x3C | 1 << 0x3E

  /// A JSON string literal, or `null`.
  mutating func append(jsonString value: String?) {
    if let value { append(jsonString: value) } else { append(markup: "null") }
  }

  /// Appends `text` as it is and returns true when no byte of it is one `test` picks; else
  /// appends nothing and returns false.
  @inline(__always)
  mutating func appendIfNone(of text: String, where test: (UInt8) -> Bool) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      for byte in bytes where test(byte) { return false }
      append(contentsOf: bytes)
      return true
    }
  }
}
