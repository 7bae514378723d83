import Foundation
import KBData

/// The XML report of contract section 6, written with libxml2's xmlTextWriter host by host.
public struct XMLReportWriter: ReportWriter {
  let xml = XMLTreeWriter()
  /// Writes `<rule>` elements at their depth in the report, so they can be cached and spliced in.
  private let rules = RuleFragments()
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

  /// Hosts are independent unless plans are summed up into the fleet plan as they are written.
  public var writesHostsIndependently: Bool { fleetPlan.isEmpty }

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
    if !report.results.isEmpty {
      // The rules are rendered apart (see RuleFragments) and spliced in; libxml2 closes the start tag, the line break is ours.
      xml.raw(report.error == nil ? Array("\n".utf8) : [])
      for result in report.results { xml.raw(rules.bytes(for: result)) }
      if report.plan == nil { xml.raw(Array("  ".utf8)) }  // the indentation libxml2 skips before </host> after raw content
    }
    if let plan = report.plan {
      fleetPlan.add(plan)
      write(plan)
    }
    xml.endElement()
    return xml.drain()
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

  /// Writes one `<rule>` element with `xml`.
  static func rule(_ result: RuleResult, to xml: XMLTreeWriter) {
    xml.startElement("rule")
    xml.attribute("id", result.ruleID)
    xml.attribute("verdict", result.verdict.rawValue)
    xml.attribute("title", result.title)
    if let latest = result.bulletins.latest { xml.attribute("bulletin", latest.id) }
    if let all = result.bulletins.idsWhenSeveral { xml.attribute("bulletins", all.joined(separator: " ")) }
    if let pack = result.servicePack { xml.attribute("service-pack", pack.rawValue) }
    if let mark = result.ignored { write(mark, to: xml) }
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

/// `<rule>` elements rendered by their own xmlTextWriter, positioned inside a host, so that
/// the result of a rule that depends only on a host's edition, service pack and platform
/// is rendered once per profile and copied for every other such host.
///
/// Measured with callgrind on a 1,734-rule knowledge base: most of a host's ~1,200 listed
/// results are such shared ones, and rendering them was most of the audit's writing time.
final class RuleFragments {
  private let xml = XMLTreeWriter()
  private var cache: [BaselineKey: [UInt8]] = [:]

  init() {
    // Stand where a rule stands in the report (inside <hotfix-report><host>), after a
    // first child, so every fragment is rendered with the same indentation.
    xml.startElement("hotfix-report")
    xml.startElement("host")
    xml.startElement("rule")
    xml.endElement()
    _ = xml.drain()
  }

  /// The bytes of one `<rule>` element, from the cache when the result is a shared one.
  func bytes(for result: RuleResult) -> [UInt8] {
    if let key = result.baseline, let cached = cache[key] { return cached }
    XMLReportWriter.rule(result, to: xml)
    let bytes = xml.drain()
    if let key = result.baseline { cache[key] = bytes }
    return bytes
  }
}
