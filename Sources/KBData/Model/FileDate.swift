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
    let bytes = Array(text.utf8)
    func numbers(split separator: UInt8) -> [Int]? {
      var result: [Int] = []
      var value = 0
      var digits = 0
      for byte in bytes {
        if byte == separator {
          guard digits > 0 else { return nil }
          result.append(value)
          value = 0
          digits = 0
        } else if byte >= 48 && byte <= 57 {
          value = value * 10 + Int(byte - 48)
          digits += 1
          if digits > 4 { return nil }
        } else {
          return nil
        }
      }
      guard digits > 0 else { return nil }
      result.append(value)
      return result.count == 3 ? result : nil
    }
    if let n = numbers(split: UInt8(ascii: "-")), bytes.count == 10 {
      self.init(year: n[0], month: n[1], day: n[2])
    } else if let n = numbers(split: UInt8(ascii: "/")), bytes.count >= 8, n[2] >= 1000 {
      self.init(year: n[2], month: n[0], day: n[1])
    } else {
      return nil
    }
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    let m = month < 10 ? "0\(month)" : "\(month)"
    let d = day < 10 ? "0\(day)" : "\(day)"
    return "\(year)-\(m)-\(d)"
  }

  public static func < (a: FileDate, b: FileDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }
}
