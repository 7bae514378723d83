import Foundation
import KBData

/// The XML report of contract section 6: its start and end written with libxml2's xmlTextWriter,
/// each host by hand (`ReportBytes`), in the writer's layout (two spaces a level).
public struct XMLReportWriter: ReportWriter {
  let xml = XMLStreamWriter()
  /// The host plans summed up as hosts are written, for the fleet plan before the summary.
  var fleetPlan = FleetPlan()
  /// An `xml-stylesheet` reference for browsers, when set.
  public var stylesheet: String?
  /// The report's time and `--max-age`, for the summary's old inventories.
  private var context: ReportContext?

  public init(stylesheet: String? = nil) { self.stylesheet = stylesheet }

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    self.context = context
    xml.startDocument()
    // The command line refuses an implausible reference; one that reaches here anyway is left out
    // rather than let it end the instruction and put markup of its own in the report.
    if let stylesheet, Self.stylesheetProblem(stylesheet) == nil {
      let href = stylesheet.replacingOccurrences(of: "&", with: "&amp;")  // pseudo-attributes decode references
      xml.processingInstruction("xml-stylesheet", "type=\"text/xsl\" href=\"\(href)\"")
    }
    xml.startElement("hotfix-report")
    xml.attribute("version", "1")
    xml.attribute("generated", context.generated)
    xml.attribute("rules", String(context.rules))
    // Close the start tag now, so that every host is written from the same writer state,
    // whichever instance (thread) writes it.
    xml.raw(Array("\n".utf8))
    for source in context.ruleSources {
      xml.startElement("rule-source")
      xml.attribute("kind", source.kindName)
      if let stamp = source.archive {
        xml.attribute("archive", stamp.name)
        xml.attribute("revision", stamp.revision)
        if let date = stamp.date { xml.attribute("date", date.description) }
      }
      if let path = source.path { xml.attribute("path", path) }
      if let catalog = source.securityCatalog {
        if let version = catalog.dataVersion { xml.attribute("data-version", version) }
        if let date = catalog.date { xml.attribute("date", date.description) }
      }
      xml.attribute("rules", String(source.rules))
      if source.securityCatalog != nil { xml.attribute("merged", String(source.merged)) }
      xml.endElement()
      xml.raw(Array("\n".utf8))
    }
    return xml.drain()
  }

  /// Hosts are written on the judging threads; the writer that writes the end sums their plans
  /// up into the fleet plan (`sumUp`). Written here in order instead, the hosts of
  /// `audit --plan --format xml` took 1.59x `xmllint --stream` (scripts/bench, 1,000 hosts).
  public var writesHostsIndependently: Bool { true }

  public mutating func sumUp(_ report: HostReport) {
    if let plan = report.plan { fleetPlan.add(plan) }
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    var out: [UInt8] = []
    Self.hostStart(report, &out)
    let rules = report.shared.map { !$0.own.isEmpty || $0.baseline.listsAny } ?? !report.results.isEmpty
    guard report.error != nil || rules || report.plan != nil else {
      out.append(markup: "/>\n")
      return out
    }
    out.append(markup: ">\n")
    if let error = report.error {
      out.append(markup: "    <error")
      Self.attribute("file", error.file, &out)
      Self.attribute("line", String(error.line), &out)
      Self.attribute("column", String(error.column), &out)
      out.append(markup: ">")
      out.append(xmlText: error.message)
      out.append(markup: "</error>\n")
    }
    if let shared = report.shared {
      let baseline = shared.baseline.rendering("xml") { ProfileRendering($0, render: Self.rule) }
      out.reserveCapacity(baseline.bytes.count + shared.own.count * 512)
      shared.forEach(shared: { out += baseline.bytes($0) }, own: { Self.rule($0, &out) })
    } else {
      for result in report.results { Self.rule(result, &out) }
    }
    if let plan = report.plan {
      sumUp(report)
      Self.write(plan, &out)
    }
    out.append(markup: "  </host>\n")
    return out
  }

  /// Why `href` cannot be the stylesheet reference of the report, or nil when it is a plausible URI
  /// reference (RFC 3986: `report-html.xsl`, `../xsl/report.xsl`, `https://host/r.xsl?v=2`).
  /// A `"` or `?>` would end the instruction, and a control character or a character a URI
  /// never holds unescaped (space, `<`, `>`, `\`, non-ASCII) is refused: percent-encode it.
  public static func stylesheetProblem(_ href: String) -> String? {
    if href.isEmpty { return "it is empty" }
    if href.contains("\"") { return "a '\"' would end the xml-stylesheet instruction's href" }
    if href.contains("?>") { return "'?>' would end the xml-stylesheet instruction" }
    let scalars = Array(href.unicodeScalars)
    if let control = scalars.first(where: VisibleText.needsEscape) {
      return "it holds the control character U+\(String(format: "%04X", control.value))"
    }
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=".unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      if scalar == "%" {
        let hex = scalars.dropFirst(index + 1).prefix(2)
        guard hex.count == 2, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return "a '%' must start an escape such as %20" }
        continue
      }
      guard allowed.contains(scalar) else {
        return "'\(scalar)' is not a character of a URI reference (percent-encode it, e.g. a space as %20)"
      }
    }
    return nil
  }

  /// `  <host name=... source="..."`: the start tag of a host, not closed.
  static func hostStart(_ report: HostReport, _ out: inout [UInt8]) {
    out.append(markup: "  <host")
    attribute("name", report.name, &out)
    if let edition = report.edition { attribute("edition", edition.rawValue, &out) }
    if let pack = report.servicePack { attribute("service-pack", pack.rawValue, &out) }
    if let platform = report.platform { attribute("platform", platform.rawValue, &out) }
    attribute("verdict", report.verdict.rawValue, &out)
    attribute("source", report.source, &out)
  }

  /// One `<rule>` element, inside a host.
  static func rule(_ result: RuleResult, _ out: inout [UInt8]) {
    out.append(markup: "    <rule")
    attribute("id", result.ruleID, &out)
    attribute("verdict", result.verdict.rawValue, &out)
    attribute("title", result.title, &out)
    if let latest = result.bulletins.latest { attribute("bulletin", latest.id, &out) }
    if let all = result.bulletins.idsWhenSeveral { attribute("bulletins", all.joined(separator: " "), &out) }
    if let pack = result.servicePack { attribute("service-pack", pack.rawValue, &out) }
    if let mark = result.ignored {
      attribute("ignored-reason", mark.reason, &out)
      attribute("ignored-verdict", mark.verdict.rawValue, &out)
      if let until = mark.until { attribute("ignored-until", until.description, &out) }
    }
    out.append(markup: ">\n      <reason>")
    out.append(xmlText: result.reason)
    out.append(markup: "</reason>\n")
    for file in result.evidence {
      out.append(markup: "      <file")
      attribute("name", file.name, &out)
      attribute("path", file.path, &out)
      level("required-version", file.requiredVersion, &out)
      level("required-date", file.requiredDate, &out)
      level("found-version", file.foundVersion, &out)
      level("found-date", file.foundDate, &out)
      attribute("result", file.result.rawValue, &out)
      out.append(markup: "/>\n")
    }
    out.append(markup: "    </rule>\n")
  }

  /// ` name="4.0.1381.7043"`, when there is a version: digits and dots, nothing to escape.
  private static func level(_ name: StaticString, _ value: FileVersion?, _ out: inout [UInt8]) {
    guard let value else { return }
    out.append(0x20)
    out.append(markup: name)
    out.append(markup: "=\"")
    value.append(to: &out)
    out.append(0x22)
  }

  /// ` name="1999-03-18"`, when there is a date.
  private static func level(_ name: StaticString, _ value: FileDate?, _ out: inout [UInt8]) {
    guard let value else { return }
    out.append(0x20)
    out.append(markup: name)
    out.append(markup: "=\"")
    value.append(to: &out)
    out.append(0x22)
  }

  /// ` name="value"`, the value escaped.
  @inline(__always)
  static func attribute(_ name: StaticString, _ value: String, _ out: inout [UInt8]) {
    out.append(0x20)
    out.append(markup: name)
    out.append(markup: "=\"")
    out.append(xmlAttribute: value)
    out.append(0x22)
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    if !fleetPlan.isEmpty { write(fleetPlan) }
    xml.startElement("summary")
    xml.attribute("hosts", String(summary.hosts))
    for verdict in [Verdict.fixNeeded, .prerequisiteMissing, .regressed, .upToDate, .unknown, .notApplicable, .ignored, .error] {
      xml.attribute(verdict.rawValue, String(summary.count(verdict)))
    }
    let old = context.map { summary.oldInventories($0) } ?? []
    if let context, !old.isEmpty { xml.attribute("inventory-max-age", String(context.maxInventoryAge)) }
    if summary.undatedHosts > 0 { xml.attribute("undated-inventories", String(summary.undatedHosts)) }
    for need in summary.bulletinNeeds {
      xml.startElement("bulletin")
      xml.attribute("id", need.bulletin.id)
      xml.attribute("hosts", String(need.hosts))
      if let title = need.bulletin.title { xml.attribute("title", title) }
      if let date = need.bulletin.date { xml.attribute("date", date.description) }
      xml.endElement()
    }
    Self.collection(old, summary.unknownHotfixHosts, to: xml)
    xml.endElement()
    xml.endElement()
    xml.endDocument()
    return xml.drain()
  }
}
