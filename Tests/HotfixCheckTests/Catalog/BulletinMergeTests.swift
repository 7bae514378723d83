import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The small catalog merged with the seed article (contract section 2: one rule per Q number,
/// the article's facts stand).
@Suite struct BulletinMergeTests {
  let base: KnowledgeBase

  init() throws { base = KnowledgeBase.bundled().merging([try BulletinCatalogReader.read(path: smallCatalogPath)]) }

  @Test func theCatalogAddsBulletinAndMissingFilesToTheArticlesRule() throws {
    let article = try #require(KnowledgeBase.bundled().rule(id: "Q256149"))
    let merged = try #require(base.rule(id: "Q256149"))
    #expect(merged.title == article.title)
    #expect(merged.editions == article.editions)
    #expect(merged.requires == article.requires)
    #expect(merged.bulletins.map(\.id) == ["MS01-107"])
    #expect(merged.bulletins.first?.title == "Seed Article Vulnerability")
    // Rpcss.exe is the article's (by date); rpcltc1.dll is added, marked by its source.
    #expect(merged.files.count == article.files.count + 1)
    let added = try #require(merged.files.last)
    #expect(added.name == "rpcltc1.dll")
    #expect(added.origin?.catalog == smallCatalogPath)
    // Ole32.dll: the catalog's 33480 is kept apart, the article's 33478 judges.
    #expect(merged.disputedFiles.map(\.version) == [FileVersion("4.0.1381.33480")])
    let merge = try #require(base.catalogMerges.first)
    #expect(merge.merged == ["Q256149"])
    #expect(merge.newRules == ["Q300001", "Q300002", "Q300003", "Q300005", "Q300008"])
    #expect(merge.filesAdded == 1)
    #expect(
      merge.disagreements.map(\.description) == [
        "Q256149 (MS01-107): Ole32.dll: its article says 4.0.1381.33478 (line 80), \(smallCatalogPath) line 257 says 4.0.1381.33480; the article's is judged"
      ])
    let source = try #require(base.sources.last)
    #expect(source.kindName == "catalog")
    #expect((source.rules, source.merged) == (5, 1))
    #expect(base.source(ofRule: "Q300002")?.kindName == "catalog")
  }

  @Test func theArticlesVersionJudges() throws {
    // Above the article's 4.0.1381.33478 and below the catalog's 33480: up to date, by the article.
    let host = HostInventory(
      name: "TSE", edition: .terminalServer, servicePack: .sp6, platform: .intel,
      files: [file("C:\\WINNT\\system32\\ole32.dll", "4.0.1381.33479"), file("C:\\WINNT\\system32\\rpcss.exe", "4.0.1381.33478")])
    let result = Evaluator.judge(host, against: try #require(base.rule(id: "Q256149")))
    #expect(result.verdict == .upToDate)
    #expect(result.bulletins.map(\.id) == ["MS01-107"])
  }

  @Test func onlySecurityKeepsTheRulesABulletinNames() {
    let only = base.keepingOnlySecurityFixes()
    #expect(only.rules.count == 6)
    #expect(only.rules.allSatisfy { $0.isSecurityFix })
    #expect(only.sources.map(\.rules) == [1, 5])
    #expect(KnowledgeBase.bundled().keepingOnlySecurityFixes().rules.isEmpty)
  }

  @Test func aTitleThatBeginsWithABulletinNamesIt() {
    let named = Rule(id: "Q243649", title: "MS99-047: Unchecked Print Spooler Buffer May Expose System")
    #expect(named.bulletins == [SecurityBulletin(id: "MS99-047", title: "Unchecked Print Spooler Buffer May Expose System")])
    #expect(Rule(id: "Q303437", title: "Security Update MS00-024 Breaks SHGetFolderPath").bulletins.isEmpty)
    #expect(Rule(id: "Q1", title: "MS01-0411: not an id").bulletins.isEmpty)
    #expect(SecurityBulletin(id: "MS98-001") < SecurityBulletin(id: "MS01-041"))
  }

  @Test func aLaterCatalogReplacesAnEarliersRuleOfTheSameQNumber() throws {
    var older = try BulletinCatalogReader.read(path: smallCatalogPath)
    older.entries = older.entries.map { rule in
      var rule = rule
      rule.bulletins = rule.bulletins.map { SecurityBulletin(id: "MS00-001", title: $0.title, date: $0.date) }
      return rule
    }
    let newer = try BulletinCatalogReader.read(path: smallCatalogPath)
    let merged = KnowledgeBase.bundled().merging([older, newer])
    #expect(merged.rule(id: "Q300001")?.bulletins.map(\.id) == ["MS01-101"])
    #expect(merged.sources.map(\.rules) == [1, 0, 5])
  }
}
