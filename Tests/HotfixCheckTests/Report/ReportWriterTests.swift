import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct ReportWriterTests {
  /// A small fleet: one host per interesting verdict, one unreadable input, odd characters in paths.
  func reports(fleetSummaryOnly: Bool = false) -> [HostReport] {
    let evaluator = Evaluator(rules: [seedRule], fleetSummaryOnly: fleetSummaryOnly)
    let hosts = [
      HostInventory(
        name: "NT&01", edition: .server, servicePack: .sp6a, platform: .intel, files: [file("C:\\a<b>\"c\"\\rpcss.exe", nil, "1999-10-14")],
        source: "x.xml"),
      HostInventory(
        name: "NT02", edition: .server, servicePack: .sp4, platform: .intel, files: [file("rpcss.exe", "4.0.1381.133", "1998-10-13")],
        source: "x.xml"),
      HostInventory(
        name: "NT03", edition: .terminalServer, servicePack: .sp6, platform: .intel, files: [file("ole32.dll", "4.0.1381.33478")],
        source: "y.csv"),
      HostInventory(name: "NT04\u{1}", edition: .workstation, servicePack: .sp6a, platform: .alpha, files: [], source: "y.csv"),
    ]
    return hosts.map(evaluator.judge) + [
      HostReport(failure: InventoryError(file: "bad.csv", line: 3, column: 7, message: "unknown edition \"x\"", host: "NT05"))
    ]
  }

  func render(_ format: ReportFormat, fleetSummary: Bool = true, fleetSummaryOnly: Bool = false) -> (String, FleetSummary) {
    var writer = format.makeWriter()
    var summary = FleetSummary()
    var bytes = writer.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1, fleetSummary: fleetSummary))
    for (number, report) in reports(fleetSummaryOnly: fleetSummaryOnly).enumerated() {
      summary.add(report)
      bytes += (number > 0 ? writer.hostSeparator : []) + writer.host(report)
    }
    bytes += writer.end(summary)
    return (String(decoding: bytes, as: UTF8.self), summary)
  }

  @Test func xmlReportValidatesAgainstTheReportSchema() throws {
    let (xml, summary) = render(.xml)
    let path = try temporaryFile(xml, suffix: ".xml")
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: path) == [])
    #expect(xml.contains("name=\"NT&amp;01\""))
    #expect(xml.contains("path=\"C:\\a&lt;b&gt;&quot;c&quot;\\rpcss.exe\""))
    #expect(xml.contains("<summary hosts=\"5\" fix-needed=\"1\" prerequisite-missing=\"1\""))
    #expect(xml.contains("verdict=\"error\""))
    #expect(summary.exitStatus == 2)
  }

  @Test func schemaRejectsABrokenReport() throws {
    let path = try temporaryFile("<hotfix-report version=\"1\" generated=\"now\" rules=\"x\"/>", suffix: ".xml")
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(!validator.validate(documentAt: path).isEmpty)
  }

  @Test func jsonReportParsesWithEveryHost() throws {
    let (json, _) = render(.json)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let hosts = try #require(object["hosts"] as? [[String: Any]])
    #expect(hosts.map { $0["verdict"] as? String } == ["fix-needed", "prerequisite-missing", "up-to-date", "not-applicable", "error"])
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["hosts"] as? Int == 5)
  }

  @Test func csvReportHasARowPerHostAndRule() {
    let (csv, _) = render(.csv)
    let lines = csv.split(separator: "\r\n")
    #expect(lines.first == "host,edition,service_pack,platform,source,host_verdict,rule,verdict,reason,evidence,bulletin,bulletins")
    #expect(lines.count == 6)
    #expect(lines[1].hasPrefix("NT&01,server,sp6a,intel,x.xml,fix-needed,Q256149,fix-needed,"))
    #expect(lines[5].contains("bad.csv:3:7: error: unknown edition"))
  }

  @Test func textReportShowsFoundAgainstRequired() {
    let (text, _) = render(.text, fleetSummary: false)
    #expect(text.contains("NT02  server sp4 intel  prerequisite-missing"))
    #expect(text.contains("found 4.0.1381.133 1998-10-13, required 2000-03-14 (older)"))
    #expect(text.contains("Rpcss.exe is older than the fix, which requires SP5; the host has SP4: install SP5 first"))
    #expect(text.contains("bad.csv:3:7: error:"))
    #expect(!text.contains("Rules needed by most hosts"))
  }

  /// `audit`: a line per host and the fleet summary, the same whether the evaluator keeps every result or only the needed ones.
  @Test func fleetSummaryIsALinePerHostAndTheSummary() {
    let (full, _) = render(.text)
    let (lean, summary) = render(.text, fleetSummaryOnly: true)
    #expect(lean == full)
    #expect(lean.contains("NT02  server sp4 intel  prerequisite-missing: 1 rule(s) needed, 0 up to date  (x.xml)"))
    #expect(lean.contains("NT03  terminal-server sp6 intel  up-to-date: 0 rule(s) needed, 1 up to date  (y.csv)"))
    #expect(!lean.contains("found 4.0.1381.133"))
    #expect(lean.contains("Q256149  2 host(s)"))
    #expect(lean.contains("SP5 on 1 host(s)"))
    #expect(lean.contains("bad.csv:3:7: error:"))
    #expect(summary.exitStatus == 2)
  }
}
