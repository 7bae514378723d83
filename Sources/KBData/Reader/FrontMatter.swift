/// The article's identity: the YAML front matter (`title`, `permalink`) and the `## Qnnnnnn:` heading.
struct FrontMatter {
  var id: String?
  var title: String?
  /// The 1-based line the title was read from.
  var titleLine: Int?
  /// Index in the article's lines of the first line after the `## Q` heading.
  var bodyStart: Int

  /// Reads the front matter and heading; `id` stays nil when neither names the article.
  static func read(_ text: ArticleText) -> FrontMatter {
    var result = FrontMatter(id: nil, title: nil, bodyStart: 0)
    let lines = text.lines
    var index = 0
    if let first = lines.first, first.trimmed.elementsEqual("---".utf8) {
      index = 1
      while index < lines.count, !lines[index].trimmed.elementsEqual("---".utf8) {
        let line = lines[index].trimmed
        if line.hasPrefix(caseless: "title:") {
          let value = unquote(line.dropFirst(6).trimmed())
          let (id, title) = splitID(value[...])
          result.id = result.id ?? id
          result.title = HTMLEntities.decode(title)
          result.titleLine = lines[index].number
        } else if line.hasPrefix(caseless: "permalink:"), result.id == nil {
          result.id = idInPath(line.dropFirst(10))
        }
        index += 1
      }
      index += 1
    }
    // The heading is near the top; don't scan a whole binary file for it.
    let limit = min(lines.count, index + 40)
    while index < limit {
      let line = lines[index].trimmed
      if line.starts(with: "## ".utf8) {
        let (id, title) = splitID(line.dropFirst(3).trimmed())
        if let id { result.id = id }
        if !title.isEmpty {
          result.title = HTMLEntities.decode(title)
          result.titleLine = lines[index].number
        }
        result.bodyStart = index + 1
        return result
      }
      index += 1
    }
    result.bodyStart = min(index, lines.count)
    if result.title == nil { result.id = nil }
    return result
  }

  /// `Q256149: Title` into the id and the title.
  static func splitID(_ value: ArraySlice<UInt8>) -> (String?, String) {
    guard value.count >= 2, value.first == UInt8(ascii: "Q") || value.first == UInt8(ascii: "q") else {
      return (nil, value.string)
    }
    var end = value.startIndex + 1
    while end < value.endIndex, Byte.isDigit(value[end]) { end += 1 }
    guard end - value.startIndex >= 4 else { return (nil, value.string) }
    let id = "Q" + value[(value.startIndex + 1)..<end].string
    var rest = value[end...]
    if rest.first == Byte.colon { rest = rest.dropFirst() }
    return (id, rest.trimmed().string)
  }

  /// The `Qnnnnnn` folder of a permalink such as `/kb/256/Q256149/`.
  static func idInPath(_ value: ArraySlice<UInt8>) -> String? {
    for part in value.split(separator: Byte.slash) {
      let (id, rest) = splitID(part.trimmed())
      if let id, rest.isEmpty { return id }
    }
    return nil
  }

  /// A YAML scalar without its quotes, with `\"` and `''` unescaped.
  static func unquote(_ value: ArraySlice<UInt8>) -> [UInt8] {
    guard let quote = value.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
      value.count >= 2, value.last == quote
    else { return Array(value) }
    let inner = value.dropFirst().dropLast()
    var out: [UInt8] = []
    out.reserveCapacity(inner.count)
    var index = inner.startIndex
    while index < inner.endIndex {
      let byte = inner[index]
      if quote == UInt8(ascii: "\""), byte == Byte.backslash, index + 1 < inner.endIndex {
        out.append(inner[index + 1])
        index += 2
      } else if quote == UInt8(ascii: "'"), byte == quote, index + 1 < inner.endIndex, inner[index + 1] == quote {
        out.append(quote)
        index += 2
      } else {
        out.append(byte)
        index += 1
      }
    }
    return out
  }
}
