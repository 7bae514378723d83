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
    sumUp(report)
    // The text writer ends a host with a blank line: the plan goes just before it.
    if bytes.last == 10 { bytes.removeLast() }
    Self.write(plan, to: &bytes)
    bytes.append(10)
    return bytes
  }

  /// Hosts are written on the judging threads; this writer sums their plans up for the end.
  public var writesHostsIndependently: Bool { true }

  public mutating func sumUp(_ report: HostReport) {
    guard let plan = report.plan, report.error == nil else { return }
    fleetPlan.add(plan)
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

  /// `  plan: nothing to install`, or the numbered steps with the rules each settles, each line
  /// ended and escaped (`VisibleText`). Written piece by piece into the report: escaping a line
  /// is escaping its pieces one after another, and building each line (a service pack's settles
  /// hundreds of rules) as strings to join was 5% of `audit --plan` (perf).
  static func write(_ plan: HostPlan, to bytes: inout [UInt8]) {
    func visible(_ text: String) { bytes += VisibleText.escaping(text).utf8 }
    /// `       label a, b, c`, a line, when there are items.
    func list(_ label: String, _ items: [String]) {
      guard !items.isEmpty else { return }
      bytes += "       \(label) ".utf8
      for (index, item) in items.enumerated() {
        if index > 0 { bytes += ", ".utf8 }
        visible(item)
      }
      bytes.append(10)
    }
    guard !plan.isEmpty else {
      bytes += "  plan: nothing to install\n".utf8
      return
    }
    bytes += "  plan:\n".utf8
    for (number, step) in plan.steps.enumerated() {
      visible("    \(number + 1). \(step.summary)")
      if let title = step.title {
        bytes += "  ".utf8
        visible(title)
      }
      bytes.append(10)
      if !step.settles.isEmpty {
        bytes += "       settles ".utf8
        for (index, settled) in step.settles.enumerated() {
          if index > 0 { bytes += "; ".utf8 }
          visible(settled.rule)
          if settled.rule != step.hotfix {
            bytes += " (".utf8
            visible(settled.reason)
            bytes += ")".utf8
          }
        }
        bytes.append(10)
      }
      list("needed first by", step.enables)
      list("bulletins", step.bulletins)
    }
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
