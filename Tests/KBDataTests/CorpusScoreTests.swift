import Foundation
import Testing

@testable import KBData

/// Scores the parser against the hand-made labels of `../shared/corpus/labels-next`, as
/// `../shared/tools/score-rules` does: the whole corpus is read, so that the service packs' fix
/// lists apply; skipped when `../shared` is not beside the project.
@Suite struct CorpusScoreTests {
  static let shared = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared")
  static let corpus = shared.appendingPathComponent("corpus/kbarchive-nt")
  static let labels = shared.appendingPathComponent("corpus/labels-next")
  static var available: Bool { FileManager.default.fileExists(atPath: labels.path) }

  /// A rule reduced to what the scorer compares, in a canonical order.
  struct Key: Equatable {
    var editions: [String]
    var requires: [String]
    var fixedIn: [String]
    var files: [String]
  }

  static func refs(_ list: Any?) -> [String] {
    ((list as? [[String: Any]]) ?? []).map { ref in
      "\((ref["edition"] as? String) ?? "null")/\(((ref["servicePack"] as? String) ?? "").lowercased())"
    }.sorted()
  }

  static func files(_ list: Any?) -> [String] {
    ((list as? [[String: Any]]) ?? []).map { file in
      let version = (file["version"] as? String).flatMap(FileVersion.init).map { v in "\(v.parts.0).\(v.parts.1).\(v.parts.2).\(v.parts.3)"
      }
      let size = (file["size"] as? NSNumber)?.intValue
      return [
        (file["edition"] as? String) ?? "null", (file["platform"] as? String) ?? "null",
        ((file["name"] as? String) ?? "").lowercased(), version ?? "null", (file["date"] as? String) ?? "null",
        size.map(String.init) ?? "null",
      ].joined(separator: "|")
    }.sorted()
  }

  static func key(_ object: [String: Any]) -> Key {
    Key(
      editions: ((object["editions"] as? [String]) ?? []).sorted(), requires: refs(object["requires"]),
      fixedIn: refs(object["fixedIn"]), files: files(object["files"]))
  }

  @Test(.enabled(if: CorpusScoreTests.available)) func labelledArticlesScoreAtLeast96Percent() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.labels.path).filter { $0.hasSuffix(".json") }.sorted()
    #expect(names.count >= 50)
    let base = try KnowledgeBase.load(directories: [Self.corpus])
    var right = 0
    var wrong: [String] = []
    for name in names {
      let data = try Data(contentsOf: Self.labels.appendingPathComponent(name))
      let label = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let id = try #require(label["id"] as? String)
      let rule = base.rule(id: id)
      let labelKey = Self.key(label)
      if labelKey.files.isEmpty && labelKey.fixedIn.isEmpty {
        // Not a rule: right when nothing with files or a fixing pack was extracted.
        if rule == nil || (rule?.files.isEmpty == true && rule?.fixedIn.isEmpty == true) { right += 1 } else { wrong.append(id) }
        continue
      }
      guard let rule else { wrong.append(id); continue }
      if Self.key(rule.jsonObject) == labelKey { right += 1 } else { wrong.append(id) }
    }
    let percent = 100.0 * Double(right) / Double(names.count)
    #expect(percent >= 96.0, "\(right) of \(names.count) right; wrong: \(wrong)")
    #expect(wrong.isEmpty, "\(right) of \(names.count) right; wrong: \(wrong)")
  }
}
