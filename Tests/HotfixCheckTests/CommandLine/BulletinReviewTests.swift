import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The second small catalog, written for the review of issue 16: one bulletin per case.
let reviewCatalog = "Tests/HotfixCheckTests/Fixtures/catalog/mssecure-review.xml"

/// What the review of issue 16 found, each through the path a user takes (the binary).
@Suite struct BulletinReviewTests {
  let e2e = EndToEndTests()

  /// A Server SP6a host with an old twobull.dll: Q300201 (MS00-201 and MS00-202) is needed.
  func twoBulletinHost() throws -> String {
    try temporaryFile(
      """
      <host name="TWOBULL" edition="server" service-pack="sp6a" platform="intel">
        <file path="C:\\WINNT\\system32\\twobull.dll" version="4.0.1381.7000" date="2000-01-01"/>
      </host>
      """, suffix: ".xml")
  }

  /// Contract section 2: `"bulletin": "MS01-041"`, one id. Two bulletins ship Q300201's patch:
  /// `bulletin` is the latest, and every one of them is listed apart, in every format.
  @Test func oneBulletinIdAndTheListWhereSeveral() throws {
    let host = try twoBulletinHost()
    let arguments = ["check", host, "--no-builtin", "--catalog", reviewCatalog]

    let show = try e2e.run(["kb", "show", "Q300201", "--no-builtin", "--catalog", reviewCatalog, "--format", "json"])
    let rule = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    #expect(rule["bulletin"] as? String == "MS00-202")
    #expect((rule["bulletins"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["MS00-201", "MS00-202"])

    let json = try e2e.run(arguments + ["--format", "json", "--include-not-applicable"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let results = try #require((object["hosts"] as? [[String: Any]])?.first?["rules"] as? [[String: Any]])
    let result = try #require(results.first { $0["id"] as? String == "Q300201" })
    #expect(result["bulletin"] as? String == "MS00-202")
    #expect(result["bulletins"] as? [String] == ["MS00-201", "MS00-202"])
    let single = try #require(results.first { $0["id"] as? String == "Q300203" })
    #expect(single["bulletins"] == nil)  // one bulletin: no list

    let xml = try e2e.run(arguments + ["--format", "xml"])
    #expect(xml.stdout.contains("bulletin=\"MS00-202\" bulletins=\"MS00-201 MS00-202\""))
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: try temporaryFile(xml.stdout, suffix: ".xml")) == [])

    let csv = try e2e.run(arguments + ["--format", "csv", "--include-not-applicable"])
    let rows = csv.stdout.split(separator: "\r\n")
    #expect(rows.first?.hasSuffix(",evidence,bulletin,bulletins") == true)
    #expect(rows.contains { $0.contains(",Q300201,fix-needed,") && $0.hasSuffix(",MS00-202,MS00-201 MS00-202") })
    #expect(rows.contains { $0.contains(",Q300203,") && $0.hasSuffix(",MS00-203,") })

    let text = try e2e.run(arguments)
    #expect(text.stdout.contains("  Q300201  fix-needed  MS00-202 (also MS00-201)  First Bulletin Of Two"))

    let html = try e2e.run(arguments + ["--format", "html"])
    #expect(html.stdout.contains("<span class=\"bulletin\">MS00-202</span> (also MS00-201)"))
  }

  /// `kb lint` lists editions, `fixedIn` and `requires` a catalog gives otherwise than the
  /// article it merges with (they were dropped without a word): Q256149's article says Server
  /// and TSE, on SP5, no fixing service pack; MS01-204 says Workstation and Server, on SP4, fixed
  /// in SP6a.
  @Test func lintListsEditionsAndServicePacksTheCatalogGivesOtherwise() throws {
    let lint = try e2e.run(["kb", "lint", "--no-builtin", "--kb", "kb", "--catalog", reviewCatalog])
    #expect(lint.status == 0)
    for line in [
      "catalog disagreements (editions, fixed in, requires; the article's kept): 3",
      "  Q256149 (MS01-204): editions: its article says server, terminal-server, \(reviewCatalog) line 71 says workstation, server; the article's is kept",
      "  Q256149 (MS01-204): fixed in (standard line): its article says -, \(reviewCatalog) line 77 says SP6a; the article's is kept",
      "  Q256149 (MS01-204): requires (standard line): its article says SP5, \(reviewCatalog) line 77 says SP4; the article's is kept",
    ] {
      #expect(lint.stdout.contains(line + "\n"), "\(line)")
    }
    // The article's facts still judge.
    let show = try e2e.run(["kb", "show", "Q256149", "--no-builtin", "--kb", "kb", "--catalog", reviewCatalog])
    #expect(show.stdout.contains("  requires: SP5  (line "))
    #expect(show.stdout.contains("  fixed in: -\n"))
  }

  /// A `--kb` folder holding the seed article and a service pack's list of fixed bugs that names
  /// Q300205 under SP6 (in the archive's layout).
  static func folderWithFixList() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("review16-lists-\(UUID().uuidString)")
    let article = root.appendingPathComponent("999/Q999601")
    try FileManager.default.createDirectory(at: article, withIntermediateDirectories: true)
    let seed = root.appendingPathComponent("256/Q256149")
    try FileManager.default.createDirectory(at: seed, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: repositoryRoot.appendingPathComponent("kb/256/Q256149/README.md"), to: seed.appendingPathComponent("README.md"))
    let title = "List of Bugs Fixed in Windows NT 4.0 Service Pack 6"
    let lines = [
      "---", "layout: page", "title: \"Q999601: \(title)\"", "permalink: /kb/999/Q999601/", "---", "",
      "## Q999601: \(title)", "", "{% raw %}", "",
      "\tArticle: Q999601", "\tProduct(s): Microsoft Windows NT", "\tVersion(s): 4.0", "\tKeyword(s): kbbug",
      "\tLast Modified: 01-JAN-2002", "\t", "\t" + String(repeating: "-", count: 79),
      "\tThe information in this article applies to:", "\t", "\t- Microsoft Windows NT Server version 4.0 ",
      "\t" + String(repeating: "-", count: 79), "\t", "\tSUMMARY", "\t=======", "\t",
      "\tThis article is a list of the article numbers for bugs that were fixed.", "\t",
      "\tMORE INFORMATION", "\t================", "\t", "\tQ300205 Registry Only Vulnerability", "",
      "{% endraw %}", "",
    ]
    try Data(lines.joined(separator: "\n").utf8).write(to: article.appendingPathComponent("README.md"))
    return root
  }

  /// A rule of the catalog alone gets the service packs' fix lists as an article's rule does
  /// (they were applied before the catalogs joined): Q300205, which checks no file, was no rule;
  /// the list naming it under SP6 makes it one, fixed in SP6, and an SP5 host needs SP6.
  @Test func fixListsApplyToTheCatalogsOwnRules() throws {
    let folder = try Self.folderWithFixList()
    defer { try? FileManager.default.removeItem(at: folder) }
    let show = try e2e.run(["kb", "show", "Q300205", "--no-builtin", "--kb", folder.path, "--catalog", reviewCatalog])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("  fixed in: SP6  (Q999601 line "))
    #expect(show.stdout.contains("  bulletin: MS00-205 Registry Only Vulnerability"))
    let lint = try e2e.run(["kb", "lint", "--no-builtin", "--kb", folder.path, "--catalog", reviewCatalog])
    #expect(lint.stdout.contains("    given fixed in by a service pack fix list: 1 (Q300205)\n"))
    #expect(lint.stdout.contains("  not rules (no file check, no fixing service pack, no article rule): 0\n"))

    let host = try temporaryFile(
      "<host name=\"SP5HOST\" edition=\"server\" service-pack=\"sp5\" platform=\"intel\"><file path=\"C:\\WINNT\\x.dll\" version=\"1.0\"/></host>",
      suffix: ".xml")
    let check = try e2e.run(["check", host, "--no-builtin", "--kb", folder.path, "--catalog", reviewCatalog])
    #expect(check.stdout.contains("  Q300205  fix-needed  MS00-205  Registry Only Vulnerability"))
  }

  /// `--only security` with `--ignore`: an entry naming a rule that exists but is no security fix
  /// (left out of this run) is not said to name no rule; one naming no rule at all still is.
  @Test func anIgnoreEntryForARuleLeftOutByOnlySecurityIsNotSaidToNameNoRule() throws {
    let list = try temporaryFile(
      "Q102721 * - not a security fix: left out by --only security\nQ999999 * - no such rule\n", suffix: ".txt")
    let outcome = try e2e.run(
      ["check", "examples/xml/ntsrv01.xml", "--catalog", reviewCatalog, "--only", "security", "--ignore", list], builtin: true)
    #expect(!outcome.stderr.contains("Q102721"), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("\(list):2: warning: no rule Q999999 among the rules: this entry ignores nothing"))
    // Without --only the rule is judged, and the entry ignores it.
    let all = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", reviewCatalog, "--ignore", list], builtin: true)
    #expect(!all.stderr.contains("Q102721"))
  }

  /// One Q number, a build per service pack: MS00-203's Q300203 ships twobuild.sys 4.0.1381.210
  /// for SP4 and SP5, and 4.0.1381.7060 (with sp6only.dll) for SP6a. An SP5 host with the SP5
  /// build is judged by that build's row, not told to install SP6a (it was prerequisite-missing).
  @Test func aHostIsJudgedByTheBuildForItsServicePack() throws {
    func host(_ name: String, _ pack: String, _ version: String, hotfix: Bool = false) -> String {
      """
      <host name="\(name)" edition="server" service-pack="\(pack)" platform="intel">
        \(hotfix ? "<hotfix id=\"Q300203\"/>" : "")
        <file path="C:\\WINNT\\system32\\drivers\\twobuild.sys" version="\(version)" date="2000-06-25"/>
        <file path="C:\\WINNT\\system32\\sp6only.dll" version="4.0.1381.7000" date="1999-11-30"/>
      </host>
      """
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("review16-builds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (file, text) in [
      ("sp5built.xml", host("SP5BUILT", "sp5", "4.0.1381.210", hotfix: true)),
      ("sp5old.xml", host("SP5OLD", "sp5", "4.0.1381.150")),
      ("sp3old.xml", host("SP3OLD", "sp3", "4.0.1381.150")),
      ("sp6aold.xml", host("SP6AOLD", "sp6a", "4.0.1381.7000")),
      ("sp6abuilt.xml", host("SP6ABUILT", "sp6a", "4.0.1381.210", hotfix: true)),
    ] {
      try Data(text.utf8).write(to: folder.appendingPathComponent(file))
    }
    let xml = try e2e.run(["check", folder.path, "--no-builtin", "--catalog", reviewCatalog, "--format", "xml", "--include-not-applicable"])
    func result(_ host: String) -> String? {
      guard let section = xml.stdout.components(separatedBy: "<host name=\"\(host)\"").dropFirst().first,
        let rule = section.components(separatedBy: "<rule id=\"Q300203\"").dropFirst().first
      else { return nil }
      return String(rule.prefix { $0 != ">" })
    }
    #expect(result("SP5BUILT")?.contains("verdict=\"up-to-date\"") == true, "\(result("SP5BUILT") ?? "none")")
    #expect(result("SP5OLD")?.contains("verdict=\"fix-needed\"") == true, "\(result("SP5OLD") ?? "none")")
    #expect(result("SP3OLD")?.contains("verdict=\"prerequisite-missing\"") == true)
    #expect(result("SP3OLD")?.contains("service-pack=\"sp4\"") == true, "\(result("SP3OLD") ?? "none")")
    #expect(result("SP6AOLD")?.contains("verdict=\"fix-needed\"") == true)
    // The SP5 build on an SP6a host is older than the SP6a build: the hotfix was overwritten.
    #expect(result("SP6ABUILT")?.contains("verdict=\"regressed\"") == true, "\(result("SP6ABUILT") ?? "none")")

    let show = try e2e.run(["kb", "show", "Q300203", "--no-builtin", "--catalog", reviewCatalog])
    #expect(show.stdout.contains("  requires: SP4  ("))
    #expect(show.stdout.contains("  file: standard  intel  twobuild.sys  4.0.1381.210  2000-06-25  -  for SP4 to SP5  ("))
    #expect(show.stdout.contains("  file: standard  intel  sp6only.dll  4.0.1381.7061  2000-06-26  -  for SP6a  ("))
  }

  /// A catalog cut off between two elements (libxml2 says "Extra content at the end of the
  /// document") is said to be cut off, with where it ends; nothing is judged without it.
  @Test func aCatalogCutOffBetweenElementsSaysSo() throws {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(reviewCatalog), encoding: .utf8)
    let end = try #require(text.range(of: "</Bulletin>\n"))
    let cut = try temporaryFile(String(text[..<end.upperBound]), suffix: ".xml")
    let outcome = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", cut])
    #expect(outcome.status == 2)
    #expect(
      outcome.stderr.hasPrefix("\(cut):24:14: error: the file ends inside <Bulletins> (2 element(s) not closed): the catalog is cut off"),
      "\(outcome.stderr)")
    #expect(outcome.stdout.isEmpty)
  }

  /// A catalog with no NT 4.0 patch is said to give nothing, as a --kb folder with no rule is.
  @Test func aCatalogWithNoNT4PatchIsSaidToGiveNothing() throws {
    let catalog = try temporaryFile(
      """
      <?xml version="1.0"?>
      <BulletinDatastore DataVersion="1"><Bulletins/>
      <Products><Product ProductID="6" Name="Windows 2000 Server"/></Products></BulletinDatastore>
      """, suffix: ".xml")
    let outcome = try e2e.run(["check", "examples/xml/ntsrv01.xml", "--catalog", catalog])
    #expect(outcome.status == 1)  // the seed article still judges
    #expect(
      outcome.stderr.contains("\(catalog): warning: no NT 4.0 patch here gives a rule or names the bulletin of one (0 NT 4.0 patches of 0)")
    )
  }
}
