import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// What an input can put into a report (issue 14, items 8, 9, 10b, 13): control characters and
/// bidi overrides escaped in text, formulas neutralised in CSV, the stylesheet reference checked,
/// not-applicable rules listed in text when asked for.
@Suite struct ReportEscapingTests {
  static let fakeSummary = "1 host(s): error 0, regressed 0, fix-needed 0, prerequisite-missing 0, unknown 0, up-to-date 1"

  func hostile(name: String, path: String, source: String = "x.xml") -> HostInventory {
    HostInventory(
      name: name, edition: .server, servicePack: .sp6a, platform: .intel,
      files: [file(path, "4.0.1381.7000", "1999-10-14")], source: source)
  }

  func render(_ writer: any ReportWriter, _ hosts: [HostInventory], includeNotApplicable: Bool = false, fleetSummary: Bool = false)
    -> String
  {
    var writer = writer
    let evaluator = Evaluator(rules: [seedRule], includeNotApplicable: includeNotApplicable)
    var summary = FleetSummary()
    var bytes = writer.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1, fleetSummary: fleetSummary))
    for host in hosts {
      let report = evaluator.judge(host)
      summary.add(report)
      bytes += writer.host(report)
    }
    bytes += writer.end(summary)
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func visibleTextEscapesControlsAndBidiOverrides() {
    #expect(VisibleText.escaping("plain C:\\WINNT\\rpcss.exe é") == "plain C:\\WINNT\\rpcss.exe é")
    #expect(VisibleText.escaping("a\nb\r\t\u{1B}[31m\u{7F}\u{85}") == "a\\u{A}b\\u{D}\\u{9}\\u{1B}[31m\\u{7F}\\u{85}")
    #expect(VisibleText.escaping("exe.\u{202E}txt\u{2066}x\u{2069}\u{2028}") == "exe.\\u{202E}txt\\u{2066}x\\u{2069}\\u{2028}")
    #expect(VisibleText.escapingLines("one\u{1B}\ntwo") == "one\\u{1B}\ntwo")
  }

  /// `name="EVIL&#10;1 host(s): ..."` must not fake the summary line, in check's and audit's text.
  @Test(arguments: [false, true])
  func textReportCannotBeGivenFakeLines(_ fleetSummary: Bool) {
    let host = hostile(name: "EVIL\n" + Self.fakeSummary, path: "C:\\WINNT\n" + Self.fakeSummary + "\u{202E}\\rpcss.exe")
    for writer: any ReportWriter in [TextReportWriter(), PlanTextReportWriter()] {
      let text = render(writer, [host], fleetSummary: fleetSummary)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.filter { $0.hasPrefix("1 host(s)") }.count == 1, "\(text)")
      #expect(text.contains("EVIL\\u{A}1 host(s)"), "\(text)")
      if !fleetSummary { #expect(text.contains("C:\\WINNT\\u{A}1 host(s)"), "\(text)") }
      #expect(!text.unicodeScalars.contains { $0.value == 0x202E }, "\(text)")
      #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(text)")
    }
  }

  @Test func errorsInTheTextReportAreEscaped() {
    var writer = TextReportWriter()
    _ = writer.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1))
    let failure = HostReport(
      failure: InventoryError(file: "bad\u{1B}.csv", line: 1, column: 1, message: "found 'x\u{202E}y'", host: "H\nFAKE"))
    let text = String(decoding: writer.host(failure), as: UTF8.self)
    #expect(!text.contains("\u{1B}") && !text.unicodeScalars.contains { $0.value == 0x202E }, "\(text)")
    #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "\(text)")
  }

  @Test func includeNotApplicableListsThoseRulesInText() {
    let workstation = HostInventory(
      name: "NTWKS01", edition: .workstation, servicePack: .sp6a, platform: .intel, files: [], source: "x.xml")
    let without = render(TextReportWriter(), [workstation])
    let with = render(TextReportWriter(), [workstation], includeNotApplicable: true)
    #expect(!without.contains("Q256149"), "\(without)")
    #expect(with.contains("  Q256149  not-applicable  "), "\(with)")
  }

  /// OWASP's CSV injection advice: a cell that starts with = + - @ tab or CR gets a leading ' and quotes.
  @Test func csvCellsSpreadsheetsWouldRunAreNeutralised() {
    let dangerous = [
      "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\tx", "\rx",
    ]
    for value in dangerous {
      for host in [hostile(name: value, path: "C:\\WINNT\\system32\\rpcss.exe"), hostile(name: "NTSRV01", path: value + "\\rpcss.exe")] {
        let csv = render(CSVReportWriter(), [host])
        let rows = CSVSplitTestRows.parse(csv)
        let cells = rows.dropFirst().flatMap { $0 }
        for cell in cells where cell.contains(value) {
          #expect(cell.hasPrefix("'"), "\(value): \(cell)")
        }
        #expect(cells.contains { $0.contains(value) }, "\(value) is in no cell: \(csv)")
        #expect(!cells.contains { $0.first.map { "=+-@\t\r".contains($0) } ?? false }, "\(csv)")
      }
    }
  }

  @Test func csvKeepsStandardInputAsSourceAndPlainValues() {
    let csv = render(CSVReportWriter(), [hostile(name: "NTSRV01", path: "C:\\WINNT\\system32\\rpcss.exe", source: "-")])
    let row = CSVSplitTestRows.parse(csv)[1]
    #expect(row[0] == "NTSRV01" && row[4] == "-" && row[6] == "Q256149", "\(row)")
  }

  @Test func stylesheetReferenceIsCheckedAndEscaped() {
    for bad in ["a\"?><evil/>", "r.xsl?>", "a b.xsl", "x\u{1}", "C:\\r.xsl", "", "%2", "é.xsl", "<x>"] {
      #expect(XMLReportWriter.stylesheetProblem(bad) != nil, "\(bad)")
    }
    for good in ["report-html.xsl", "../xsl/report.xsl", "https://example.org/r.xsl?v=2&x=%20", "file:///C:/r.xsl"] {
      #expect(XMLReportWriter.stylesheetProblem(good) == nil, "\(good)")
    }
    let xml = render(XMLReportWriter(stylesheet: "r.xsl?v=1&w=2"), [])
    #expect(xml.contains("<?xml-stylesheet type=\"text/xsl\" href=\"r.xsl?v=1&amp;w=2\"?>"), "\(xml)")
    let refused = render(XMLReportWriter(stylesheet: "a\"?><evil/>"), [])
    #expect(!refused.contains("evil"), "\(refused)")
  }

  @Test func ignoreListReadsDevicesAndNamesFolders() throws {
    #expect(try IgnoreList.read(path: "/dev/null").isEmpty)
    let folder = NSTemporaryDirectory()
    #expect {
      _ = try IgnoreList.read(path: folder)
    } throws: { error in
      (error as? IgnoreListError)?.description == "\(folder): error: is a folder: expected an ignore list file"
    }
  }

  @Test func ignoreListCoverageOfExpiredEntries() throws {
    let list = try IgnoreList.parse(
      """
      Q256149 NTSRV01 2020-01-01 expired
      Q256149 NTSRV* - covers NTSRV01
      Q241041 * 2020-01-01 expired everywhere
      Q241041 LAB* - covers only the lab
      Q123 * - unknown rule
      """, file: "i.txt")
    let (active, expired) = list.active(on: FileDate(year: 2026, month: 11, day: 26)!)
    #expect(expired.map(\.source) == ["i.txt:1", "i.txt:3"])
    #expect(active.entry(covering: expired[0])?.source == "i.txt:2")
    #expect(active.entry(covering: expired[1]) == nil)
    #expect(list.entries(withRuleNotIn: ["Q256149", "Q241041"]).map(\.source) == ["i.txt:5"])
  }
}

/// RFC 4180 rows of a report, for the tests above.
enum CSVSplitTestRows {
  static func parse(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var characters = Array(text.unicodeScalars)[...]
    while let c = characters.popFirst() {
      if quoted {
        if c == "\"" {
          if characters.first == "\"" {
            cell.unicodeScalars.append(c)
            characters.removeFirst()
          } else {
            quoted = false
          }
        } else {
          cell.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(cell)
        cell = ""
      } else if c == "\r" && characters.first == "\n" {
        characters.removeFirst()
        row.append(cell)
        rows.append(row)
        row = []
        cell = ""
      } else {
        cell.unicodeScalars.append(c)
      }
    }
    return rows
  }
}
