/// Byte-level helpers: the reader works on raw article bytes, so a stray
/// non-UTF-8 byte never stops it and no Foundation string search sits in the hot path.
enum Byte {
  static let tab: UInt8 = 9
  static let newline: UInt8 = 10
  static let carriageReturn: UInt8 = 13
  static let space: UInt8 = 32
  static let pipe = UInt8(ascii: "|")
  static let dot = UInt8(ascii: ".")
  static let comma = UInt8(ascii: ",")
  static let colon = UInt8(ascii: ":")
  static let slash = UInt8(ascii: "/")
  static let backslash = UInt8(ascii: "\\")
  static let dash = UInt8(ascii: "-")

  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
  @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
  @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) }
  @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
  @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab || b == carriageReturn }
  @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 32 : b }
}

extension ArraySlice where Element == UInt8 {
  /// The slice without leading and trailing blanks (space, tab, CR).
  func trimmed() -> ArraySlice<UInt8> {
    var lo = startIndex
    var hi = endIndex
    while lo < hi, Byte.isSpace(self[lo]) { lo += 1 }
    while hi > lo, Byte.isSpace(self[hi - 1]) { hi -= 1 }
    return self[lo..<hi]
  }

  /// True when every byte is blank.
  var isBlank: Bool { allSatisfy(Byte.isSpace) }

  /// The bytes in ASCII lower case.
  func lowercased() -> [UInt8] { map(Byte.lower) }

  /// True when the slice starts with `prefix`, ignoring ASCII case (`prefix` given in lower case).
  func hasPrefix(caseless prefix: String) -> Bool {
    var index = startIndex
    for p in prefix.utf8 {
      guard index < endIndex, Byte.lower(self[index]) == p else { return false }
      index += 1
    }
    return true
  }

  /// The first index where `needle` (lower case) starts, ignoring ASCII case.
  func firstIndex<Needle: RandomAccessCollection>(caseless needle: Needle, from: Int? = nil) -> Int?
  where Needle.Element == UInt8, Needle.Index == Int {
    guard let first = needle.first else { return startIndex }
    let base = needle.startIndex
    let count = needle.count
    var i = Swift.max(from ?? startIndex, startIndex)
    let last = endIndex - count
    while i <= last {
      if Byte.lower(self[i]) == first {
        var j = 1
        while j < count, Byte.lower(self[i + j]) == needle[base + j] { j += 1 }
        if j == count { return i }
      }
      i += 1
    }
    return nil
  }

  /// True when `needle` (lower case) occurs, ignoring ASCII case.
  func contains(caseless needle: String) -> Bool {
    // String literals are contiguous UTF-8: search them in place, with no array made per call.
    if let found = needle.utf8.withContiguousStorageIfAvailable({ firstIndex(caseless: $0) != nil }) {
      return found
    }
    return firstIndex(caseless: Array(needle.utf8)) != nil
  }

  /// True when `word` (lower case) occurs with no letter or digit on either side.
  func containsWord(_ word: String) -> Bool {
    if let found = word.utf8.withContiguousStorageIfAvailable({ containsWord(needle: $0) }) { return found }
    return containsWord(needle: Array(word.utf8))
  }

  private func containsWord<Needle: RandomAccessCollection>(needle: Needle) -> Bool
  where Needle.Element == UInt8, Needle.Index == Int {
    var from = startIndex
    while let at = firstIndex(caseless: needle, from: from) {
      let before = at > startIndex ? self[at - 1] : Byte.space
      let afterIndex = at + needle.count
      let after = afterIndex < endIndex ? self[afterIndex] : Byte.space
      if !Byte.isAlnum(before) && !Byte.isAlnum(after) { return true }
      from = at + 1
    }
    return false
  }

  /// The text, decoding invalid UTF-8 as replacement characters.
  var string: String { String(decoding: self, as: UTF8.self) }
}

extension Array where Element == UInt8 {
  /// True when `word` (lower case) occurs with no letter or digit on either side.
  func containsWord(_ word: String) -> Bool { self[...].containsWord(word) }
  /// True when `needle` (lower case) occurs, ignoring ASCII case.
  func contains(caseless needle: String) -> Bool { self[...].contains(caseless: needle) }
}
