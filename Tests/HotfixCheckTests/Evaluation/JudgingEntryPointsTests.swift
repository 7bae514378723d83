import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// Every way into contract section 4 gives the same verdict: `Evaluator.judge(_:against:)`,
/// `check` (the readers' name filter, then the rule index), `audit`'s fleet summary, and the planner.
@Suite struct JudgingEntryPointsTests {
  /// A rule naming a file with a non-ASCII name: Unicode lower-casing on the reader's side and
  /// ASCII on the judging side made it `not-applicable` through `check` and `fix-needed` through
  /// `Evaluator.judge(_:against:)`. Both now use `FileNameKey`, and a name in another case matches too.
  @Test(arguments: ["MÜLL.DLL", "müll.dll", "Müll.dll"])
  func nonASCIIFileNameGetsOneVerdictThroughEveryPath(_ onHost: String) throws {
    let rule = Rule(id: "Q900001", title: "t", files: [RuleFile(name: "MÜLL.DLL", date: FileDate(year: 2000, month: 1, day: 1))])
    let path = "C:\\WINNT\\system32\\\(onHost)"
    let host = HostInventory(
      name: "H1", edition: .server, servicePack: .sp6a, platform: .intel,
      files: [InventoryFile(path: path, date: FileDate(year: 1999, month: 1, day: 1))])
    #expect(Evaluator.judge(host, against: rule).verdict == .fixNeeded)
    let inventory = try temporaryFile(
      """
      <host name="H1" edition="server" service-pack="sp6a" platform="intel">
        <file path="\(path)" date="1999-01-01"/>
      </host>
      """, suffix: ".xml")
    let checked = try runReports([inventory], rules: [rule])
    #expect(checked.map(\.verdict) == [.fixNeeded])
    let csv = try temporaryFile("host,edition,service_pack,platform,path,date\nH1,server,sp6a,intel,\(path),1999-01-01\n", suffix: ".csv")
    #expect(try runReports([csv], rules: [rule]).map(\.verdict) == [.fixNeeded])
    #expect(try runReports([csv], rules: [rule], fleetSummaryOnly: true).map(\.verdict) == [.fixNeeded])
  }
}

/// Reports of `FleetRun` over `arguments`, host by host in report order, as `check` makes them.
func runReports(
  _ arguments: [String], rules: [Rule], manifests: [ServicePackManifest] = [], fleetSummaryOnly: Bool = false, plans: Bool = false
) throws -> [HostReport] {
  let sink = ReportSink()
  var writer: any ReportWriter = CapturingWriter(sink: sink)
  let output = try ReportOutput(path: "/dev/null")
  let evaluator = Evaluator(
    rules: rules, manifests: manifests, includeNotApplicable: true, plans: plans, fleetSummaryOnly: fleetSummaryOnly)
  _ = FleetRun(evaluator: evaluator, context: ReportContext(rules: rules.count), threads: 2)
    .run(arguments: arguments, writer: &writer, output: output, warn: { _ in })
  try output.commit()
  return sink.reports
}

/// Where `CapturingWriter` puts the reports it is handed.
final class ReportSink: @unchecked Sendable {
  var reports: [HostReport] = []
}

/// A writer that writes nothing and keeps every host's report.
struct CapturingWriter: ReportWriter {
  let sink: ReportSink
  mutating func begin(_ context: ReportContext) -> [UInt8] { [] }
  mutating func host(_ report: HostReport) -> [UInt8] {
    sink.reports.append(report)
    return []
  }
  mutating func end(_ summary: FleetSummary) -> [UInt8] { [] }
}
