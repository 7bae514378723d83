import KBData

/// The XML report of contract section 6, written with libxml2's xmlTextWriter host by host.
public struct XMLReportWriter: ReportWriter {
  let xml = XMLTreeWriter()
  /// The host plans summed up as hosts are written, for the fleet plan before the summary.
  var fleetPlan = FleetPlan()
  /// An `xml-stylesheet` reference for browsers, when set.
  public var stylesheet: String?

  public init(stylesheet: String? = nil) { self.stylesheet = stylesheet }

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    xml.startDocument()
    if let stylesheet { xml.processingInstruction("xml-stylesheet", "type=\"text/xsl\" href=\"\(stylesheet)\"") }
    xml.startElement("hotfix-report")
    xml.attribute("version", "1")
    xml.attribute("generated", context.generated)
    xml.attribute("rules", String(context.rules))
    return xml.drain()
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    xml.startElement("host")
    xml.attribute("name", report.name)
    if let edition = report.edition { xml.attribute("edition", edition.rawValue) }
    if let pack = report.servicePack { xml.attribute("service-pack", pack.rawValue) }
    if let platform = report.platform { xml.attribute("platform", platform.rawValue) }
    xml.attribute("verdict", report.verdict.rawValue)
    xml.attribute("source", report.source)
    if let error = report.error {
      xml.startElement("error")
      xml.attribute("file", error.file)
      xml.attribute("line", String(error.line))
      xml.attribute("column", String(error.column))
      xml.text(error.message)
      xml.endElement()
    }
    for result in report.results { rule(result) }
    if let plan = report.plan {
      fleetPlan.add(plan)
      write(plan)
    }
    xml.endElement()
    return xml.drain()
  }

  private func rule(_ result: RuleResult) {
    xml.startElement("rule")
    xml.attribute("id", result.ruleID)
    xml.attribute("verdict", result.verdict.rawValue)
    xml.attribute("title", result.title)
    if let pack = result.servicePack { xml.attribute("service-pack", pack.rawValue) }
    if let mark = result.ignored { write(mark) }
    xml.startElement("reason")
    xml.text(result.reason)
    xml.endElement()
    for file in result.evidence {
      xml.startElement("file")
      xml.attribute("name", file.name)
      xml.attribute("path", file.path)
      if let value = file.requiredVersion { xml.attribute("required-version", value.text) }
      if let value = file.requiredDate { xml.attribute("required-date", value.description) }
      if let value = file.foundVersion { xml.attribute("found-version", value.text) }
      if let value = file.foundDate { xml.attribute("found-date", value.description) }
      xml.attribute("result", file.result.rawValue)
      xml.endElement()
    }
    xml.endElement()
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    if !fleetPlan.isEmpty { write(fleetPlan) }
    xml.startElement("summary")
    xml.attribute("hosts", String(summary.hosts))
    for verdict in [Verdict.fixNeeded, .prerequisiteMissing, .regressed, .upToDate, .unknown, .notApplicable, .ignored, .error] {
      xml.attribute(verdict.rawValue, String(summary.count(verdict)))
    }
    xml.endElement()
    xml.endElement()
    xml.endDocument()
    return xml.drain()
  }
}
