/// The archive writes titles with HTML entities (`&quot;`, `&#92;`); a rule's title is plain text.
enum HTMLEntities {
  static let named: [String: String] = ["quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " "]

  /// The text with `&name;` and `&#NN;` entities replaced; unknown ones are kept as written.
  static func decode(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
    var out = ""
    var rest = Substring(text)
    while let amp = rest.firstIndex(of: "&") {
      out += rest[..<amp]
      let after = rest[rest.index(after: amp)...]
      guard let semi = after.prefix(10).firstIndex(of: ";") else {
        out.append("&")
        rest = after
        continue
      }
      let name = after[..<semi]
      if let value = named[String(name)] {
        out += value
      } else if name.first == "#",
        let code = name.dropFirst().first == "x"
          ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code)
      {
        out.unicodeScalars.append(scalar)
      } else {
        out += "&" + name + ";"
      }
      rest = after[after.index(after: semi)...]
    }
    return out + rest
  }
}
