/// A file version of up to four dotted numbers, compared part by part as integers.
///
/// Missing parts are 0, so `4.00.1381` equals `4.0.1381.0`. The text is kept as
/// written, for reports and the rule dump.
public struct FileVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The four numeric parts.
  public let parts: (UInt32, UInt32, UInt32, UInt32)
  /// The version as written (after expanding a bare build number).
  public let text: String

  /// Parses `4.0.1381.7043`, `4.00.1381`, `5.0.2195.1600`; nil for anything else.
  public init?(_ text: some StringProtocol) {
    var values: [UInt32] = []
    var current: UInt64 = 0
    var digits = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        current = current * 10 + UInt64(byte - 48)
        digits += 1
        if current > UInt64(UInt32.max) { return nil }
      case UInt8(ascii: "."):
        if digits == 0 { return nil }
        values.append(UInt32(current))
        current = 0
        digits = 0
        if values.count == 4 { return nil }
      default:
        return nil
      }
    }
    if digits == 0 { return nil }
    values.append(UInt32(current))
    while values.count < 4 { values.append(0) }
    parts = (values[0], values[1], values[2], values[3])
    self.text = String(text)
  }

  /// The version of the NT 4.0 build whose last part is `build`: `7043` is `4.0.1381.7043`.
  public init(nt4Build build: UInt32) {
    parts = (4, 0, 1381, build)
    text = "4.0.1381.\(build)"
  }

  /// True for a Terminal Server Edition build: last part has the 0x8000 bit (32768 and up), as Q196334 describes.
  public var isTerminalServerBuild: Bool { parts.3 >= 0x8000 }

  public var description: String { text }

  public static func == (a: FileVersion, b: FileVersion) -> Bool {
    a.parts == b.parts
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(parts.0)
    hasher.combine(parts.1)
    hasher.combine(parts.2)
    hasher.combine(parts.3)
  }

  public static func < (a: FileVersion, b: FileVersion) -> Bool {
    a.parts < b.parts
  }
}
