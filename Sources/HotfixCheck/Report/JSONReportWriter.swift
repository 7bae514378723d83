import Foundation
import KBData

/// The report as one JSON object, `{"version": 1, ..., "hosts": [...], "summary": {...}}`, streamed host by host.
public struct JSONReportWriter: ReportWriter {
  /// The report's time and `--max-age`, for the summary's old inventories.
  private var context: ReportContext?

  public init() {}

  public var writesHostsIndependently: Bool { true }

  public var hostSeparator: [UInt8] { Array(",\n".utf8) }

  public mutating func begin(_ context: ReportContext) -> [UInt8] {
    self.context = context
    let sources = context.ruleSources.map { source -> String in
      var fields = ["\"kind\": \(Self.quote(source.kindName))", "\"rules\": \(source.rules)"]
      if let stamp = source.archive {
        fields += ["\"archive\": \(Self.quote(stamp.name))", "\"revision\": \(Self.quote(stamp.revision))"]
        if let date = stamp.date { fields.append("\"date\": \(Self.quote(date.description))") }
      }
      if let path = source.path { fields.append("\"path\": \(Self.quote(path))") }
      if let catalog = source.securityCatalog {
        if let version = catalog.dataVersion { fields.append("\"dataVersion\": \(Self.quote(version))") }
        if let date = catalog.date { fields.append("\"date\": \(Self.quote(date.description))") }
        fields.append("\"merged\": \(source.merged)")
      }
      return "{" + fields.joined(separator: ", ") + "}"
    }
    return
      "{\"version\": 1, \"generated\": \(Self.quote(context.generated)), \"rules\": \(context.rules), \"ruleSources\": [\(sources.joined(separator: ", "))], \"hosts\": [\n"
      .bytes
  }

  /// One host object, its keys in sorted order as JSONSerialization's `.sortedKeys` writes them.
  public mutating func host(_ report: HostReport) -> [UInt8] {
    var out: [UInt8] = []
    out.append(markup: "{\"edition\":")
    out.append(jsonString: report.edition?.rawValue)
    if let error = report.error {
      out.append(",\"error\":{\"column\":\(error.column),\"file\":")
      out.append(jsonString: error.file)
      out.append(",\"line\":\(error.line),\"message\":")
      out.append(jsonString: error.message)
      out.append(markup: "}")
    }
    out.append(markup: ",\"name\":")
    out.append(jsonString: report.name)
    out.append(markup: ",\"platform\":")
    out.append(jsonString: report.platform?.rawValue)
    out.append(markup: ",\"rules\":[")
    if let shared = report.shared {
      // Each shared rendering starts with the comma that separates it from the one before.
      let baseline = shared.baseline.rendering("json") {
        ProfileRendering($0) { result, out in
          out.append(0x2C); Self.rule(result, &out)
        }
      }
      out.reserveCapacity(baseline.bytes.count + shared.own.count * 512)
      var empty = true
      shared.forEach(
        shared: { run in
          let bytes = baseline.bytes(run)
          guard !bytes.isEmpty else { return }
          out += empty ? bytes.dropFirst() : bytes
          empty = false
        },
        own: { result in
          if !empty { out.append(0x2C) }
          Self.rule(result, &out)
          empty = false
        })
    } else {
      for (number, result) in report.results.enumerated() {
        if number > 0 { out.append(0x2C) }
        Self.rule(result, &out)
      }
    }
    out.append(markup: "],\"servicePack\":")
    out.append(jsonString: report.servicePack?.rawValue)
    out.append(markup: ",\"source\":")
    out.append(jsonString: report.source)
    out.append(markup: ",\"verdict\":")
    out.append(jsonString: report.verdict.rawValue)
    out.append(markup: "}")
    return out
  }

  /// One rule object.
  /// A version or date as a JSON string, or `null`: digits, dots and dashes need no escaping,
  /// and a string made per value cost 7% of the JSON report's CPU (perf stat, 1,000 hosts).
  private static func appendLevel(_ version: FileVersion?, _ out: inout [UInt8]) {
    guard let version else { return out.append(markup: "null") }
    out.append(0x22)
    version.append(to: &out)
    out.append(0x22)
  }

  private static func appendLevel(_ date: FileDate?, _ out: inout [UInt8]) {
    guard let date else { return out.append(markup: "null") }
    out.append(0x22)
    date.append(to: &out)
    out.append(0x22)
  }

  static func rule(_ result: RuleResult, _ out: inout [UInt8]) {
    // `"bulletin"` is one id (contract section 2); `"bulletins"` all of them where several name the rule.
    out.append(markup: "{\"bulletin\":")
    out.append(jsonString: result.bulletins.latest?.id)
    if let all = result.bulletins.idsWhenSeveral {
      out.append(markup: ",\"bulletins\":[")
      for (number, id) in all.enumerated() {
        if number > 0 { out.append(0x2C) }
        out.append(jsonString: id)
      }
      out.append(markup: "]")
    }
    out.append(markup: ",\"files\":[")
    for (number, file) in result.evidence.enumerated() {
      if number > 0 { out.append(0x2C) }
      out.append(markup: "{\"foundDate\":")
      appendLevel(file.foundDate, &out)
      out.append(markup: ",\"foundVersion\":")
      appendLevel(file.foundVersion, &out)
      out.append(markup: ",\"name\":")
      out.append(jsonString: file.name)
      out.append(markup: ",\"path\":")
      out.append(jsonString: file.path)
      out.append(markup: ",\"requiredDate\":")
      appendLevel(file.requiredDate, &out)
      out.append(markup: ",\"requiredVersion\":")
      appendLevel(file.requiredVersion, &out)
      out.append(markup: ",\"result\":")
      out.append(jsonString: file.result.rawValue)
      out.append(markup: "}")
    }
    out.append(markup: "],\"id\":")
    out.append(jsonString: result.ruleID)
    out.append(markup: ",\"reason\":")
    out.append(jsonString: result.reason)
    out.append(markup: ",\"servicePack\":")
    out.append(jsonString: result.servicePack?.rawValue)
    out.append(markup: ",\"title\":")
    out.append(jsonString: result.title)
    out.append(markup: ",\"verdict\":")
    out.append(jsonString: result.verdict.rawValue)
    out.append(markup: "}")
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    var counts: [String: Any] = ["hosts": summary.hosts]
    for verdict in Verdict.allCases { counts[verdict.rawValue] = summary.count(verdict) }
    counts["bulletins"] = summary.bulletinNeeds.map { need -> [String: Any] in
      [
        "id": need.bulletin.id, "hosts": need.hosts, "title": need.bulletin.title ?? NSNull(),
        "date": need.bulletin.date?.description ?? NSNull(),
      ]
    }
    // The inventories themselves (issue 15): which to collect again, which hold no hotfix list.
    let time = ISO8601DateFormatter()
    counts["inventoryMaxAge"] = context?.maxInventoryAge ?? ReportContext.defaultMaxInventoryAge
    counts["oldInventories"] = (context.map { summary.oldInventories($0) } ?? []).map { old -> [String: Any] in
      ["host": old.stamp.host, "source": old.stamp.source, "collected": time.string(from: old.collected), "days": old.days]
    }
    counts["undatedInventories"] = summary.undatedHosts
    counts["unknownHotfixLists"] = summary.unknownHotfixHosts.map { ["host": $0.host, "source": $0.source] }
    return ("\n], \"summary\": " + Self.serialise(counts) + "}\n").bytes
  }

  static func serialise(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
      return "{}"
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// A JSON string literal, escaped as every string of the report is (`append(jsonString:)`).
  static func quote(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.append(jsonString: text)
    return String(decoding: bytes, as: UTF8.self)
  }
}
