import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// `--catalog` as a user meets it, through the binary: the seed article and the small catalog
/// judging `examples/xml` (contract section 5; issue 16).
@Suite struct BulletinEndToEndTests {
  let e2e = EndToEndTests()

  @Test func everyReportNamesTheBulletin() throws {
    let text = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", smallCatalog])
    #expect(text.status == 1)
    #expect(text.stdout.contains("  Q256149  fix-needed  MS01-107  Memory Leak Using Multiple Threads"))
    #expect(
      text.stdout.contains(
        "5 rules from the security catalog \(smallCatalog) (data version 9.9.9.1 of 2001-11-29), which names the bulletins of 1 more"))

    let xml = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", smallCatalog, "--format", "xml", "--plan"])
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: try temporaryFile(xml.stdout, suffix: ".xml")) == [])
    #expect(
      xml.stdout.contains(
        "<rule id=\"Q256149\" verdict=\"fix-needed\" title=\"Memory Leak Using Multiple Threads to Call CoGetClassObject()\" bulletin=\"MS01-107\""
      ))
    #expect(
      xml.stdout.contains(
        "<rule-source kind=\"catalog\" path=\"\(smallCatalog)\" data-version=\"9.9.9.1\" date=\"2001-11-29\" rules=\"5\" merged=\"1\"/>"))
    #expect(xml.stdout.contains("<bulletin id=\"MS01-107\" hosts=\"1\" title=\"Seed Article Vulnerability\" date=\"2001-06-01\"/>"))
    #expect(xml.stdout.contains("action=\"install-hotfix\" hotfix=\"Q256149\""))
    #expect(xml.stdout.contains("bulletins=\"MS01-107\""))

    let csv = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", smallCatalog, "--format", "csv"])
    let rows = csv.stdout.split(separator: "\r\n")
    #expect(rows.first?.hasSuffix(",evidence,bulletin,bulletins") == true)
    #expect(rows.contains { $0.contains(",Q256149,fix-needed,") && $0.hasSuffix(",MS01-107,") })

    let json = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", smallCatalog, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let host = try #require((object["hosts"] as? [[String: Any]])?.first)
    let rule = try #require((host["rules"] as? [[String: Any]])?.first { $0["id"] as? String == "Q256149" })
    #expect(rule["bulletin"] as? String == "MS01-107")
    let summary = try #require(object["summary"] as? [String: Any])
    #expect((summary["bulletins"] as? [[String: Any]])?.first?["id"] as? String == "MS01-107")

    let html = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", smallCatalog, "--format", "html"])
    #expect(html.stdout.contains("Security bulletins missing"))
    #expect(html.stdout.contains("<span class=\"bulletin\">MS01-107</span>"))
  }

  @Test func auditListsMissingBulletinsBeforeTheRules() throws {
    let outcome = try e2e.run(["audit", "examples/xml", "--catalog", smallCatalog])
    let summary = try #require(outcome.stdout.components(separatedBy: "Hosts by worst verdict:").last)
    let bulletins = try #require(
      summary.range(
        of: "Security bulletins missing:\n  MS01-107 missing on 5 host(s)  Seed Article Vulnerability\n  MS00-103 missing on 1 host(s)"))
    let rules = try #require(summary.range(of: "Rules needed by most hosts:"))
    #expect(bulletins.lowerBound < rules.lowerBound)
  }

  @Test func onlySecurityKeepsRulesWithABulletin() throws {
    let all = try e2e.run(["kb", "list", "--no-builtin", "--kb", "kb", "--catalog", smallCatalog])
    #expect(all.stdout.split(separator: "\n").count == 7)
    let only = try e2e.run(["audit", "examples/xml", "--catalog", smallCatalog, "--only", "security", "--format", "xml"])
    #expect(only.stdout.contains("rules=\"6\""))
    // The seed article alone names no bulletin: nothing to judge by is an error, never an all-clear.
    let none = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--only", "security"])
    #expect(none.status == 2)
    #expect(none.stderr.contains("error: no security fix (a rule a bulletin names)"))
  }

  @Test func kbShowAndLintGiveTheCatalogsFacts() throws {
    let show = try e2e.run(["kb", "show", "Q256149", "--no-builtin", "--kb", "kb", "--catalog", smallCatalog])
    #expect(show.stdout.contains("  bulletin: MS01-107 Seed Article Vulnerability 2001-06-01  (\(smallCatalog) line 133)"))
    #expect(show.stdout.contains("  file: standard  intel  rpcltc1.dll  4.0.1381.7140  2001-05-30  -  (\(smallCatalog) line 246)"))
    #expect(show.stdout.contains("  catalog file, not judged (the article lists another version): TSE  intel  Ole32.dll  4.0.1381.33480"))
    let json = try e2e.run(["kb", "show", "Q300001", "--no-builtin", "--catalog", smallCatalog, "--format", "json"])
    let rule = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(rule["bulletin"] as? String == "MS01-101")
    #expect((rule["files"] as? [[String: Any]])?.first?["source"] as? String == smallCatalog)
    #expect((rule["replacedBy"] as? [[String: Any]])?.first?["rule"] as? String == "Q300008")

    let lint = try e2e.run(["kb", "lint", "--no-builtin", "--kb", "kb", "--catalog", smallCatalog])
    #expect(lint.status == 0)
    for line in [
      "  NT 4.0 rules from the catalog alone: 5",
      "  NT 4.0 rules merged with article rules: 1 (files added that the articles do not list: 1)",
      "  NT 4.0 patches with no Q number: 1",
      "  patches not for NT 4.0, skipped: 1 (patches by product: Internet Information Server 4.0 1, Windows 2000 Server 1)",
      "catalog disagreements (a file's version, the article's judged): 1",
    ] {
      #expect(lint.stdout.contains(line + "\n"), "\(line)")
    }
  }

  @Test func aCatalogThatCannotBeReadEndsTheRunWithWhere() throws {
    let bad = try temporaryFile("<BulletinDatastore>\n<Bulletins>\n<Bulletin BulletinID=\"MS01-001\"\n", suffix: ".xml")
    let outcome = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", bad])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.hasPrefix("\(bad):4:1: error: Couldn't find end of Start Tag Bulletin"))
    #expect(outcome.stdout.isEmpty)
    let missing = try e2e.run(["kb", "list", "--catalog", "no-such-catalog.xml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no-such-catalog.xml:0:0: error: no such file or directory"))
  }
}
