/// An article's bytes cut into lines, with 1-based line numbers kept for warnings.
struct ArticleText {
  /// One line: its bytes without the line break, and where it sits in the file.
  struct Line {
    /// 1-based line number in the file.
    let number: Int
    /// The bytes, without the line break and without the one tab that indents the article body.
    let text: ArraySlice<UInt8>
    /// The bytes without surrounding blanks.
    let trimmed: ArraySlice<UInt8>

    /// Leading spaces before the text (tabs count as one), after the body tab.
    var indent: Int { trimmed.startIndex - text.startIndex }
    var isBlank: Bool { trimmed.isEmpty }
  }

  let bytes: [UInt8]
  let lines: [Line]

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var lines: [Line] = []
    lines.reserveCapacity(bytes.count / 48)
    var start = 0
    var number = 1
    let count = bytes.count
    while start <= count {
      var end = start
      while end < count, bytes[end] != Byte.newline { end += 1 }
      var lineEnd = end
      if lineEnd > start, bytes[lineEnd - 1] == Byte.carriageReturn { lineEnd -= 1 }
      // The archive indents the whole body with one tab; drop it so indents compare.
      let bodyStart = start < lineEnd && bytes[start] == Byte.tab ? start + 1 : start
      let text = bytes[bodyStart..<lineEnd]
      lines.append(Line(number: number, text: text, trimmed: text.trimmed()))
      number += 1
      start = end + 1
    }
    self.lines = lines
  }

  /// True for bytes that are not text: NUL bytes or many control characters.
  static func looksBinary(_ bytes: [UInt8]) -> Bool {
    var control = 0
    let sample = bytes.prefix(65536)
    for byte in sample {
      if byte == 0 { return true }
      if byte < 32 && byte != Byte.tab && byte != Byte.newline && byte != Byte.carriageReturn && byte != 12 {
        control += 1
      }
    }
    return control * 20 > sample.count
  }
}

extension ArticleText.Line {
  /// True for a line made only of `character` (at least three), like `=====` or `-----`.
  func isRule(of character: UInt8) -> Bool {
    trimmed.count >= 3 && trimmed.allSatisfy { $0 == character }
  }

  /// True for a line of only table drawing characters: `+----+`, `|---|`, `=====`, `-- --`.
  var isTableRule: Bool {
    guard trimmed.count >= 3 else { return false }
    var dashes = 0
    for byte in trimmed {
      switch byte {
      case Byte.dash, UInt8(ascii: "="), UInt8(ascii: "_"): dashes += 1
      case UInt8(ascii: "+"), Byte.pipe, Byte.space, Byte.tab: continue
      default: return false
      }
    }
    return dashes >= 3
  }
}
