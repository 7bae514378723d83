import KBData

/// The report as CSV: one row per host and rule (a host with no listed rule, or an error, gets one row).
/// The column `bulletin` names the rule's security bulletin (`MS01-041`, the latest where several
/// name it), if any; the last, `bulletins`, every one of them, oldest first, where there are several.
public struct CSVReportWriter: ReportWriter {
  public init() {}

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    "host,edition,service_pack,platform,source,host_verdict,rule,verdict,reason,evidence,bulletin,bulletins\r\n".bytes
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    let lead = [
      report.name, report.edition?.rawValue ?? "", report.servicePack?.rawValue ?? "",
      report.platform?.rawValue ?? "", report.source, report.verdict.rawValue,
    ]
    if let error = report.error {
      return Self.row(lead + ["", Verdict.error.rawValue, error.description, "", "", ""]).bytes
    }
    if report.results.isEmpty { return Self.row(lead + ["", "", "", "", "", ""]).bytes }
    var out = ""
    for result in report.results {
      let evidence = result.evidence.map { file in
        let found = file.foundVersion?.text ?? file.foundDate?.description ?? "?"
        let required = file.requiredVersion?.text ?? file.requiredDate?.description ?? "?"
        return "\(file.path) found \(found) required \(required) \(file.result.rawValue)"
      }.joined(separator: "; ")
      out += Self.row(lead + [result.ruleID, result.verdict.rawValue, result.reason, evidence, result.bulletins.latest?.id ?? "",
        result.bulletins.idsWhenSeveral?.joined(separator: " ") ?? "",
      ])
    }
    return out.bytes
  }

  public var writesHostsIndependently: Bool { true }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] { [] }

  /// One RFC 4180 row: fields with a comma, quote or line break are quoted, quotes doubled; a
  /// field a spreadsheet would run as a formula is neutralised first (`neutralised`).
  static func row(_ fields: [String]) -> String {
    fields.map { field in
      if field != "-", let first = field.unicodeScalars.first, formulaTriggers.contains(first) {
        return "\"'" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      return field
    }.joined(separator: ",") + "\r\n"
  }

  /// First characters that make Excel, LibreOffice or Sheets read a cell as a formula
  /// (`=cmd|' /C calc'!A0`, `=HYPERLINK(...)`), tab and carriage return included. OWASP's advice
  /// for CSV injection: such a cell gets a single quote in front and is quoted. No value the
  /// report writes itself starts with one (verdicts, ids, editions, dates, versions): only names,
  /// paths and reasons read from an inventory or article can. A lone `-` (standard input, as a
  /// source) is no formula and is written as it is.
  static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
