/// A paragraph cut into lower-case words, with `,` and sentence-ending `.` as words of
/// their own, and the service packs it names.
struct SentenceWords {
  var words: [String]
  /// Where each word starts in the text (a `,` or `.` word: where the word it ended started).
  var offsets: [Int] = []

  init(_ text: [UInt8]) {
    var words: [String] = []
    var offsets: [Int] = []
    var current: [UInt8] = []
    var start = 0
    func flush() {
      guard !current.isEmpty else { return }
      var trailing: [String] = []
      while let last = current.last {
        if last == Byte.comma || last == UInt8(ascii: ";") || last == Byte.colon {
          trailing.insert(",", at: 0)
        } else if last == Byte.dot || last == UInt8(ascii: "!") || last == UInt8(ascii: "?") {
          trailing.insert(".", at: 0)
        } else if last == UInt8(ascii: ")") || last == UInt8(ascii: "\"") || last == UInt8(ascii: "'") {
          // dropped
        } else {
          break
        }
        current.removeLast()
      }
      while let first = current.first, first == UInt8(ascii: "(") || first == UInt8(ascii: "\"") {
        current.removeFirst()
      }
      if !current.isEmpty {
        words.append(String(decoding: current, as: UTF8.self))
        offsets.append(start)
      }
      words += trailing
      offsets += Array(repeating: start, count: trailing.count)
      current.removeAll(keepingCapacity: true)
    }
    for (offset, byte) in text.enumerated() {
      if Byte.isSpace(byte) {
        flush()
      } else {
        if current.isEmpty { start = offset }
        current.append(byte)
      }
    }
    flush()
    self.words = words
    self.offsets = offsets
  }

  /// The sentences, as ranges of `words` (a `.` word ends one).
  var sentences: [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    for (index, word) in words.enumerated() where word == "." {
      if index > start { result.append(start..<index) }
      start = index + 1
    }
    if start < words.count { result.append(start..<words.count) }
    return result
  }

  /// The service pack named at `index` (`Service Pack 6a`, `Service Pack 4.0`, `SP5`) and how many words it takes.
  func servicePack(at index: Int) -> (ServicePack, Int)? {
    guard index < words.count else { return nil }
    let word = words[index]
    if word == "service", index + 2 < words.count, words[index + 1] == "pack" {
      return ServicePackWords.level(words[index + 2]).map { ($0, 3) }
    }
    if word.hasPrefix("sp") {
      let rest = word.dropFirst(2)
      if rest.isEmpty, index + 1 < words.count, let level = ServicePackWords.level(words[index + 1]) {
        return (level, 2)
      }
      if let level = ServicePackWords.level(rest) { return (level, 1) }
    }
    return nil
  }
}

/// The number after "Service Pack": `4`, `4.0` (SP4), `6a`, `6A`.
enum ServicePackWords {
  static func level(_ text: some StringProtocol) -> ServicePack? {
    switch text.lowercased() {
    case "1", "1.0": return .sp1
    case "2", "2.0": return .sp2
    case "3", "3.0": return .sp3
    case "4", "4.0": return .sp4
    case "5", "5.0": return .sp5
    case "6", "6.0": return .sp6
    case "6a": return .sp6a
    default: return nil
    }
  }
}
