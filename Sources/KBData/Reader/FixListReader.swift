/// Reads a service pack's "List of Bugs Fixed in …" article into a `ServicePackFixList`.
///
/// The layouts in the archive (Q224792, Q150734, Q194834, Q224793, Q225037, Q244974, Q241211,
/// Q244690, Q222970, Q240331, Q258970):
/// - entries are lines `Q123456 Title` or `Q123456 - Title` under MORE INFORMATION; a long title
///   wraps onto lines that do not start with a number. Entries in the SUMMARY are references to
///   other lists and to "How to Obtain the Latest Service Pack", not fixes;
/// - a subsection heading may name the service pack ("Service Pack 3", "Service Pack 4 Continued",
///   "Windows NT Server 4.0, Terminal Server Edition Service Pack 5"); a heading that names none
///   ("Base Operating System", "Networking") is a category of the title's service pack;
/// - "Differences Between Service Pack 6a and Service Pack 6" holds what SP6a alone fixed; the
///   categories after it are SP6 fixes (SP6a "also contains the SP6 fixes described below");
/// - "Q241211 List of Bugs Fixed in …" under a heading refers to another list (its entries are
///   read from that list), so it is no entry.
/// The build lines come from the title: "Windows NT 4.0" is the standard line, "Terminal Server
/// Edition" or "TSE" is TSE's; "Windows NT 4.0 and TSE SP4" is both.
enum FixListReader {
  /// True for a title that names a service pack's list of fixed bugs.
  static func isFixList(title: String) -> Bool {
    title.lowercased().hasPrefix("list of bugs fixed in ") && editions(named: title) != nil
  }

  static func read(_ text: ArticleText, id: String, title: String, from bodyStart: Int) -> ServicePackFixList {
    let lines = text.lines
    let editions = Self.editions(named: title) ?? [nil]
    let titlePacks = Self.servicePacks(named: title)
    // "Service Pack 1, 2, and 3" names several: only headings tell them apart.
    let defaultPack = titlePacks.count == 1 ? titlePacks.first : nil
    var list = ServicePackFixList(id: id, title: title)
    let start = moreInformation(lines, from: bodyStart) ?? bodyStart
    var pack = defaultPack
    var sectionEditions = editions
    var index = start
    while index < lines.count {
      let line = lines[index]
      let trimmed = String(decoding: line.trimmed, as: UTF8.self)
      if trimmed.lowercased().hasPrefix("additional query words") { break }
      switch Sections.heading(at: index, in: lines) {
      case .section?:
        // The section after MORE INFORMATION (REFERENCES, the keyword block): no more entries.
        if index > start { return list }
      case .subsection?:
        pack = servicePacks(named: trimmed).first ?? defaultPack
        sectionEditions = Self.editions(named: trimmed) ?? editions
        index += 2
        continue
      case nil:
        break
      }
      if let (article, entryTitle) = entry(trimmed), let pack,
        !entryTitle.lowercased().hasPrefix("list of bugs fixed")
      {
        for edition in sectionEditions {
          list.entries.append(.init(article: article, edition: edition, servicePack: pack, line: line.number))
        }
      }
      index += 1
    }
    return list
  }

  /// The index of the first line after the MORE INFORMATION heading.
  static func moreInformation(_ lines: [ArticleText.Line], from start: Int) -> Int? {
    var index = start
    while index < lines.count {
      if case .section(let name)? = Sections.heading(at: index, in: lines), name.starts(with: "more information".utf8) {
        return index + 2
      }
      index += 1
    }
    return nil
  }

  /// `Q123456 Title` or `Q123456 - Title`: the id and the title.
  static func entry(_ line: String) -> (String, String)? {
    guard line.first == "Q" else { return nil }
    let digits = line.dropFirst().prefix { $0.isASCII && $0.isNumber }
    guard (5...6).contains(digits.count) else { return nil }
    let rest = line.dropFirst(1 + digits.count)
    guard rest.first == " " else { return nil }
    var title = rest.drop { $0 == " " }
    if title.hasPrefix("- ") { title = title.dropFirst(2) }
    guard !title.isEmpty else { return nil }
    return ("Q" + digits, String(title))
  }

  /// The build lines a title or heading names: nil when it names none.
  static func editions(named text: String) -> [Edition?]? {
    let words = Set(text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "." })
    let lower = text.lowercased()
    let terminal = lower.contains("terminal server") || words.contains("tse")
    // "Windows NT Server 4.0, Terminal Server Edition" is TSE alone: the standard line is named
    // only apart from it ("Windows NT 4.0 and TSE").
    let standard = lower.contains("nt 4.0") && (!terminal || lower.contains("nt 4.0 and"))
    switch (standard, terminal) {
    case (true, true): return [nil, .terminalServer]
    case (false, true): return [.terminalServer]
    case (true, false): return [nil]
    case (false, false): return nil
    }
  }

  /// The service packs a title or heading names, in order: "Service Pack 1, 2, and 3" gives three,
  /// "Service Pack 6/6a" gives SP6 (its SP6a part is the "Differences" heading), "SP4" one.
  static func servicePacks(named text: String) -> [ServicePack] {
    let words = text.lowercased().split { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" }
    var packs: [ServicePack] = []
    var index = 0
    while index < words.count {
      var numbers: ArraySlice<Substring> = []
      if words[index] == "pack", index > 0, words[index - 1] == "service" {
        numbers = words[(index + 1)...]
      } else if words[index].hasPrefix("sp"), words[index].count > 2 {
        numbers = [words[index].dropFirst(2)]
      }
      for word in numbers {
        if word == "and" { continue }
        guard let level = ServicePackWords.level(word.split(separator: "/").first ?? word) else { break }
        if !packs.contains(level) { packs.append(level) }
      }
      index += 1
    }
    return packs
  }
}
