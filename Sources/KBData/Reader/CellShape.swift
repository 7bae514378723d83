/// Classifies one word of a row: date, time, version, number, file name, platform.
enum CellShape {
  static func classify(_ word: ArraySlice<UInt8>) -> Cell {
    guard let first = word.first else { return .empty }
    if word.count == 1 && (first == Byte.dash || first == UInt8(ascii: "*")) { return .empty }
    if Byte.isDigit(first) {
      if let date = DateParsing.parse(word) { return .date(date) }
      if isTime(word) { return .time }
      if let number = number(word) { return number }
      if let version = version(word) { return .version(version) }
      if isDecimal(word), word.contains(Byte.dot), !word.contains(Byte.comma) { return .decimal(String(decoding: word, as: UTF8.self)) }
      if isApproximateSize(word) { return .approximateSize }
    } else if let month = DateParsing.month(word.prefix(3)), month > 0, let date = DateParsing.parse(word) {
      return .date(date)
    }
    if let platform = platform(word) { return .platform(platform) }
    if let name = fileName(word) { return .name(name) }
    let lower = word.lowercased()
    if lower == Array("n/a".utf8) { return .empty }
    return .word(String(decoding: word, as: UTF8.self))
  }

  /// `18:00`, `07:44p`, `10:22pm`, `9:53PM`, `12:04:33`.
  static func isTime(_ word: ArraySlice<UInt8>) -> Bool {
    var index = word.startIndex
    var digits = 0
    while index < word.endIndex, Byte.isDigit(word[index]) { digits += 1; index += 1 }
    guard digits >= 1, digits <= 2, index < word.endIndex, word[index] == Byte.colon else { return false }
    index += 1
    var minutes = 0
    while index < word.endIndex, Byte.isDigit(word[index]) || word[index] == Byte.colon || word[index] == Byte.dot {
      minutes += 1
      index += 1
    }
    guard minutes >= 2 else { return false }
    let rest = String(decoding: word[index...].lowercased(), as: UTF8.self)
    return ["", "a", "p", "am", "pm", "a.m.", "p.m."].contains(rest)
  }

  /// `701,712`, `36112`: digits with commas between groups of three.
  static func number(_ word: ArraySlice<UInt8>) -> Cell? {
    var value = 0
    var digits = 0
    var group = 0
    var hasComma = false
    for byte in word {
      if Byte.isDigit(byte) {
        value = value &* 10 &+ Int(byte - 48)
        digits += 1
        group += 1
        if digits > 12 { return nil }
      } else if byte == Byte.comma, group >= 1, (hasComma ? group == 3 : group <= 3) {
        hasComma = true
        group = 0
      } else {
        return nil
      }
    }
    guard digits > 0, !hasComma || group == 3 else { return nil }
    return .number(value, hasComma: hasComma, digits: digits)
  }

  /// `19.7`, a decimal that only a KB size has.
  static func isDecimal(_ word: ArraySlice<UInt8>) -> Bool {
    var dots = 0
    for byte in word {
      if byte == Byte.dot { dots += 1 } else if !Byte.isDigit(byte) && byte != Byte.comma { return false }
    }
    return dots <= 1 && !word.isEmpty
  }

  /// `105KB`, `19.7K` written as one word.
  static func isApproximateSize(_ word: ArraySlice<UInt8>) -> Bool {
    let lower = word.lowercased()
    for suffix in ["kb", "k", "mb"] where lower.count > suffix.count {
      let unit = Array(suffix.utf8)
      if Array(lower.suffix(unit.count)) == unit, isDecimal(word.dropLast(unit.count)) { return true }
    }
    return false
  }

  /// A dotted version of three or four parts: `4.0.1381.7043`, `5.00.2195.1600`.
  static func version(_ word: ArraySlice<UInt8>) -> FileVersion? {
    var dots = 0
    for byte in word {
      if byte == Byte.dot { dots += 1 } else if !Byte.isDigit(byte) { return nil }
    }
    guard dots >= 2, dots <= 3 else { return nil }
    return FileVersion(String(decoding: word, as: UTF8.self))
  }

  /// Intel, x86, (x86), i386, ALPHA, alpha, MIPS, PPC.
  static func platform(_ word: ArraySlice<UInt8>) -> Platform? {
    var key = word.lowercased()[...]
    while let last = key.last, last == Byte.comma || last == UInt8(ascii: ":") || last == UInt8(ascii: ";") {
      key = key.dropLast()
    }
    if key.first == UInt8(ascii: "("), key.last == UInt8(ascii: ")") { key = key.dropFirst().dropLast() }
    switch String(decoding: key, as: UTF8.self) {
    case "intel", "x86", "i386", "x386", "i486", "ix86", "intel-based", "x86-based": return .intel
    case "alpha", "axp", "alpha-based": return .alpha
    case "mips", "r4000": return .mips
    case "ppc", "powerpc": return .ppc
    default: return nil
    }
  }

  /// A file name, keeping only its base name when a path is given: `system32\drivers\afd.sys` is `afd.sys`.
  static func fileName(_ word: ArraySlice<UInt8>) -> String? {
    var word = word
    while let last = word.last, last == Byte.comma || last == UInt8(ascii: ";") || last == UInt8(ascii: "*") {
      word = word.dropLast()
    }
    if let slash = word.lastIndex(where: { $0 == Byte.backslash || $0 == Byte.slash }) {
      word = word[(slash + 1)...]
    }
    guard let dot = word.lastIndex(of: Byte.dot), dot > word.startIndex else { return nil }
    let ext = word[(dot + 1)...]
    guard (1...4).contains(ext.count), ext.allSatisfy({ Byte.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "$") }),
      ext.contains(where: Byte.isLetter)
    else { return nil }
    var hasLetter = false
    for byte in word[..<dot] {
      if Byte.isLetter(byte) { hasLetter = true; continue }
      if Byte.isDigit(byte) || byte >= 128 { continue }
      switch byte {
      case UInt8(ascii: "_"), Byte.dash, UInt8(ascii: "$"), UInt8(ascii: "~"), Byte.dot, UInt8(ascii: "!"),
        UInt8(ascii: "#"), UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "+"):
        continue
      default: return nil
      }
    }
    guard hasLetter else { return nil }
    let lower = word.lowercased()
    if lower.starts(with: Array("www.".utf8)) || lower.starts(with: Array("http".utf8)) { return nil }
    return String(decoding: word, as: UTF8.self)
  }
}
