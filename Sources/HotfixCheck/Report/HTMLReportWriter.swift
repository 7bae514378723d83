import KBData

/// The report as one self-contained HTML page: the XML report, transformed at the end by the
/// stylesheet the binary carries (`schemas/report-html.xsl`) with libxslt.
///
/// The page needs the whole fleet (chart, plan), so the XML is kept until `end`.
public struct HTMLReportWriter: ReportWriter {
  private var xml = XMLReportWriter()
  private var document: [UInt8] = []

  public init() {}

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    document = xml.begin(context)
    return []
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    document += xml.host(report)
    return []
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    document += xml.end(summary)
    defer { document = [] }
    do {
      return try Self.render(document)
    } catch {
      // Not expected: the stylesheet is tested with the reports this program writes.
      return "<!DOCTYPE html>\n<html><body><h1>hotfix-check</h1><p>The HTML page could not be made.</p></body></html>\n".bytes
    }
  }

  /// An XML report (as `XMLReportWriter` writes it) as the HTML page.
  public static func render(_ report: [UInt8]) throws -> [UInt8] {
    let transform = try XSLTTransform(stylesheet: htmlReportStylesheet, name: "report-html.xsl")
    return try transform.apply(to: report, name: "report.xml")
  }
}
