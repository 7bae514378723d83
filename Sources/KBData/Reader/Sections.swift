/// Section headings: a line underlined with `=` (SYMPTOMS, RESOLUTION, STATUS …) and
/// subsection headings underlined with `-` ("Windows NT 4.0", "Windows 2000").
enum Sections {
  /// What a heading line at `index` is, if anything; the underline is the next line.
  enum Heading {
    case section([UInt8])
    case subsection([UInt8])
  }

  static func heading(at index: Int, in lines: [ArticleText.Line]) -> Heading? {
    guard index + 1 < lines.count else { return nil }
    let line = lines[index]
    let under = lines[index + 1]
    guard !line.isBlank, !line.isTableRule, under.trimmed.count >= 3 else { return nil }
    let length = line.trimmed.count
    if under.isRule(of: UInt8(ascii: "=")) {
      guard under.trimmed.count + 4 >= length else { return nil }
      return .section(line.trimmed.lowercased())
    }
    guard under.isRule(of: Byte.dash) else { return nil }
    // A table header underlined with dashes is no heading, nor a wrapped sentence.
    guard abs(under.trimmed.count - length) <= 4 || (under.trimmed.count >= length && length > 6 && under.indent == line.indent)
    else { return nil }
    guard line.indent <= 2, length <= 100 else { return nil }
    if TableHeader.parse(line.trimmed, alone: true) != nil { return nil }
    if RowCells.cells(line.trimmed).contains(where: { if case .date = $0 { return true } else { return false } }) {
      return nil
    }
    if index > 0, !lines[index - 1].isBlank, !lines[index - 1].isTableRule { return nil }
    return .subsection(line.trimmed.lowercased())
  }

  /// Sections whose text describes the problem, not the fix: no file list or status comes from them.
  static func describesProblem(_ section: [UInt8]) -> Bool {
    section.starts(with: "symptom".utf8) || section.starts(with: "cause".utf8)
  }
}
