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
    var lead: [UInt8] = []
    for (number, field) in [
      report.name, report.edition?.rawValue ?? "", report.servicePack?.rawValue ?? "",
      report.platform?.rawValue ?? "", report.source, report.verdict.rawValue,
    ].enumerated() {
      if number > 0 { lead.append(0x2C) }
      Self.field(field, &lead)
    }
    var out: [UInt8] = []
    func row(_ fields: [String]) {
      out += lead
      for field in fields {
        out.append(0x2C)
        Self.field(field, &out)
      }
      out.append(markup: "\r\n")
    }
    if let error = report.error {
      row(["", Verdict.error.rawValue, error.description, "", "", ""])
    } else if let shared = report.shared {
      guard !shared.own.isEmpty || shared.baseline.listsAny else {
        row(["", "", "", "", "", ""])
        return out
      }
      let baseline = shared.baseline.rendering("csv") { ProfileRendering($0, render: Self.rule) }
      out.reserveCapacity(baseline.bytes.count + (baseline.starts.count + shared.own.count) * lead.count)
      shared.forEach(
        shared: { run in
          for position in run where baseline.starts[position] < baseline.starts[position + 1] {
            out += lead
            out += baseline.bytes(position..<(position + 1))
          }
        },
        own: { result in
          out += lead
          Self.rule(result, &out)
        })
    } else if report.results.isEmpty {
      row(["", "", "", "", "", ""])
    } else {
      for result in report.results {
        out += lead
        Self.rule(result, &out)
      }
    }
    return out
  }

  /// A rule's part of its row, from the comma after the host's fields to the line end.
  static func rule(_ result: RuleResult, _ out: inout [UInt8]) {
    let evidence = result.evidence.map { file in
      let found = file.foundVersion?.text ?? file.foundDate?.description ?? "?"
      let required = file.requiredVersion?.text ?? file.requiredDate?.description ?? "?"
      return "\(file.path) found \(found) required \(required) \(file.result.rawValue)"
    }.joined(separator: "; ")
    let bulletins = [result.bulletins.latest?.id ?? "", result.bulletins.idsWhenSeveral?.joined(separator: " ") ?? ""]
    for field in [result.ruleID, result.verdict.rawValue, result.reason, evidence] + bulletins {
      out.append(0x2C)
      Self.field(field, &out)
    }
    out.append(markup: "\r\n")
  }

  public var writesHostsIndependently: Bool { true }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] { [] }

  /// One RFC 4180 row: fields with a comma, quote or line break are quoted, quotes doubled; a
  /// field a spreadsheet would run as a formula is neutralised first (`formulaTriggers`).
  static func row(_ fields: [String]) -> String {
    var out: [UInt8] = []
    for (number, field) in fields.enumerated() {
      if number > 0 { out.append(0x2C) }
      Self.field(field, &out)
    }
    out.append(markup: "\r\n")
    return String(decoding: out, as: UTF8.self)
  }

  /// One field of a row, quoted when it must be.
  static func field(_ field: String, _ out: inout [UInt8]) {
    let formula = field != "-" && field.unicodeScalars.first.map { formulaTriggers.contains($0) } == true
    if !formula && out.appendIfNone(of: field, where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return }
    out.append(markup: formula ? "\"'" : "\"")
    for byte in field.utf8 {
      if byte == 0x22 { out.append(0x22) }
      out.append(byte)
    }
    out.append(0x22)
  }

  /// First characters that make Excel, LibreOffice or Sheets read a cell as a formula
  /// (`=cmd|' /C calc'!A0`, `=HYPERLINK(...)`), tab and carriage return included. OWASP's advice
  /// for CSV injection: such a cell gets a single quote in front and is quoted. No value the
  /// report writes itself starts with one (verdicts, ids, editions, dates, versions): only names,
  /// paths and reasons read from an inventory or article can. A lone `-` (standard input, as a
  /// source) is no formula and is written as it is.
  static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
