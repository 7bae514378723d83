import Foundation
import Testing

@testable import KBData

/// The catalog the program carries: it reads, it holds the NT 4.0 archive's rules, `--kb` rules are
/// added to it, and it is exactly what the parser reads from the archive today (the drift test).
@Suite struct BuiltinCatalogTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let archive = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/kbarchive-nt")
  static var archiveAvailable: Bool { FileManager.default.fileExists(atPath: archive.path) }

  @Test func builtinHoldsTheArchivesRulesAndTheSeedArticle() throws {
    let base = try KnowledgeBase.builtin()
    #expect(base.rules.count >= 1738)  // and the two service pack manifests
    #expect(base.manifests.map(\.id) == ["Q172965", "Q235373"])
    #expect(base.sources.count == 1)
    #expect(base.sources[0].rules == base.rules.count)
    let stamp = try #require(base.sources[0].archive)
    #expect(stamp.name == "kbarchive-nt")
    #expect(stamp.revision.count == 16)
    #expect(stamp.articles >= 9664)
    // The seed article of kb/ is the built-in rule of its id, read from kb/ (its own line numbers).
    let seed = try #require(base.rule(id: "Q256149"))
    #expect(seed == KnowledgeBase.bundled().rule(id: "Q256149"))
    #expect(seed.files.allSatisfy { ($0.origin?.line ?? 0) > 0 })
    #expect(base.rules.map(\.id) == base.rules.map(\.id).sorted())
  }

  /// What the issue asked of the catalog: no Terminal Server SP6a anywhere, service pack contents
  /// and fix lists read as what they are (facts beside the rules), not as hotfixes.
  @Test func noTerminalServerSP6aAndServicePackArticlesAreNotHotfixes() throws {
    let base = try KnowledgeBase.builtin()
    for rule in base.rules {
      for ref in rule.requires + rule.fixedIn where ref.edition == .terminalServer {
        #expect(ref.servicePack != .sp6a, "\(rule.id) names TSE SP6a")
      }
      #expect(!rule.title.hasPrefix("Contents of"), "\(rule.id) is a service pack's contents")
      #expect(!rule.title.hasPrefix("List of Bugs Fixed"), "\(rule.id) is a fix list")
    }
    #expect(base.manifests.map(\.id) == ["Q172965", "Q235373"])
    #expect(base.manifests.allSatisfy { $0.files.count > 500 && $0.platform == .intel })
    #expect(
      Set(base.fixLists.map(\.id)) == [
        "Q150734", "Q194834", "Q222970", "Q224792", "Q224793", "Q225037", "Q240331", "Q241211", "Q244690", "Q244974", "Q258970",
      ])
    #expect(base.fixLists.allSatisfy { list in list.entries.allSatisfy { $0.edition != .terminalServer || $0.servicePack != .sp6a } })
    // Fix lists give numbered service packs to rules whose own text gave none for a line.
    let sourced = base.rules.filter { $0.fixedIn.contains { $0.source != nil } }
    #expect(sourced.count > 300)
    #expect(
      sourced.allSatisfy { rule in
        rule.fixedIn.allSatisfy { ref in ref.source.map { id in base.fixLists.contains { $0.id == id } } ?? true }
      })
  }

  @Test func folderRulesAreAddedAndReplaceTheBuiltinRuleOfTheirID() throws {
    let builtin = try KnowledgeBase.builtin()
    let replacement = Rule(id: "Q256149", title: "replaced", fixedIn: [ServicePackRef(servicePack: .sp4)])
    let extra = Rule(id: "Q999999", title: "new", fixedIn: [ServicePackRef(servicePack: .sp2)])
    let folder = KnowledgeBase(rules: [replacement, extra], fixLists: [], manifests: [], source: .folder("/x/kb"))
    let both = builtin.adding(folder)
    #expect(both.rules.count == builtin.rules.count + 1)
    #expect(both.rule(id: "Q256149")?.title == "replaced")
    #expect(both.rule(id: "Q999999") != nil)
    #expect(both.sources.map(\.rules) == [builtin.rules.count - 1, 2])
    #expect(both.source(ofRule: "q256149")?.path == "/x/kb")
    #expect(both.source(ofRule: "Q102721")?.archive != nil)
    #expect(both.sources[0].description.contains("from the built-in catalog (kbarchive-nt, revision"))
  }

  /// The shipped kb/catalog.tsv is what `hotfix-check kb catalog` gives for the archive today: a
  /// change to the parser that changes any fact fails here until the catalog is made again
  /// (`scripts/make-catalog ../shared/corpus/kbarchive-nt`).
  @Test(.enabled(if: archiveAvailable, "../shared/corpus/kbarchive-nt is not beside the project"))
  func shippedCatalogIsWhatTheParserReadsFromTheArchive() throws {
    let fresh = CatalogText.write(try Catalog.read(archive: Self.archive))
    let shipped = try String(contentsOf: Self.root.appendingPathComponent("kb/catalog.tsv"), encoding: .utf8)
    if fresh != shipped {
      let a = fresh.split(separator: "\n", omittingEmptySubsequences: false)
      let b = shipped.split(separator: "\n", omittingEmptySubsequences: false)
      let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
      Issue.record(
        """
        kb/catalog.tsv differs from the parser's reading of the archive from line \(first + 1):
          parser:  \(first < a.count ? String(a[first]) : "(end)")
          shipped: \(first < b.count ? String(b[first]) : "(end)")
        Run scripts/make-catalog ../shared/corpus/kbarchive-nt and commit kb/catalog.tsv.
        """)
    }
    // What is shipped is what the program carries (with kb/'s own articles in place of theirs).
    let seed = KnowledgeBase.bundled().rules
    let expected = try CatalogText.read(shipped).rules.filter { rule in !seed.contains { $0.id == rule.id } } + seed
    #expect(expected.sorted { $0.id < $1.id } == (try KnowledgeBase.builtin()).rules)
  }
}
