import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The example fleet (examples/xml) against the seed rule, through `writer`, as one document.
func renderExampleFleet(_ writer: any ReportWriter, ignore: IgnoreList = IgnoreList()) -> String {
  var writer = writer
  let evaluator = Evaluator(rules: [seedRule], ignoreList: ignore, plans: true)
  var summary = FleetSummary()
  var bytes = writer.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1, fleetSummary: true))
  let (inputs, _) = InventoryInput.expand([repositoryRoot.appendingPathComponent("examples/xml").path])
  for input in inputs {
    input.read { item in
      guard case .host(let host) = item else { return }
      let report = evaluator.judge(host)
      summary.add(report)
      bytes += writer.host(report)
    }
  }
  bytes += writer.end(summary)
  return String(decoding: bytes, as: UTF8.self)
}

@Suite struct HtmlReportTests {
  let stylesheetPath = repositoryRoot.appendingPathComponent("schemas/report-html.xsl").path

  /// The binary carries the stylesheet the build embedded from schemas/report-html.xsl, byte for byte.
  @Test func embeddedStylesheetIsTheShippedFile() throws {
    let shipped = try String(contentsOfFile: stylesheetPath, encoding: .utf8)
    #expect(htmlReportStylesheet == shipped)
  }

  @Test func xmlReportWithPlanAndIgnoredRuleValidatesAgainstTheSchema() throws {
    let ignore = try IgnoreList.parse("Q256149 NTENT01 2099-01-01 vendor application pins rpcss.exe", file: "ignore.txt")
    let xml = renderExampleFleet(XMLReportWriter(stylesheet: "report-html.xsl"), ignore: ignore)
    let path = try temporaryFile(xml, suffix: ".xml")
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: path) == [])
    #expect(xml.contains("<?xml-stylesheet type=\"text/xsl\" href=\"report-html.xsl\"?>"))
    #expect(xml.contains("<step order=\"1\" action=\"install-service-pack\" service-pack=\"sp5\">"))
    #expect(xml.contains("<enables rule=\"Q256149\"/>"))
    #expect(xml.contains("action=\"reinstall-hotfix\" hotfix=\"Q256149\""))
    #expect(xml.contains("<plan hosts=\"4\">"))
    #expect(
      xml.contains(
        "<step action=\"install-hotfix\" hotfix=\"Q256149\" title=\"Memory Leak Using Multiple Threads to Call CoGetClassObject()\" hosts=\"3\" settles=\"3\"/>"
      ))
    #expect(xml.contains("verdict=\"ignored\""))
    #expect(
      xml.contains("ignored-reason=\"vendor application pins rpcss.exe\" ignored-verdict=\"fix-needed\" ignored-until=\"2099-01-01\""))
  }

  @Test func htmlPageHasTheChartThePlanAndFoundAgainstRequired() throws {
    let html = renderExampleFleet(HTMLReportWriter())
    #expect(html.hasPrefix("<!DOCTYPE html"))
    #expect(html.contains("<svg"))
    #expect(html.contains("Install SP5"))
    #expect(html.contains("Reinstall Q256149"))
    #expect(html.contains("needed first by"))
    #expect(html.contains("4.0.1381.33423"))  // found on NTTSE01
    #expect(html.contains("4.0.1381.33478"))  // required there
    #expect(html.contains("2000-04-02"))  // NTALPHA1's rpcss.exe, up to date: still shown found against required
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("http://") || !html.contains("src=\"http"))
  }

  /// The page made host by host (the writer) and in one go from the XML report (as a browser
  /// does with the xml-stylesheet instruction) say the same.
  @Test func pageInPartsMatchesThePageInOneGo() throws {
    let parts = renderExampleFleet(HTMLReportWriter())
    let whole = String(decoding: try HTMLReportWriter.render(Array(renderExampleFleet(XMLReportWriter()).utf8)), as: UTF8.self)
    func words(_ html: String) -> [Substring] {
      html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression).split(whereSeparator: \.isWhitespace)
    }
    #expect(words(parts) == words(whole))
    for html in [parts, whole] {
      #expect(html.contains("href=\"#host-5\""))
      #expect(html.contains("id=\"host-5\""))
    }
    #expect(!parts.contains("hotfix-check:hosts"))
  }

  @Test func everyReportFormatNamesHtml() {
    #expect(ReportFormat(rawValue: "html") == .html)
    #expect(ReportFormat.html.makeWriter() is HTMLReportWriter)
  }
}
