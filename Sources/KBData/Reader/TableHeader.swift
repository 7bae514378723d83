/// The header row of a file table: `Date  Time  Version  Size  File name  Platform`,
/// in any order and subset, plain or boxed with `|`.
struct TableHeader: Equatable {
  /// What a column holds.
  enum Column: Equatable {
    case date, time, version, size, name, platform
    /// A column the rule does not use (Operating system, Locale, Description).
    case other
  }

  let columns: [Column]

  var hasVersion: Bool { columns.contains(.version) }
  var hasName: Bool { columns.contains(.name) }

  /// Header words, longest first so "file name and path" wins over "file".
  private static let vocabulary: [(words: [String], column: Column)] = [
    (["file", "name", "and", "path"], .name),
    (["file", "name", "(path)"], .name),
    (["operating", "system"], .other),
    (["modified", "date"], .date),
    (["date", "modified"], .date),
    (["last", "modified"], .date),
    (["file", "version"], .version),
    (["size", "(bytes)"], .size),
    (["size", "(kb)"], .size),
    (["file", "name"], .name),
    (["file", "size"], .size),
    (["date"], .date),
    (["time"], .time),
    (["version"], .version),
    (["version#"], .version),
    (["ver"], .version),
    (["size"], .size),
    (["bytes"], .size),
    (["filename"], .name),
    (["file"], .name),
    (["name"], .name),
    (["platform"], .platform),
    (["processor"], .platform),
    (["architecture"], .platform),
    (["os"], .other),
    (["locale"], .other),
    (["language"], .other),
    (["description"], .other),
    (["path"], .other),
    (["folder"], .other),
  ]

  private static func isHeaderByte(_ byte: UInt8) -> Bool {
    if Byte.isLetter(byte) || Byte.isSpace(byte) { return true }
    switch byte {
    case Byte.pipe, Byte.colon, Byte.slash, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "#"): return true
    default: return false
    }
  }

  /// Reads a header line; nil unless every word is a header word and a file name
  /// column is there with at least one more column (or `alone` allows a lone name column).
  static func parse(_ line: ArraySlice<UInt8>, alone: Bool = false) -> TableHeader? {
    // Header lines hold only letters, blanks and a few marks: most prose fails at its first comma or dot.
    guard line.count < 140, !line.isEmpty,
      line.allSatisfy(isHeaderByte),
      line.contains(caseless: "name") || line.contains(caseless: "file")
    else {
      return nil
    }
    var words: [String] = []
    var current: [UInt8] = []
    for byte in line {
      if Byte.isSpace(byte) || byte == Byte.pipe || byte == Byte.colon {
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        current.removeAll(keepingCapacity: true)
      } else {
        guard
          Byte.isLetter(byte) || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            || byte == UInt8(ascii: "#") || byte == Byte.slash
        else { return nil }
        current.append(Byte.lower(byte))
      }
    }
    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
    var columns: [Column] = []
    var index = 0
    outer: while index < words.count {
      if words[index] == "/" || words[index] == "and" {
        index += 1
        continue
      }
      for entry in vocabulary where index + entry.words.count <= words.count {
        if Array(words[index..<index + entry.words.count]) == entry.words {
          columns.append(entry.column)
          index += entry.words.count
          continue outer
        }
      }
      return nil
    }
    let known = columns.filter { $0 != .other }
    guard columns.contains(.name) else { return nil }
    guard known.count >= 2 || alone else { return nil }
    return TableHeader(columns: columns)
  }
}
