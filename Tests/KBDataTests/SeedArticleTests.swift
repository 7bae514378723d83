import Foundation
import Testing

@testable import KBData

/// The seed article kb/256/Q256149/README.md must give exactly the rule of issue 2.
@Suite struct SeedArticleTests {
  static let seedPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("kb/256/Q256149/README.md").path

  static func seedRule() throws -> Rule {
    let data = try #require(FileManager.default.contents(atPath: seedPath))
    let parsed = ArticleParser.parse([UInt8](data), path: seedPath)
    return try #require(parsed.rule)
  }

  @Test func seedRuleIsExactlyTheIssueRule() throws {
    let rule = try Self.seedRule()
    #expect(rule.id == "Q256149")
    #expect(rule.title == "Memory Leak Using Multiple Threads to Call CoGetClassObject()")
    #expect(rule.editions == [.server, .terminalServer])
    #expect(rule.requires == [ServicePackRef(edition: nil, servicePack: .sp5)])
    #expect(rule.fixedIn.isEmpty)
    let expected: [RuleFile] = [
      RuleFile(platform: .intel, name: "Rpcss.exe", date: FileDate(year: 2000, month: 3, day: 14)),
      RuleFile(platform: .alpha, name: "Rpcss.exe", date: FileDate(year: 2000, month: 3, day: 14)),
      RuleFile(
        edition: .terminalServer, name: "Ole32.dll", version: FileVersion("4.0.1381.33478"),
        date: FileDate(year: 2001, month: 9, day: 27), size: 701_712),
      RuleFile(
        edition: .terminalServer, name: "Rpcss.exe", version: FileVersion("4.0.1381.33478"),
        date: FileDate(year: 2001, month: 9, day: 27), size: 108_816),
    ]
    #expect(rule.files == expected)
  }

  @Test func bundledKnowledgeBaseHoldsTheSeedRule() {
    let base = KnowledgeBase.bundled()
    #expect(base.rule(id: "Q256149")?.files.count == 4)
    #expect(base.rule(id: "256149") != nil)
  }
}
