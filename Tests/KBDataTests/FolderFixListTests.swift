import Foundation
import Testing

@testable import KBData

/// A `--kb` folder beside the built-in catalog: the built-in service pack fix lists apply to its
/// articles as to the archive's, whether the folder was parsed or came from the rule cache.
@Suite struct FolderFixListTests {
  typealias F = ArticleFixture

  /// A folder holding one article that says only "corrected in the latest service pack": Q160055,
  /// which Q224792 (built in) lists under SP2.
  static func folder() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-lists-\(UUID().uuidString)")
    let article = root.appendingPathComponent("kb/160/Q160055")
    try FileManager.default.createDirectory(at: article, withIntermediateDirectories: true)
    let body = "STATUS\n======\n\nThis problem was corrected in the latest Microsoft Windows NT 4.0 U.S. Service Pack.\n"
    try Data(F.bytes(id: "Q160055", title: "A Local Copy", body: body)).write(to: article.appendingPathComponent("README.md"))
    return root
  }

  @Test func builtinListsMakeAFoldersLatestServicePackArticleARule() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(at: root) }
    let builtin = try KnowledgeBase.builtin()
    #expect(builtin.fixLists.contains { $0.id == "Q224792" })
    var cache = RuleCache(directory: root.appendingPathComponent("cache").path)
    cache.racyWindow = 0
    usleep(30_000)
    for pass in ["parsed", "cached"] {
      let folder = try KnowledgeBase.loadRules(directories: [root.appendingPathComponent("kb")], cache: cache)
      #expect(folder.rules.isEmpty, "\(pass): alone, the article is no rule")
      #expect(folder.articles.isEmpty == (pass == "cached"))
      let both = builtin.adding(folder)
      let rule = try #require(both.rule(id: "Q160055"), "\(pass)")
      #expect(rule.title == "A Local Copy", "\(pass): the folder's article replaces the built-in rule")
      #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp2)], "\(pass)")
      #expect(rule.fixedIn.first?.source == "Q224792", "\(pass)")
      #expect(both.source(ofRule: "Q160055")?.path?.hasSuffix("/kb") == true, "\(pass)")
      #expect(both.sources.last?.rules == 1, "\(pass)")
    }
  }

  /// Two `--kb` folders: the first's "latest service pack" article, the second's fix list naming
  /// it. The article becomes a rule of the first folder, whichever order the folders are added in.
  @Test func aListOfOneFolderMakesAnotherFoldersArticleARule() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-pairs-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    func write(_ folder: String, _ id: String, title: String, body: String) throws -> URL {
      let article = root.appendingPathComponent("\(folder)/\(id)")
      try FileManager.default.createDirectory(at: article, withIntermediateDirectories: true)
      try Data(F.bytes(id: id, title: title, body: body)).write(to: article.appendingPathComponent("README.md"))
      return root.appendingPathComponent(folder)
    }
    let articles = try write(
      "articles", "Q999301", title: "A Problem",
      body: "STATUS\n======\n\nThis problem was corrected in the latest Windows NT 4.0 Service Pack.\n")
    let lists = try write(
      "lists", "Q999302", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 3",
      body: "MORE INFORMATION\n================\n\nQ999301 A Problem\n")
    for order in [[articles, lists], [lists, articles]] {
      let base = try KnowledgeBase.load(directories: order)
      let rule = try #require(base.rule(id: "Q999301"), "\(order.map(\.lastPathComponent))")
      #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp3)])
      #expect(rule.fixedIn.first?.source == "Q999302")
      #expect(base.source(ofRule: "Q999301")?.path == articles.relativePath)
      #expect(base.sources.map(\.rules) == (order[0] == articles ? [1, 0] : [0, 1]))
    }
  }

  @Test func candidatesRoundTripThroughTheCatalogText() throws {
    let candidate = Rule(id: "Q160055", title: "c", editions: [.server], origin: RuleOrigin(title: 7, editions: [.server: 20]))
    let catalog = Catalog(
      archive: ArchiveStamp(name: "x", revision: "-", date: nil, articles: 2),
      rules: [Rule(id: "Q1", title: "r", fixedIn: [ServicePackRef(servicePack: .sp3)])],
      candidates: [candidate])
    let back = try CatalogText.read(CatalogText.write(catalog))
    #expect(back == catalog)
    #expect(back.candidates.first?.origin.editions[.server] == 20)
    // A rule after the candidates, or an end line that does not count them, is refused.
    let text = CatalogText.write(catalog)
    #expect(throws: CatalogError.self) { try CatalogText.read(text.replacingOccurrences(of: "end\t1\t0\t0\t1", with: "end\t1\t0\t0")) }
    #expect(throws: CatalogError.self) { try CatalogText.read(text.replacingOccurrences(of: "end\t", with: "rule\tQ2\t@1\tx\nend\t")) }
  }
}
