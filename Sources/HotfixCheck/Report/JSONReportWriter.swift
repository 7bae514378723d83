import Foundation
import KBData

/// The report as one JSON object, `{"version": 1, ..., "hosts": [...], "summary": {...}}`, streamed host by host.
public struct JSONReportWriter: ReportWriter {
  private var first = true
  /// The report's time and `--max-age`, for the summary's old inventories.
  private var context: ReportContext?

  public init() {}

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
    return "{\"version\": 1, \"generated\": \(Self.quote(context.generated)), \"rules\": \(context.rules), \"ruleSources\": [\(sources.joined(separator: ", "))], \"hosts\": [\n".bytes
  }

  public mutating func host(_ report: HostReport) -> [UInt8] {
    var object: [String: Any] = [
      "name": report.name, "verdict": report.verdict.rawValue, "source": report.source,
      "edition": report.edition?.rawValue ?? NSNull(), "servicePack": report.servicePack?.rawValue ?? NSNull(),
      "platform": report.platform?.rawValue ?? NSNull(),
      "rules": report.results.map(Self.object),
    ]
    if let error = report.error {
      object["error"] = ["file": error.file, "line": error.line, "column": error.column, "message": error.message]
    }
    let prefix = first ? "" : ",\n"
    first = false
    return (prefix + Self.serialise(object)).bytes
  }

  public mutating func end(_ summary: FleetSummary) -> [UInt8] {
    var counts: [String: Any] = ["hosts": summary.hosts]
    for verdict in Verdict.allCases { counts[verdict.rawValue] = summary.count(verdict) }
    counts["bulletins"] = summary.bulletinNeeds.map { need -> [String: Any] in
      ["id": need.bulletin.id, "hosts": need.hosts, "title": need.bulletin.title ?? NSNull(), "date": need.bulletin.date?.description ?? NSNull()]
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

  static func object(_ result: RuleResult) -> [String: Any] {
    var object: [String: Any] = [
      "id": result.ruleID, "title": result.title, "verdict": result.verdict.rawValue, "reason": result.reason,
      "servicePack": result.servicePack?.rawValue ?? NSNull(),
      "bulletin": result.bulletins.latest?.id ?? NSNull(),
      "files": result.evidence.map { file -> [String: Any] in
        [
          "name": file.name, "path": file.path, "result": file.result.rawValue,
          "requiredVersion": file.requiredVersion?.text ?? NSNull(),
          "requiredDate": file.requiredDate?.description ?? NSNull(),
          "foundVersion": file.foundVersion?.text ?? NSNull(),
          "foundDate": file.foundDate?.description ?? NSNull(),
        ]
      },
    ]
    // `"bulletin"` is one id (contract section 2); all of them where several name the rule.
    if let all = result.bulletins.idsWhenSeveral { object["bulletins"] = all }
    return object
  }

  static func serialise(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }

  /// A JSON string literal.
  static func quote(_ text: String) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]) else { return "\"\"" }
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)  // strip the array's brackets
  }
}
