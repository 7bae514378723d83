/// A calendar date, written `YYYY-MM-DD` everywhere the tool writes one.
public struct FileDate: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// A date if it exists in the calendar (years 1970–2099), else nil.
  public init?(year: Int, month: Int, day: Int) {
    guard (1970...2099).contains(year), (1...12).contains(month), day >= 1,
      day <= FileDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Reads the inventory forms: `YYYY-MM-DD` and `MM/DD/YYYY` (one- or two-digit month and day).
  public init?(inventoryText text: some StringProtocol) {
    let copy = String(text)
    guard let date = FileDate(inventoryUTF8: copy.utf8.span) else { return nil }
    self = date
  }

  /// The same from UTF-8 bytes, without making a string.
  @_spi(Readers) public init?(inventoryUTF8 bytes: Span<UInt8>) {
    // YYYY-MM-DD, the form collectors write, straight from fixed places (perf: the general
    // loop below was 3% of an audit); anything else takes the loop.
    if bytes.count == 10 && bytes[4] == 45 && bytes[7] == 45 {
      @inline(__always) func digit(_ index: Int) -> Int? {
        let byte = bytes[index]
        return byte >= 48 && byte <= 57 ? Int(byte &- 48) : nil
      }
      if let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
        let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9)
      {
        self.init(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
        return
      }
    }
    var numbers = (0, 0, 0)
    var index = 0
    var digits = 0
    var separator: UInt8 = 0
    for position in bytes.indices {
      let byte = bytes[position]
      if byte >= 48 && byte <= 57 {
        digits += 1
        if digits > 4 { return nil }
        let value = Int(byte - 48)
        switch index {
        case 0: numbers.0 = numbers.0 * 10 + value
        case 1: numbers.1 = numbers.1 * 10 + value
        default: numbers.2 = numbers.2 * 10 + value
        }
      } else if (byte == 45 || byte == 47) && digits > 0 && index < 2 && (separator == 0 || separator == byte) {
        separator = byte
        index += 1
        digits = 0
      } else {
        return nil
      }
    }
    guard index == 2, digits > 0 else { return nil }
    if separator == 45 {  // YYYY-MM-DD
      guard bytes.count == 10 else { return nil }
      self.init(year: numbers.0, month: numbers.1, day: numbers.2)
    } else {  // MM/DD/YYYY
      guard digits == 4 else { return nil }
      self.init(year: numbers.2, month: numbers.0, day: numbers.1)
    }
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `YYYY-MM-DD`, formatted on bytes: reports write one per file, and interpolation was measurable.
  public var description: String {
    var digits: [UInt8] = []
    digits.reserveCapacity(10)
    append(to: &digits)
    return String(decoding: digits, as: UTF8.self)
  }

  /// `description` appended as UTF-8 (reports write millions of dates: no string between).
  public func append(to bytes: inout [UInt8]) {
    bytes.append(UInt8(48 + year / 1000 % 10))
    bytes.append(UInt8(48 + year / 100 % 10))
    bytes.append(UInt8(48 + year / 10 % 10))
    bytes.append(UInt8(48 + year % 10))
    bytes.append(45)
    bytes.append(UInt8(48 + month / 10))
    bytes.append(UInt8(48 + month % 10))
    bytes.append(45)
    bytes.append(UInt8(48 + day / 10))
    bytes.append(UInt8(48 + day % 10))
  }

  public static func < (a: FileDate, b: FileDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }
}
