import KBData

/// The report for a person: a line per host, then the rules it needs with found against required;
/// for `audit`, a line per host and the fleet summary.
public struct TextReportWriter: ReportWriter {
  private var fleetSummary = false
  private var context: ReportContext?

  public init() {}

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    fleetSummary = context.fleetSummary
    self.context = context
    return (VisibleText.escaping("hotfix-check report, \(context.generated), \(context.rulesLine)") + "\n\n").bytes
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    var lines: [String] = []
    if let error = report.error {
      lines.append("\(report.name)  error  (\(report.source))")
      lines.append("  \(error)")
      return Self.text(lines, then: "\n\n")
    }
    let profile = [report.edition?.rawValue, report.servicePack?.rawValue, report.platform?.rawValue].compactMap { $0 }
    lines.append(
      "\(report.name)  \(profile.joined(separator: " "))  \(report.verdict.rawValue): \(report.tally.needed) rule(s) needed, \(report.tally[.upToDate]) up to date  (\(report.source))"
    )
    // The fleet summary (audit) is a line per host; `check` (or another format) gives the rules.
    if fleetSummary { return Self.text(lines, then: "\n") }
    // Not-applicable results are in the report only when asked for (--include-not-applicable).
    for result in report.listedResults where result.verdict != .upToDate {
      lines.append("  \(result.ruleID)  \(result.verdict.rawValue)  \(result.bulletins.readable.map { $0 + "  " } ?? "")\(result.title)")
      lines.append("    \(result.reason)")
      for file in result.evidence where file.result != .current {
        let found = [file.foundVersion?.text, file.foundDate?.description].compactMap { $0 }
        let required = [file.requiredVersion?.text, file.requiredDate?.description].compactMap { $0 }
        lines.append(
          "    \(file.path): found \(found.isEmpty ? "nothing comparable" : found.joined(separator: " ")), required \(required.isEmpty ? "-" : required.joined(separator: " ")) (\(file.result.rawValue))"
        )
      }
    }
    return Self.text(lines, then: "\n\n")
  }

  /// Lines as report text: each escaped (`VisibleText`), so that no name, path or title read from
  /// an input can add a line or drive the terminal.
  static func text(_ lines: [String], then ending: String) -> [UInt8] {
    (lines.map(VisibleText.escaping).joined(separator: "\n") + ending).bytes
  }

  public var writesHostsIndependently: Bool { true }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    var lines = ["\(summary.hosts) host(s): " + Self.counts(summary)]
    if fleetSummary {
      lines.insert("", at: 0)  // after the host lines
      lines.append("")
      lines.append("Hosts by worst verdict:")
      for verdict in Verdict.allCases.reversed() where summary.count(verdict) > 0 {
        lines.append("  \(verdict.rawValue): \(summary.count(verdict))")
      }
      let bulletins = summary.bulletinNeeds
      if !bulletins.isEmpty {
        // An auditor's first question: which security bulletins each host misses.
        lines.append("Security bulletins missing:")
        for need in bulletins {
          lines.append("  \(need.bulletin.id) missing on \(need.hosts) host(s)\(need.bulletin.title.map { "  " + $0 } ?? "")")
        }
      }
      let top = summary.topRules(10)
      if !top.isEmpty {
        lines.append("Rules needed by most hosts:")
        for rule in top { lines.append("  \(rule.id)  \(rule.hosts) host(s)  \(rule.title)") }
      }
      if !summary.servicePackNeeds.isEmpty {
        lines.append("Service packs needed:")
        for (pack, hosts) in summary.servicePackNeeds.sorted(by: { $0.key > $1.key }) {
          lines.append("  \(pack.displayName) on \(hosts) host(s)")
        }
      }
      if let context { lines += Self.collectionLines(summary, context) }
      if !summary.failures.isEmpty {
        lines.append("Inputs that could not be read:")
        for failure in summary.failures { lines.append("  \(failure)") }
      }
    }
    return Self.text(lines, then: "\n")
  }

  static func counts(_ summary: FleetSummary) -> String {
    Verdict.allCases.reversed().map { "\($0.rawValue) \(summary.count($0))" }.joined(separator: ", ")
  }
}
