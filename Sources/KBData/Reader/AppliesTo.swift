/// "The information in this article applies to:" and its `- ` product lines.
struct AppliesTo {
  /// The product lines, lower case, wrapped lines joined.
  var items: [[UInt8]] = []
  /// The 1-based line each item starts on.
  var itemLines: [Int] = []
  /// Index of the first line after the list.
  var end: Int

  /// Reads the list after the "applies to:" line at `start`.
  static func read(_ text: ArticleText, after start: Int) -> AppliesTo {
    var list = AppliesTo(end: start + 1)
    let lines = text.lines
    var index = start + 1
    let limit = min(lines.count, start + 60)
    while index < limit {
      let line = lines[index]
      if line.isRule(of: Byte.dash) && line.trimmed.count >= 10 { index += 1; break }
      if index + 1 < lines.count, lines[index + 1].isRule(of: UInt8(ascii: "=")) { break }
      if line.trimmed.first == Byte.dash {
        list.items.append(line.trimmed.dropFirst().trimmed().lowercased())
        list.itemLines.append(line.number)
      } else if !line.isBlank, !list.items.isEmpty {
        list.items[list.items.count - 1] += [Byte.space] + line.trimmed.lowercased()
      }
      index += 1
    }
    list.end = index
    return list
  }

  /// The NT 4.0 editions the list names, and whether any line concerns NT 4.0 at all.
  var editions: (editions: Set<Edition>, mentionsNT4: Bool) {
    let found = editionsWithLines
    return (Set(found.lines.keys), found.mentionsNT4)
  }

  /// The NT 4.0 editions the list names, each with the first line that names it.
  var editionsWithLines: (lines: [Edition: Int], mentionsNT4: Bool) {
    var lines: [Edition: Int] = [:]
    var nt4 = false
    for (item, line) in zip(items, itemLines) {
      let found = AppliesTo.editions(of: item)
      for edition in found.editions where lines[edition] == nil { lines[edition] = line }
      nt4 = nt4 || found.nt4
    }
    return (lines, nt4)
  }

  /// One product line: `Microsoft Windows NT Server versions 4.0 SP4, 4.0 SP5` is Server.
  static func editions(of item: [UInt8]) -> (editions: Set<Edition>, nt4: Bool) {
    let line = item[...]
    guard line.contains(caseless: "windows nt") else { return ([], false) }
    let terminal = line.contains(caseless: "terminal server")
    let enterprise = line.contains(caseless: "enterprise edition")
    // Terminal Server and Enterprise Edition exist only as 4.0; the others must say so.
    let saysFour = line.containsWord("4.0") || line.containsWord("4.00") || line.containsWord("4")
    guard saysFour || terminal || enterprise else { return ([], false) }
    // Add-ons and kits named "for Windows NT" are other products.
    for other in [
      "option pack", "resource kit", "load balancing", "services for unix", "embedded", "sdk", "ddk",
      "service pack 4 for", "terminal server client", "exchange", "internet explorer", " client",
      "driver development", "software development",
    ]
    where line.contains(caseless: other) {
      return ([], saysFour)
    }
    if terminal { return ([.terminalServer], true) }
    if enterprise { return ([.enterprise], true) }
    var editions: Set<Edition> = []
    if line.containsWord("workstation") { editions.insert(.workstation) }
    if line.contains(caseless: "windows nt server") || line.contains(caseless: "windows nt 4.0 server")
      || line.contains(caseless: "server version")
    {
      editions.insert(.server)
    }
    return (editions, true)
  }
}
