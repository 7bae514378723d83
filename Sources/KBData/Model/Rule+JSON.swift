import Foundation

extension Rule {
  /// The rule as the JSON object of contract section 2 (`kb show --format json`).
  ///
  /// Beyond the seven fields: `"bulletin"` (contract section 2: one id, the latest where several
  /// name the rule, `Array.latest`) with `"bulletins"` (each, oldest first, with its title and date), `"replacedBy"`, and
  /// `"disputedFiles"` (a catalog's rows for files the article lists at another version). A fact
  /// a security catalog gave carries `"source"`: the catalog.
  public var jsonObject: [String: Any] {
    func ref(_ r: ServicePackRef) -> [String: Any] {
      ["edition": r.edition?.rawValue ?? NSNull(), "servicePack": r.servicePack.rawValue].merging(r.source.map { ["source": $0] } ?? [:]) {
        a, _ in a
      }
    }
    func file(_ f: RuleFile) -> [String: Any] {
      [
        "edition": f.edition?.rawValue ?? NSNull(),
        "platform": f.platform?.rawValue ?? NSNull(),
        "name": f.name,
        "version": f.version?.text ?? NSNull(),
        "date": f.date?.description ?? NSNull(),
        "size": f.size ?? NSNull(),
      ].merging(f.origin?.catalog.map { ["source": $0] } ?? [:]) { a, _ in a }
        // A build for some service packs only (`RuleFile.servicePacks`): the first and last.
        .merging(f.servicePacks.map { ["servicePacks": [$0.lowerBound.rawValue, $0.upperBound.rawValue]] } ?? [:]) { a, _ in a }
    }
    var object: [String: Any] = [
      "id": id,
      "title": title,
      "editions": editions.sorted().map(\.rawValue),
      "requires": requires.map(ref),
      "fixedIn": fixedIn.map(ref),
      "files": files.map(file),
    ]
    if let latest = bulletins.latest {
      object["bulletin"] = latest.id
      object["bulletins"] = bulletins.map { b -> [String: Any] in
        ["id": b.id, "title": b.title ?? NSNull(), "date": b.date?.description ?? NSNull()]
      }
    }
    if !replacedBy.isEmpty {
      object["replacedBy"] = replacedBy.map { r -> [String: Any] in
        ["rule": r.rule, "bulletin": r.bulletin ?? NSNull(), "basis": r.basis.rawValue]
      }
    }
    if !disputedFiles.isEmpty { object["disputedFiles"] = disputedFiles.map(file) }
    return object
  }

  /// Serialises rules (or one rule) as pretty, key-sorted JSON text.
  public static func json(_ value: Any) -> String {
    let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }
}
