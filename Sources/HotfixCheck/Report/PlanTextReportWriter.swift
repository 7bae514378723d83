import KBData

/// The text report with each host's plan after its rules and the fleet plan before the summary.
public struct PlanTextReportWriter: ReportWriter {
  private var text = TextReportWriter()
  private var fleetPlan = FleetPlan()

  public init() {}

  public mutating func begin(_ context: ReportContext) -> [UInt8] { text.begin(context) }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    var bytes = text.host(report)
    guard let plan = report.plan, report.error == nil else { return bytes }
    fleetPlan.add(plan)
    // The text writer ends a host with a blank line: the plan goes just before it.
    if bytes.last == 10 { bytes.removeLast() }
    return bytes + TextReportWriter.text(Self.lines(plan), then: "\n\n")
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    var lines: [String] = []
    if !fleetPlan.isEmpty {
      lines.append("Plan for the fleet (\(FleetPlan.count(fleetPlan.hosts, "host")) with something to install):")
      for entry in fleetPlan.steps { lines.append("  \(entry.summary)") }
      lines.append("")
    }
    return (lines.isEmpty ? [] : TextReportWriter.text(lines, then: "\n")) + text.end(summary)
  }

  /// `  plan: nothing to install`, or the numbered steps with the rules each settles.
  static func lines(_ plan: HostPlan) -> [String] {
    guard !plan.isEmpty else { return ["  plan: nothing to install"] }
    var lines = ["  plan:"]
    for (number, step) in plan.steps.enumerated() {
      var line = "    \(number + 1). \(step.summary)"
      if let title = step.title { line += "  \(title)" }
      lines.append(line)
      if !step.settles.isEmpty {
        let settled = step.settles.map { $0.rule == step.hotfix ? $0.rule : "\($0.rule) (\($0.reason))" }
        lines.append("       settles " + settled.joined(separator: "; "))
      }
      if !step.enables.isEmpty { lines.append("       needed first by " + step.enables.joined(separator: ", ")) }
      if !step.bulletins.isEmpty { lines.append("       bulletins " + step.bulletins.joined(separator: ", ")) }
    }
    return lines
  }
}

extension ReportFormat {
  /// A fresh writer of this format; with `plans`, the text and XML reports carry the plans
  /// (the HTML page always shows what the report carries; JSON and CSV have no plan).
  public func makeWriter(plans: Bool, stylesheet: String? = nil) -> any ReportWriter {
    switch self {
    case .text where plans: PlanTextReportWriter()
    case .xml: XMLReportWriter(stylesheet: stylesheet)
    default: makeWriter()
    }
  }
}
