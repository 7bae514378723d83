internal import SystemCalls

/// A file version of up to four dotted numbers, compared part by part as integers.
///
/// Missing parts are 0, so `4.00.1381` equals `4.0.1381.0`. The text is kept as
/// written, for reports and the rule dump; it is only stored when it differs from
/// the plain rendering of the numbers, so reading millions of inventory versions
/// allocates no strings.
public struct FileVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The four numeric parts.
  public let parts: (UInt32, UInt32, UInt32, UInt32)
  /// How many parts were written (1 to 4).
  private let written: UInt8
  /// The text as written, when it is not the plain rendering (leading zeros: `4.00.1381`).
  private let spelled: String?

  /// Parses `4.0.1381.7043`, `4.00.1381`, `5.0.2195.1600`; nil for anything else.
  public init?(_ text: some StringProtocol) {
    let copy = String(text)
    guard let parsed = FileVersion.parse(copy.utf8.span) else { return nil }
    parts = parsed.parts
    written = parsed.count
    spelled = parsed.plain ? nil : copy
  }

  /// Parses UTF-8 bytes (an inventory field) without making a string unless the spelling is unusual.
  @_spi(Readers) public init?(utf8 bytes: Span<UInt8>) {
    guard let parsed = FileVersion.parse(bytes) else { return nil }
    parts = parsed.parts
    written = parsed.count
    spelled = parsed.plain ? nil : bytes.decodedUTF8()
  }

  /// The version of the NT 4.0 build whose last part is `build`: `7043` is `4.0.1381.7043`.
  public init(nt4Build build: UInt32) {
    parts = (4, 0, 1381, build)
    written = 4
    spelled = nil
  }

  /// Wrapping arithmetic and no iterator: every file row of an inventory has a version, and
  /// the checked loop cost 240 instructions a version (callgrind).
  private static func parse(_ bytes: Span<UInt8>) -> (parts: (UInt32, UInt32, UInt32, UInt32), count: UInt8, plain: Bool)? {
    var values: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    var index = 0
    var current: UInt64 = 0
    var digits = 0
    var plain = true
    // Over `indices`: the optimizer then drops the span's bounds check per byte.
    for position in bytes.indices {
      let byte = bytes[position]
      let digit = byte &- 48
      if digit < 10 {
        if digits == 1 && current == 0 { plain = false }  // a leading zero: keep the spelling
        current = current &* 10 &+ UInt64(digit)
        digits &+= 1
        if current > UInt64(UInt32.max) { return nil }
        continue
      }
      guard byte == 46, digits > 0, index < 3 else { return nil }  // "."
      switch index {
      case 0: values.0 = UInt32(truncatingIfNeeded: current)
      case 1: values.1 = UInt32(truncatingIfNeeded: current)
      default: values.2 = UInt32(truncatingIfNeeded: current)
      }
      index &+= 1
      current = 0
      digits = 0
    }
    if digits == 0 { return nil }
    switch index {
    case 0: values.0 = UInt32(truncatingIfNeeded: current)
    case 1: values.1 = UInt32(truncatingIfNeeded: current)
    case 2: values.2 = UInt32(truncatingIfNeeded: current)
    default: values.3 = UInt32(truncatingIfNeeded: current)
    }
    return (values, UInt8(index + 1), plain)
  }

  /// The version as written (after expanding a bare build number).
  public var text: String {
    if let spelled { return spelled }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    append(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `text` appended as UTF-8 (reports write millions of versions: no string between).
  public func append(to bytes: inout [UInt8]) {
    if let spelled {
      bytes.append(contentsOf: spelled.utf8)
      return
    }
    for index in 0..<Int(written) {
      if index > 0 { bytes.append(46) }
      let part = index == 0 ? parts.0 : index == 1 ? parts.1 : index == 2 ? parts.2 : parts.3
      var divisor: UInt32 = 1
      while part / divisor >= 10 { divisor *= 10 }
      repeat {
        bytes.append(UInt8(48 + part / divisor % 10))
        divisor /= 10
      } while divisor > 0
    }
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
