import Foundation

extension Rule {
  /// The rule as the JSON object of contract section 2 (`kb show --format json`).
  public var jsonObject: [String: Any] {
    func ref(_ r: ServicePackRef) -> [String: Any] {
      ["edition": r.edition?.rawValue ?? NSNull(), "servicePack": r.servicePack.rawValue].merging(r.source.map { ["source": $0] } ?? [:]) { a, _ in a }
    }
    return [
      "id": id,
      "title": title,
      "editions": editions.sorted().map(\.rawValue),
      "requires": requires.map(ref),
      "fixedIn": fixedIn.map(ref),
      "files": files.map { f -> [String: Any] in
        [
          "edition": f.edition?.rawValue ?? NSNull(),
          "platform": f.platform?.rawValue ?? NSNull(),
          "name": f.name,
          "version": f.version?.text ?? NSNull(),
          "date": f.date?.description ?? NSNull(),
          "size": f.size ?? NSNull(),
        ]
      },
    ]
  }

  /// Serialises rules (or one rule) as pretty, key-sorted JSON text.
  public static func json(_ value: Any) -> String {
    let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: options) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }
}
