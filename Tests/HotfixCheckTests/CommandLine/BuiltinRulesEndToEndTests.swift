import Foundation
import Testing

/// The built-in catalog as a user meets it: `kb list`, `kb show` with the article lines, reports
/// that say where their rules came from, `--kb` added to it, `--no-builtin`, and no rules as an error.
@Suite struct BuiltinRulesEndToEndTests {
  let e2e = EndToEndTests()

  @Test func kbListCountsTheBuiltinCatalogAndItsArchive() throws {
    let outcome = try e2e.run(["kb", "list"], builtin: true)
    #expect(outcome.status == 0)
    let lines = outcome.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("# ") == true)
    #expect(lines.first?.contains("from the built-in catalog (kbarchive-nt, revision") == true)
    #expect(lines.count >= 1739)  // 1,738 rules: Q235373 and Q172965 are manifests
    let json = try e2e.run(["kb", "list", "--format", "json"], builtin: true)
    let rules = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(rules.count == lines.count - 1)
    #expect(json.stderr.contains("from the built-in catalog"))
  }

  @Test func kbShowGivesEachFactWithItsArticleLine() throws {
    let outcome = try e2e.run(["kb", "show", "Q256149"], builtin: true)
    #expect(outcome.status == 0)
    // The seed article: its title, editions, prerequisite and rows, each with its line in kb/'s copy.
    let article = try String(contentsOf: repositoryRoot.appendingPathComponent("kb/256/Q256149/README.md"), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    let factLines = outcome.stdout.split(separator: "\n").filter { $0.contains("(line ") }
    #expect(factLines.count >= 7)
    for fact in factLines {
      let number = try #require(Int(fact.split(separator: "(line ").last?.dropLast() ?? ""), "\(fact)")
      #expect(number >= 1 && number <= article.count)
      if fact.contains("file:") {
        // The row's line names the file.
        let name = try #require(fact.split(separator: " ").first { $0.contains(".") })
        #expect(article[number - 1].lowercased().contains(name.lowercased()), "\(fact) vs \(article[number - 1])")
      }
    }
    #expect(outcome.stdout.contains("from: the built-in catalog"))
  }

  @Test func reportsSayWhereTheirRulesCameFrom() throws {
    let text = try e2e.run(["check", "examples/xml/ntsrv01.xml"], builtin: true)
    #expect(text.stdout.hasPrefix("hotfix-check report, "))
    #expect(text.stdout.split(separator: "\n").first?.contains("rules from the built-in catalog (kbarchive-nt") == true)
    let xml = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--kb", "kb", "--format", "xml"], builtin: true)
    #expect(xml.stdout.contains("<rule-source kind=\"built-in\" archive=\"kbarchive-nt\""))
    #expect(xml.stdout.contains("<rule-source kind=\"folder\" path=\"kb\" rules=\"1\"/>"))
    let json = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--format", "json"], builtin: true)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let sources = try #require(object["ruleSources"] as? [[String: Any]])
    #expect(sources.first?["kind"] as? String == "built-in")
    #expect((sources.first?["rules"] as? Int ?? 0) >= 1738)
  }

  @Test func noBuiltinJudgesByTheNamedFoldersOnly() throws {
    let outcome = try e2e.run(["kb", "list", "--kb", "kb", "--no-builtin"], builtin: true)
    #expect(outcome.status == 0)
    #expect(outcome.stdout.split(separator: "\n").count == 2)
    #expect(outcome.stdout.hasPrefix("# 1 rule from kb\n"))
    let both = try e2e.run(["kb", "list", "--kb", "kb"], builtin: true)
    #expect(both.stdout.split(separator: "\n").first?.contains("rules from the built-in catalog (kbarchive-nt, revision") == true)
    #expect(both.stdout.split(separator: "\n").first?.hasSuffix("; 1 rule from kb") == true)
    // --no-builtin with no folder: no rules, a command-line error.
    let none = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--no-builtin"], builtin: true)
    #expect(none.status == 2)
    #expect(none.stderr.contains("--no-builtin"))
  }

  @Test func aFolderWithNoRuleIsNeverAnAllClear() throws {
    let empty = NSTemporaryDirectory() + "hotfix-check-empty-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: empty) }
    let outcome = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--kb", empty, "--no-builtin"], builtin: true)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("no rules"))
    #expect(outcome.stderr.contains(empty))
    // Beside the built-in catalog, the empty folder is named and the run goes on.
    let beside = try e2e.run(["kb", "list", "--kb", empty], builtin: true)
    #expect(beside.status == 0)
    #expect(beside.stderr.contains("\(empty): warning: no article here gives a rule"))
  }
}
