/// One cell of a table row or `dir`-like line, classified by its shape.
enum Cell: Equatable {
  case date(FileDate)
  case time
  case version(FileVersion)
  /// A whole number: `701,712`, `36112`, or a bare build `7043`.
  case number(Int, hasComma: Bool, digits: Int)
  /// A size in KB or MB: not an exact byte count.
  case approximateSize
  /// A size followed by `bytes`.
  case bytes(Int)
  /// Two dotted numbers, `4.0`, `4.00`, or `177.424` (a size with a dot between thousands).
  case decimal(String)
  case name(String)
  case platform(Platform)
  /// `-`, `n/a`: an empty cell.
  case empty
  /// Anything else, as written.
  case word(String)
}

/// Cuts a row into cells: words split on blanks and `|`, with `105 KB`, `9:53 PM`
/// and `31 May 2002` read as one cell each.
enum RowCells {
  static func split(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var words: [ArraySlice<UInt8>] = []
    var start: Int? = nil
    for index in line.indices {
      let byte = line[index]
      if Byte.isSpace(byte) || byte == Byte.pipe {
        if let s = start { words.append(line[s..<index]) }
        start = nil
      } else if start == nil {
        start = index
      }
    }
    if let s = start { words.append(line[s..<line.endIndex]) }
    // "Dns.exe(Alpha)": a platform glued to the name is a cell of its own.
    if words.contains(where: { $0.dropFirst().contains(UInt8(ascii: "(")) }) {
      words = words.flatMap { word -> [ArraySlice<UInt8>] in
        guard let open = word.dropFirst().firstIndex(of: UInt8(ascii: "(")) else { return [word] }
        return [word[..<open], word[open...]]
      }
    }
    return words
  }

  /// The cells of a line, in order.
  static func cells(_ line: ArraySlice<UInt8>) -> [Cell] {
    let words = split(line)
    var cells: [Cell] = []
    cells.reserveCapacity(words.count)
    var index = 0
    while index < words.count {
      let word = words[index]
      let next = index + 1 < words.count ? words[index + 1] : nil
      if index + 2 < words.count, let date = DateParsing.parse(words: word, words[index + 1], words[index + 2]) {
        cells.append(.date(date))
        index += 3
        continue
      }
      var cell = CellShape.classify(word)
      if let next {
        let unit = next.lowercased()
        switch cell {
        case .time where isMeridiem(unit):
          index += 1
        case .number(let value, _, _) where unit == Array("bytes".utf8) || unit == Array("byte".utf8):
          cell = .bytes(value)
          index += 1
        case .number where isKilo(unit):
          cell = .approximateSize
          index += 1
        case .decimal where isKilo(unit):
          cell = .approximateSize
          index += 1
        default:
          break
        }
      }
      cells.append(cell)
      index += 1
    }
    return cells
  }

  private static func isMeridiem(_ unit: [UInt8]) -> Bool {
    let text = String(decoding: unit, as: UTF8.self)
    return ["am", "pm", "a", "p", "a.m.", "p.m."].contains(text)
  }

  private static func isKilo(_ unit: [UInt8]) -> Bool {
    let text = String(decoding: unit, as: UTF8.self)
    return ["kb", "k", "mb", "kbytes"].contains(text)
  }
}
