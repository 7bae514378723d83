import Foundation
import KBData
import Testing

@testable import HotfixCheck

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Service pack manifests judged as `check` and `audit` judge them (contract section 2): a host
/// at or above the pack with a file older than the manifest's copy is `regressed`, "reapply SP N".
@Suite struct ManifestJudgingTests {
  static let sp5 = ServicePackManifest(
    id: "Q235373", title: "Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)",
    servicePack: ServicePackRef(servicePack: .sp5), platform: .intel,
    files: [
      RuleFile(platform: .intel, name: "Afd.sys", date: FileDate(year: 1999, month: 4, day: 29), size: 66_256),
      RuleFile(platform: .intel, name: "Atapi.sys", date: FileDate(year: 1999, month: 4, day: 29), size: 27_632),
      RuleFile(platform: .intel, name: "Cmd.exe", date: FileDate(year: 1999, month: 4, day: 29), size: 210_192),
    ])

  /// One host as an XML inventory line.
  static func host(_ name: String, _ edition: String = "server", pack: String, _ platform: String = "intel", files: [String]) -> String {
    "<host name=\"\(name)\" edition=\"\(edition)\" service-pack=\"\(pack)\" platform=\"\(platform)\">"
      + files.joined() + "</host>\n"
  }

  static let oldAfd = #"<file path="C:\WINNT\system32\drivers\afd.sys" date="1998-01-10"/>"#
  static let oldAtapi = #"<file path="C:\WINNT\system32\drivers\atapi.sys" date="1997-05-01"/>"#
  static let currentCmd = #"<file path="C:\WINNT\system32\cmd.exe" date="1999-04-29"/>"#
  static let uninstallAtapi = #"<file path="C:\WINNT\$NtServicePackUninstall$\atapi.sys" date="1996-08-09"/>"#

  static let fleet =
    "<inventory>\n"
    + host("SP5", pack: "sp5", files: [oldAfd, oldAtapi, currentCmd])
    + host("SP6A", pack: "sp6a", files: [oldAfd, currentCmd])
    + host("SP4", pack: "sp4", files: [oldAfd])
    + host("ALPHA", pack: "sp5", "alpha", files: [oldAfd])
    + host("TSE", "terminal-server", pack: "sp5", files: [oldAfd])
    + host("UNINST", pack: "sp5", files: [uninstallAtapi, currentCmd])
    + "</inventory>\n"

  /// The report `check` writes, through `FleetRun` as the command runs it.
  func report(format: ReportFormat, plans: Bool = false, fleetSummary: Bool = false) throws -> String {
    let input = try temporaryFile(Self.fleet, suffix: ".xml")
    let path = NSTemporaryDirectory() + "hotfix-check-manifest-\(UUID().uuidString).out"
    let output = try ReportOutput(path: path)
    let evaluator = Evaluator(
      rules: [seedRule], manifests: [Self.sp5], plans: plans, fleetSummaryOnly: fleetSummary && format == .text)
    let run = FleetRun(
      evaluator: evaluator, context: ReportContext(generated: "2026-11-29T09:00:00Z", rules: 1, fleetSummary: fleetSummary),
      threads: 2)
    var writer = format.makeWriter(plans: plans)
    _ = run.run(arguments: [input], writer: &writer, workerWriter: { format.makeWriter(plans: plans) }, output: output, warn: { _ in })
    try output.commit()
    return try String(contentsOfFile: path, encoding: .utf8)
  }

  /// Host → (verdict, reason, evidence paths) of the manifest's result, from the XML report.
  func manifestResults(_ xml: String) throws -> [String: (verdict: String, reason: String, files: [String])] {
    let path = try temporaryFile(xml, suffix: ".xml")
    let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
    var found: [String: (String, String, [String])] = [:]
    for node in try document.nodes(forXPath: "/hotfix-report/host/rule[@id='Q235373']") {
      guard let rule = node as? XMLElement, let host = rule.parent as? XMLElement,
        let name = host.attribute(forName: "name")?.stringValue
      else { continue }
      let reason = try rule.nodes(forXPath: "reason").first?.stringValue ?? ""
      let files = try rule.nodes(forXPath: "file").compactMap { ($0 as? XMLElement)?.attribute(forName: "path")?.stringValue }
      found[name] = (rule.attribute(forName: "verdict")?.stringValue ?? "", reason, files)
    }
    return found
  }

  @Test func hostAtTheServicePackWithAnOlderFileIsRegressedReapplySP5() throws {
    let xml = try report(format: .xml)
    let results = try manifestResults(xml)
    let sp5 = try #require(results["SP5"])
    #expect(sp5.verdict == "regressed")
    #expect(sp5.reason == "Afd.sys, Atapi.sys are older than SP5's copy: the service pack was partly overwritten, reapply SP5")
    // One evidence per older file; the current Cmd.exe is not listed.
    #expect(sp5.files == [#"C:\WINNT\system32\drivers\afd.sys"#, #"C:\WINNT\system32\drivers\atapi.sys"#])
    #expect(
      xml.contains(
        #"<rule id="Q235373" verdict="regressed" title="Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)" service-pack="sp5">"#)
    )
  }

  @Test func hostAboveTheServicePackIsToldToReapplyItsOwn() throws {
    // Reapplying SP5 on SP6a would take the host's other files back to SP5.
    let sp6a = try #require(try manifestResults(try report(format: .xml))["SP6A"])
    #expect(sp6a.verdict == "regressed")
    #expect(sp6a.reason.hasSuffix("older than SP5's copy: the service pack was partly overwritten, reapply SP6a"))
  }

  @Test func hostsBelowItOfAnotherPlatformOrTSEAndUninstallCopiesAreNotJudged() throws {
    let results = try manifestResults(try report(format: .xml))
    // Not-applicable results are left out of the report.
    #expect(results["SP4"] == nil)
    #expect(results["ALPHA"] == nil)
    #expect(results["TSE"] == nil)
    // The uninstall folder's old Atapi.sys does not count; Cmd.exe is current.
    #expect(results["UNINST"]?.verdict == "up-to-date")
    #expect(results["UNINST"]?.reason == "every listed file on the host is at or above SP5's copy")
    let host = HostInventory(
      name: "A", edition: .server, servicePack: .sp4, platform: .intel,
      files: [file(#"C:\WINNT\system32\drivers\afd.sys"#, nil, "1998-01-10")])
    let result = try #require(Evaluator(rules: [], manifests: [Self.sp5], includeNotApplicable: true).judge(host).results.first)
    #expect(result.verdict == .notApplicable)
    #expect(result.reason == "the host has SP4, below SP5, whose files this lists")
  }

  @Test func everyReportFormatCarriesIt() throws {
    let json = try report(format: .json)
    #expect(json.contains("\"Q235373\""))
    #expect(json.contains("reapply SP5"))
    let csv = try report(format: .csv)
    #expect(csv.contains("SP5,server,sp5,intel,"))
    #expect(
      csv.contains(
        ",Q235373,regressed,\"Afd.sys, Atapi.sys are older than SP5's copy: the service pack was partly overwritten, reapply SP5\""))
    let text = try report(format: .text)
    #expect(text.contains("Q235373  regressed"))
    #expect(text.contains("reapply SP5"))
  }

  @Test func auditsLeanSummaryCountsIt() throws {
    let text = try report(format: .text, fleetSummary: true)
    #expect(text.contains("Q235373  2 host(s)  Contents of Service Pack 5"))
    // Through the evaluator alone: the lean tally and the full one agree.
    let host = HostInventory(
      name: "A", edition: .server, servicePack: .sp5, platform: .intel,
      files: [file(#"C:\WINNT\system32\drivers\afd.sys"#, nil, "1998-01-10")])
    let lean = Evaluator(rules: [seedRule], manifests: [Self.sp5], fleetSummaryOnly: true).judge(host)
    let full = Evaluator(rules: [seedRule], manifests: [Self.sp5]).judge(host)
    #expect(lean.verdict == .regressed)
    #expect(lean.tally == full.tally)
    #expect(lean.neededRules?.entries.map { lean.neededRules?.rules[Int($0.position)].id } == ["Q235373"])
  }

  @Test func theXMLReportWithPlansValidatesAndSaysReapply() throws {
    let xml = try report(format: .xml, plans: true)
    #expect(xml.contains(#"<step order="1" action="reapply-service-pack" service-pack="sp5" covers="Q235373">"#))
    #expect(xml.contains(#"<step order="1" action="reapply-service-pack" service-pack="sp6a" covers="Q235373">"#))
    let path = try temporaryFile(xml, suffix: ".xml")
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: path) == [])
    let text = try report(format: .text, plans: true)
    #expect(text.contains("1. reapply SP5"))
    #expect(text.contains("reapply SP5 on 1 host: settles 1 rule"))
    #expect(text.contains("reapply SP6a on 1 host: settles 1 rule"))
  }

  @Test func aServicePackToInstallSettlesItInstead() throws {
    // SP5 host that also needs SP6a for a rule: installing SP6a lays down the pack's files again.
    let fixedInSP6 = Rule(
      id: "Q999003", title: "Fixed in SP6", fixedIn: [ServicePackRef(servicePack: .sp6)],
      files: [RuleFile(platform: .intel, name: "Afd.sys", date: FileDate(year: 1999, month: 9, day: 1))])
    let host = HostInventory(
      name: "A", edition: .server, servicePack: .sp5, platform: .intel,
      files: [file(#"C:\WINNT\system32\drivers\afd.sys"#, nil, "1998-01-10")])
    let plan = try #require(Evaluator(rules: [fixedInSP6], manifests: [Self.sp5], plans: true).judge(host).plan)
    #expect(plan.steps.map(\.summary) == ["install SP6"])
    #expect(plan.steps.first?.settles.contains(Settlement(rule: "Q235373", reason: "SP6 replaces the service pack's files")) == true)
  }

  @Test func hotfixRulesNamingTheSameFilesAreJudgedAsBefore() {
    let host = HostInventory(
      name: "A", edition: .server, servicePack: .sp5, platform: .intel,
      files: [file(#"C:\WINNT\system32\rpcss.exe"#, nil, "2000-01-01")])
    let withManifest = Evaluator(rules: [seedRule], manifests: [Self.sp5]).judge(host).results.filter { $0.ruleID == seedRule.id }
    let without = Evaluator(rules: [seedRule]).judge(host).results
    #expect(withManifest.map(\.verdict) == without.map(\.verdict))
    #expect(withManifest.map(\.reason) == without.map(\.reason))
  }

  /// A small "Contents of Service Pack 5" article in the archive's layout (tab-indented body).
  static func article() -> String {
    let names = ["Afd.sys", "Schannel.dll", "Cmd.exe"] + (0..<25).map { "Drv\($0).sys" }
    let rows = names.map { "\t\($0)\t\t  04/29/99  12:04p      66,256" }
    return
      ([
        "---", "layout: page", "title: \"Q235373: Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)\"",
        "permalink: /kb/235/Q235373/", "---", "", "## Q235373: Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)", "",
        "\tArticle: Q235373", "\tProduct(s): Microsoft Windows NT", "\tVersion(s): winnt:4.0", "\t",
        "\tThe information in this article applies to:", "\t", "\t- Microsoft Windows NT Server version 4.0 ", "\t",
        "\tSUMMARY", "\t=======", "\t",
        "\tThis article lists the files that are included with Windows NT 4.0 Service Pack",
        "\t5 (40-bit) for the Intel platform.", "\t", "\tMORE INFORMATION", "\t================", "\t",
      ] + rows + ["\t", ""]).joined(separator: "\n")
  }

  /// As a user runs it: the built binary, the article under `--kb`, never listed as a rule.
  @Test func theCommandReadsTheArticleAndReportsIt() throws {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hotfix-check-kb-\(UUID().uuidString)")
    let articleFolder = folder.appendingPathComponent("235/Q235373")
    try FileManager.default.createDirectory(at: articleFolder, withIntermediateDirectories: true)
    try Self.article().write(to: articleFolder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: folder) }
    let oldSchannel = #"<file path="C:\WINNT\system32\schannel.dll" date="1997-05-01"/>"#
    let inventory = try temporaryFile(
      "<inventory>\n" + Self.host("SP5", pack: "sp5", files: [Self.oldAfd, oldSchannel])
        + Self.host("ENC", pack: "sp5", files: [oldSchannel])
        + "</inventory>\n", suffix: ".xml")
    let e2e = EndToEndTests()
    let outcome = try e2e.run(["check", inventory, "--kb", folder.path, "--kb", "kb", "--no-builtin", "--format", "xml", "--plan"])
    #expect(outcome.status == 1)
    let results = try manifestResults(outcome.stdout)
    #expect(results["SP5"]?.verdict == "regressed")
    #expect(results["SP5"]?.reason == "Afd.sys is older than SP5's copy: the service pack was partly overwritten, reapply SP5")
    #expect(results["SP5"]?.files == [#"C:\WINNT\system32\drivers\afd.sys"#])
    // The encryption file is not judged from the manifest: the host has none of its files.
    #expect(results["ENC"] == nil)
    #expect(outcome.stdout.contains(#"action="reapply-service-pack" service-pack="sp5""#))
    let list = try e2e.run(["kb", "list", "--kb", folder.path, "--format", "json"])
    #expect(!list.stdout.contains("Q235373"))
  }
}
