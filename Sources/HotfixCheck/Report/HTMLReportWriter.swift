import KBData

/// The report as one self-contained HTML page, made from the XML report by the stylesheet the
/// binary carries (`schemas/report-html.xsl`) with libxslt.
///
/// The page opens with the whole fleet (chart, plan, host index), so it is written at `end`.
/// To keep memory low on a large fleet, each host's section is made as soon as the host is
/// judged, from a one-host report (the stylesheet's `host` part); at the end the `head` part is
/// made from a bare report (no evidence) and the sections are put in where it marks them.
public struct HTMLReportWriter: ReportWriter {
  private var context = ReportContext(rules: 0)
  private var head = XMLReportWriter()
  private var headDocument: [UInt8] = []
  private var sections: [UInt8] = []
  private var hosts = 0
  private var failure: Error?
  private let transform: XSLTTransform?

  public init() {
    do {
      transform = try XSLTTransform(stylesheet: htmlReportStylesheet, name: "report-html.xsl")
    } catch {
      transform = nil
      failure = error
    }
  }

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    self.context = context
    headDocument = head.begin(context)
    return []
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    hosts += 1
    headDocument += Self.indexEntry(report)
    if let plan = report.plan { head.fleetPlan.add(plan) }
    guard let transform, failure == nil else { return [] }
    var one = XMLReportWriter()
    let document = one.begin(context) + one.host(Self.slim(report)) + one.end(FleetSummary())
    do {
      let section = try transform.apply(to: document, name: "report.xml", parameters: [("part", "'host'"), ("number", String(hosts))])
      sections += Self.droppingDoctype(section)
    } catch {
      failure = error
    }
    return []
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    headDocument += head.end(summary)
    defer {
      headDocument = []
      sections = []
    }
    do {
      if let failure { throw failure }
      guard let transform else { throw XSLTError(message: "no stylesheet") }
      let page = try transform.apply(to: headDocument, name: "report.xml", parameters: [("part", "'head'")])
      let marker = Array("<!--hotfix-check:hosts-->".utf8)
      guard let at = Self.firstIndex(of: marker, in: page) else { throw XSLTError(message: "the page has no place for the hosts") }
      return Array(page[..<at]) + sections + Array(page[(at + marker.count)...])
    } catch {
      // Not expected: the stylesheet is tested with the reports this program writes.
      return "<!DOCTYPE html>\n<html><body><h1>hotfix-check</h1><p>The HTML page could not be made: \(error)</p></body></html>\n".bytes
    }
  }

  /// An XML report (as `XMLReportWriter` writes it, whole) as the HTML page, in one transformation.
  public static func render(_ report: [UInt8]) throws -> [UInt8] {
    let transform = try XSLTTransform(stylesheet: htmlReportStylesheet, name: "report-html.xsl")
    return try transform.apply(to: report, name: "report.xml")
  }

  /// Up to this many up-to-date rules of a host are shown with their files (as the stylesheet does).
  static let upToDateShownInFull = 20

  /// A host with more plan steps, or more rules to act on after its service pack, is summarised
  /// by ids (as the stylesheet does).
  static let actionsShownInFull = 20

  /// The host without what its section does not show: rules its service pack step settles and
  /// long up-to-date lists are listed by id only, and every rule of a summarised host.
  static func slim(_ report: HostReport) -> HostReport {
    let packSettles = Set(report.plan?.steps.first { $0.action == .installServicePack }?.settles.map(\.rule) ?? [])
    let upToDate = report.results.lazy.filter { $0.verdict == .upToDate }.count
    let open = report.results.lazy.filter { $0.verdict.needsAction || $0.verdict == .ignored }.filter { !packSettles.contains($0.ruleID) }
      .count
    let summarised = (report.plan?.steps.count ?? 0) > actionsShownInFull || open > actionsShownInFull
    guard summarised || !packSettles.isEmpty || upToDate > upToDateShownInFull else { return report }
    var slim = report
    for index in slim.results.indices {
      let result = slim.results[index]
      if summarised || packSettles.contains(result.ruleID) || (result.verdict == .upToDate && upToDate > upToDateShownInFull) {
        slim.results[index].evidence = []
        slim.results[index].title = ""
        slim.results[index].reason = ""
      }
    }
    return slim
  }

  /// The host as the head needs it: an empty `<host>` with its counts of needed rules and plan
  /// steps (`needed`, `steps`, which the stylesheet reads where a host has them instead of
  /// counting its rules). Each host's rules and steps in the head made it 1.2 GB of memory
  /// for 1,000 hosts (libxslt's tree of them); the fleet plan is summed as hosts come.
  static func indexEntry(_ report: HostReport) -> [UInt8] {
    var out: [UInt8] = []
    XMLReportWriter.hostStart(report, &out)
    XMLReportWriter.attribute("needed", String(report.tally.needed), &out)
    XMLReportWriter.attribute("steps", String(report.plan?.steps.count ?? 0), &out)
    out.append(markup: "/>\n")
    return out
  }

  /// A section without the `<!DOCTYPE …>` line the stylesheet's `xsl:output` puts before every result.
  static func droppingDoctype(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.starts(with: Array("<!DOCTYPE".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return bytes }
    var rest = bytes[(end + 1)...]
    while let first = rest.first, first == 10 || first == 13 { rest = rest.dropFirst() }
    return Array(rest)
  }

  private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var index = 0
    while index <= haystack.count - needle.count {
      if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
      index += 1
    }
    return nil
  }
}
