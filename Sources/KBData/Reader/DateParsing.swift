/// Reads the date forms of the articles: 09/24/99, 5/1/2000, 11-30-99, 22-Jun-2001,
/// 02-May-01, Sep-9-2001, 31 May 2002, and day-first or year-first where the numbers leave no doubt.
enum DateParsing {
  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// The month (1–12) of an English month name or its first three letters.
  static func month(_ word: ArraySlice<UInt8>) -> Int? {
    guard word.count >= 3 else { return nil }
    let key = String(decoding: word.prefix(3).lowercased(), as: UTF8.self)
    guard let index = months.firstIndex(of: key) else { return nil }
    // "Mar" is a month, "March" too, "Marked" is not.
    let full = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december",
    ][index]
    let text = String(decoding: word.lowercased(), as: UTF8.self)
    guard text.count == 3 || text == full || (text == "sept" && index == 8) else { return nil }
    return index + 1
  }

  /// A two-digit year: 70–99 are 19xx, the rest 20xx.
  static func year(_ value: Int, digits: Int) -> Int {
    // "11/03/200": a year that lost its last zero.
    if digits == 3 && value == 200 { return 2000 }
    guard digits <= 2 else { return value }
    return value >= 70 ? 1900 + value : 2000 + value
  }

  /// Reads one token such as `09/24/99` or `22-Jun-2001`; nil when it is no date.
  static func parse(_ token: ArraySlice<UInt8>) -> FileDate? {
    // Up to "30-September-2001".
    guard token.count >= 6, token.count <= 17 else { return nil }
    var parts: [ArraySlice<UInt8>] = []
    var start = token.startIndex
    var separator: UInt8 = 0
    for index in token.indices where token[index] == Byte.slash || token[index] == Byte.dash {
      if separator == 0 { separator = token[index] } else if separator != token[index] { return nil }
      parts.append(token[start..<index])
      start = index + 1
    }
    parts.append(token[start..<token.endIndex])
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 }) else { return nil }
    let numbers = parts.map { part -> Int? in
      guard part.count <= 4, part.allSatisfy(Byte.isDigit) else { return nil }
      return part.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    if let a = numbers[0], let b = numbers[1], let c = numbers[2] {
      return numeric(a, b, c, digits: parts.map(\.count))
    }
    // 22-Jun-2001, 02-May-01
    if let d = numbers[0], let m = month(parts[1]), let y = numbers[2] {
      return FileDate(year: year(y, digits: parts[2].count), month: m, day: d)
    }
    // Sep-9-2001
    if let m = month(parts[0]), let d = numbers[1], let y = numbers[2] {
      return FileDate(year: year(y, digits: parts[2].count), month: m, day: d)
    }
    return nil
  }

  /// Three numbers: month first as in the US, unless only day-first or year-first fits.
  static func numeric(_ a: Int, _ b: Int, _ c: Int, digits: [Int]) -> FileDate? {
    guard digits.count == 3 else { return nil }
    if digits[0] == 4 || (digits[0] == 2 && a > 31) {
      // 98/10/28 or 1998-10-28: year first.
      return FileDate(year: year(a, digits: digits[0]), month: b, day: c)
    }
    guard digits[2] >= 2, digits[0] <= 2, digits[1] <= 2 else { return nil }
    let y = year(c, digits: digits[2])
    if a <= 12 { return FileDate(year: y, month: a, day: b) }
    return FileDate(year: y, month: b, day: a)
  }

  /// Reads `31 May 2002` or `May 31, 2002` from three tokens.
  static func parse(words first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>, _ third: ArraySlice<UInt8>) -> FileDate? {
    func number(_ word: ArraySlice<UInt8>) -> Int? {
      var word = word
      if word.last == Byte.comma { word = word.dropLast() }
      guard !word.isEmpty, word.count <= 4, word.allSatisfy(Byte.isDigit) else { return nil }
      return word.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    guard third.count == 4, let y = number(third) else { return nil }
    if let d = number(first), first.count <= 2, let m = month(second) {
      return FileDate(year: y, month: m, day: d)
    }
    if let m = month(first), let d = number(second), second.count <= 3 {
      return FileDate(year: y, month: m, day: d)
    }
    return nil
  }
}
