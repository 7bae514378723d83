/// Walks an article body once: tracks sections and subsections, gathers prose paragraphs
/// (for the status sentences) and file rows with the context that introduces them.
struct BodyScan {
  /// A prose paragraph, lower case, lines joined by spaces.
  struct Paragraph {
    var section: [UInt8]
    var subsection: [UInt8]
    var text: [UInt8]
    var line: Int
    /// Where each of its lines starts in `text`, and that line's number: facts read from the
    /// paragraph are traced to the line that states them.
    var lineStarts: [(offset: Int, line: Int)] = []

    /// The number of the article line that holds `text[offset]`.
    func lineNumber(at offset: Int) -> Int {
      lineStarts.last { $0.offset <= offset }?.line ?? line
    }
  }

  /// Rows that one context governs.
  struct RowGroup {
    var context: ListContext
    var rows: [FileRow]
  }

  var paragraphs: [Paragraph] = []
  var groups: [RowGroup] = []
  /// Line numbers of table-like blocks that gave no row.
  var unread: [(line: Int, what: String)] = []
  /// The problem is said to be in one non-English version only (its lists are that language's).
  var foreignProblem = false

  private var section: [UInt8] = []
  private var subsection: [UInt8] = []
  private var intro: [UInt8] = []
  /// `intro` ends with a colon and nothing (no rows, no label line) has come since: the next
  /// paragraph continues the introduction instead of replacing it.
  private var introPointsAhead = false
  private var label: [UInt8] = []
  private var header: TableHeader?
  private var headerLine = 0
  private var headerRows = 0
  private var pending: [ArticleText.Line] = []
  private var inRows = false
  private var suspect: Int?

  static func scan(_ text: ArticleText, from start: Int) -> BodyScan {
    var scan = BodyScan()
    let lines = text.lines
    var index = start
    while index < lines.count {
      let line = lines[index]
      if line.trimmed.starts(with: "{%".utf8) { index += 1; continue }
      if let heading = Sections.heading(at: index, in: lines) {
        scan.flushParagraph()
        scan.closeTable()
        switch heading {
        case .section(let name):
          scan.section = name
          scan.subsection = []
        case .subsection(let name):
          scan.subsection = name
        }
        scan.intro = []
        scan.introPointsAhead = false
        scan.label = []
        index += 2
        continue
      }
      scan.take(line, next: index + 1 < lines.count ? lines[index + 1] : nil)
      index += 1
    }
    scan.flushParagraph()
    scan.closeTable()
    return scan
  }

  private mutating func take(_ line: ArticleText.Line, next: ArticleText.Line?) {
    if line.isBlank {
      flushParagraph()
      return
    }
    if line.isTableRule {
      flushParagraph()
      return
    }
    let alone = next?.isTableRule ?? false
    if let found = TableHeader.parse(line.trimmed, alone: alone) {
      flushParagraph()
      closeTable()
      header = found
      headerLine = line.number
      headerRows = 0
      return
    }
    // Every row has a file name, so a line with no dot is prose: skip the cell reader.
    // Under a header a name may lack its extension ("Ntldr"), so a date alone is enough there.
    let hasDot = line.trimmed.contains(Byte.dot)
    let mayBeRow = header != nil ? hasDot || BodyScan.hasDateShape(line.trimmed) : hasDot && BodyScan.hasDateShape(line.trimmed)
    let cells = mayBeRow ? RowCells.cells(line.trimmed) : []
    if !cells.isEmpty, let row = FileRow.read(cells, header: header, line: line.number) {
      addRow(row)
      return
    }
    if !cells.isEmpty, BodyScan.looksTabular(cells) {
      if suspect == nil { suspect = line.number }
    }
    if inRows {
      inRows = false
    }
    // Prose after a table ends it: later "- Readme.txt" bullets are no rows of it.
    if header != nil, RowCells.split(line.trimmed).count > 5 { closeTable() }
    pending.append(line)
  }

  private mutating func addRow(_ row: FileRow) {
    flushParagraph()
    if !inRows || groups.isEmpty {
      let context = ListContext(subsection: subsection, intro: intro, label: label)
      groups.append(RowGroup(context: context, rows: []))
      inRows = true
    }
    introPointsAhead = false
    if Sections.describesProblem(section) { return }
    groups[groups.count - 1].rows.append(row)
    headerRows += 1
    suspect = nil
  }

  /// Ends a table: a header that no row followed, or tabular lines that gave none, is a warning.
  private mutating func closeTable() {
    if header != nil, headerRows == 0, !Sections.describesProblem(section) {
      unread.append((headerLine, "table header with no file row read"))
    }
    header = nil
    headerRows = 0
    inRows = false
  }

  private mutating func flushParagraph() {
    guard !pending.isEmpty else {
      if let line = suspect { noteSuspect(line) }
      return
    }
    var text: [UInt8] = []
    var lineStarts: [(offset: Int, line: Int)] = []
    for line in pending {
      if !text.isEmpty { text.append(Byte.space) }
      lineStarts.append((text.count, line.number))
      text += line.trimmed.lowercased()
    }
    let first = pending[0].number
    let count = pending.count
    pending.removeAll(keepingCapacity: true)
    paragraphs.append(Paragraph(section: section, subsection: subsection, text: text, line: first, lineStarts: lineStarts))
    if !foreignProblem, Sections.describesProblem(section) || section.starts(with: "status".utf8) {
      foreignProblem = ListContext.problemLanguage(text)
    }
    if let line = suspect { noteSuspect(line) }
    if BodyScan.isLabel(text, lines: count) {
      label = text
      introPointsAhead = false
    } else {
      // "Obtain the following fix for Windows NT 3.51:" then "This fix should have the following
      // time stamp:": the first sentence, which points ahead to the list, still says whose it is.
      intro = introPointsAhead ? intro + [Byte.space] + text : text
      introPointsAhead = BodyScan.pointsAhead(text)
      label = []
      inRows = false
    }
  }

  private mutating func noteSuspect(_ line: Int) {
    suspect = nil
    if !Sections.describesProblem(section) {
      unread.append((line, "table-like lines with no file row read"))
    }
  }

  /// A cheap test for a date anywhere in a line (`9/1/99`, `22-Jun-2001`, `31 May 2002`):
  /// a line without one is no `dir`-like row, so the cell reader is skipped.
  static func hasDateShape(_ line: ArraySlice<UInt8>) -> Bool {
    var index = line.startIndex
    let end = line.endIndex
    while index + 2 < end {
      let byte = line[index]
      if Byte.isDigit(byte) {
        let next = line[index + 1]
        if (next == Byte.slash || next == Byte.dash) && Byte.isAlnum(line[index + 2]) { return true }
        // A four-digit year after a space: "31 May 2002".
        if index + 3 < end, index > line.startIndex, line[index - 1] == Byte.space,
          (byte == UInt8(ascii: "1") && next == UInt8(ascii: "9")) || (byte == UInt8(ascii: "2") && next == UInt8(ascii: "0")),
          Byte.isDigit(line[index + 2]), Byte.isDigit(line[index + 3])
        {
          return true
        }
      }
      index += 1
    }
    return false
  }

  /// A paragraph that ends with a colon announces what follows ("obtain the following fix for …:").
  static func pointsAhead(_ text: [UInt8]) -> Bool {
    var end = text.endIndex
    while end > text.startIndex, Byte.isSpace(text[end - 1]) { end -= 1 }
    return end > text.startIndex && text[end - 1] == Byte.colon
  }

  /// A short line above rows that names their platform or build ("Alpha:", "x86"), not a sentence.
  static func isLabel(_ text: [UInt8], lines: Int) -> Bool {
    guard lines == 1, text.count <= 70 else { return false }
    for phrase in ["following", "attributes", "time stamp", "timestamp", "should have", "version of this fix"]
    where text.contains(caseless: phrase) {
      return false
    }
    return true
  }

  /// Cells that look like a file row that was not read: a name with a date or version, and more.
  static func looksTabular(_ cells: [Cell]) -> Bool {
    var name = false
    var facts = 0
    for cell in cells {
      switch cell {
      case .name: name = true
      case .date, .version, .time, .bytes, .approximateSize: facts += 1
      case .number(_, true, _): facts += 1
      default: continue
      }
    }
    return name && facts >= 2 && cells.count <= 12
  }
}
