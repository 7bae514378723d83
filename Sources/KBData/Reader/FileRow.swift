/// One file row as read from a table or a `dir`-like line, before its section decides edition and platform.
struct FileRow: Equatable {
  var name: String
  var version: FileVersion?
  var date: FileDate?
  var size: Int?
  var platform: Platform?
  /// 1-based line number in the article.
  var line: Int

  /// Reads a row's cells, by the header's columns when they line up one to one,
  /// else by the shape of each cell. Nil when the cells are not a file row.
  static func read(_ cells: [Cell], header: TableHeader?, line: Int) -> FileRow? {
    if let header, header.columns.count == cells.count, let row = byColumns(cells, header: header, line: line) {
      return row
    }
    return byShape(cells, header: header, line: line)
  }

  /// Cell i is column i: this is how a bare build number in a Version column is told from a size.
  static func byColumns(_ cells: [Cell], header: TableHeader, line: Int) -> FileRow? {
    var row = FileRow(name: "", line: line)
    var bareName = false
    for (column, cell) in zip(header.columns, cells) {
      switch (column, cell) {
      case (_, .empty), (.time, .time), (.other, _): continue
      case (.date, .date(let date)): row.date = date
      case (.version, .version(let version)): row.version = version
      case (.version, .number(let build, false, let digits)) where digits <= 5:
        row.version = FileVersion(nt4Build: UInt32(build))
      case (.version, .decimal(let text)): row.version = FileVersion(text)
      case (.size, .number(let size, _, _)), (.size, .bytes(let size)): row.size = size
      case (.size, .decimal(let text)):
        // 177.424: a dot between thousands, as some translated lists write sizes.
        // 94.5 in a Size column is KB: no exact count.
        row.size = FileRow.dottedThousands(text)
      case (.size, .approximateSize): row.size = nil
      case (.name, .name(let name)): row.name = name
      case (.name, .word(let text)):
        // "Ntldr" has no extension; the column says it is the file name.
        guard FileRow.couldBeBareName(text) else { return nil }
        row.name = text
        bareName = true
      case (.platform, .platform(let platform)): row.platform = platform
      case (.platform, .word): continue
      default: return nil
      }
    }
    // A name without extension only counts in a row whose other cells are facts.
    if bareName && row.date == nil && row.size == nil && row.version == nil { return nil }
    return row.name.isEmpty ? nil : row
  }

  /// A word that can be a file name without extension: `Ntldr`, `Win386`.
  static func couldBeBareName(_ text: String) -> Bool {
    guard let first = text.utf8.first, Byte.isLetter(first), (2...12).contains(text.utf8.count) else { return false }
    return text.utf8.allSatisfy(Byte.isAlnum)
  }

  /// `177.424` as 177424: exactly three digits after the dot.
  static func dottedThousands(_ text: String) -> Int? {
    let parts = text.split(separator: ".")
    guard parts.count == 2, parts[1].count == 3, (1...3).contains(parts[0].count) else { return nil }
    return Int(parts[0] + parts[1])
  }

  /// Cells in any order: the first date, version and platform; the number before the
  /// name is the size (a second number under a Version header is the bare build).
  static func byShape(_ cells: [Cell], header: TableHeader?, line: Int) -> FileRow? {
    guard let first = cells.first else { return nil }
    if case .word = first { return nil }
    var row = FileRow(name: "", line: line)
    var numbers: [(value: Int, hasComma: Bool, digits: Int)] = []
    var words = 0
    var wordsAfterName = 0
    var decimalSize = false
    var times = 0
    var sawSize = false
    for cell in cells {
      switch cell {
      case .date(let date): if row.date == nil { row.date = date } else { return nil }
      case .time: times += 1
      case .version(let version): if row.version == nil { row.version = version }
      case .number(let value, let comma, let digits): numbers.append((value, comma, digits))
      case .approximateSize: sawSize = true
      case .bytes(let value): row.size = value; sawSize = true
      case .name(let name): if row.name.isEmpty { row.name = name } else { words += 1 }
      case .platform(let platform): if row.platform == nil { row.platform = platform }
      case .decimal(let text):
        if header?.hasVersion == true, row.version == nil {
          row.version = FileVersion(text)
        } else if let size = FileRow.dottedThousands(text) {
          numbers.append((size, true, text.count - 1))
        } else if header?.columns.contains(.size) == true {
          // "94.5" under Size is KB, unless an exact count is there too ("Windows NT 4.0" in another column).
          decimalSize = true
        } else {
          words += 1
        }
      case .empty: continue
      case .word:
        words += 1
        if !row.name.isEmpty { wordsAfterName += 1 }
      }
    }
    // "Schannel.dll  NT x86 40bit": a platform cell with words around the platform.
    if header?.columns.last == .platform, row.platform != nil, words == wordsAfterName, words <= 3 { words = 0 }
    guard !row.name.isEmpty else { return nil }
    let allowsText = header?.columns.contains(.other) ?? false
    guard words == 0 || (allowsText && words <= 6) else { return nil }
    if numbers.isEmpty && decimalSize { sawSize = true }
    if !numbers.isEmpty {
      var rest = numbers[...]
      if header?.hasVersion == true, row.version == nil, numbers.count >= 2,
        let build = rest.first, !build.hasComma, build.digits <= 5
      {
        row.version = FileVersion(nt4Build: UInt32(build.value))
        rest = rest.dropFirst()
      }
      guard rest.count <= 1 || header != nil else { return nil }
      if let size = rest.last, !sawSize {
        row.size = size.value
        sawSize = true
      }
    }
    if header == nil {
      // A dir-like line has a date and one more fact; a name with a date alone is prose.
      guard row.date != nil, times > 0 || sawSize || row.version != nil else { return nil }
    } else {
      guard row.date != nil || row.version != nil || sawSize || header?.hasName == true else { return nil }
    }
    return row
  }
}
