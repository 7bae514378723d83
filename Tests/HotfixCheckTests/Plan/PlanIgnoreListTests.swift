import KBData
import Testing

@testable import HotfixCheck

@Suite struct PlanIgnoreListTests {
  let text = """
    # RULE    HOST     UNTIL       REASON
    Q256149   *        2027-01-01  the vendor's RPC server fails with the new rpcss.exe

    q241041   NTSRV0?  -           lab hosts, rebuilt every night
    """

  @Test func readsRuleHostExpiryAndReason() throws {
    let list = try IgnoreList.parse(text, file: "ignore.txt")
    #expect(list.entries.count == 2)
    #expect(
      list.entries[0]
        == IgnoreEntry(
          rule: "Q256149", host: "*", until: FileDate(year: 2027, month: 1, day: 1),
          reason: "the vendor's RPC server fails with the new rpcss.exe", source: "ignore.txt:2"))
    #expect(list.entries[1].rule == "Q241041")
    #expect(list.entries[1].until == nil)
    #expect(list.entry(rule: "Q241041", host: "ntsrv01")?.reason == "lab hosts, rebuilt every night")
    #expect(list.entry(rule: "Q241041", host: "NTSRV10") == nil)
    #expect(list.entry(rule: "Q256149", host: "anything")?.source == "ignore.txt:2")
  }

  @Test func errorsNameTheLineAndColumn() {
    #expect(throws: IgnoreListError.self) { try IgnoreList.parse("Q1 * 2027-13-01 reason", file: "i") }
    do {
      _ = try IgnoreList.parse("# x\nQ256149 * 2027-13-01 why", file: "ignore.txt")
      Issue.record("expected an error")
    } catch let error as IgnoreListError {
      #expect(error.description == "ignore.txt:2:11: error: expected an expiry date YYYY-MM-DD or -, found '2027-13-01'")
    } catch {
      Issue.record("unexpected \(error)")
    }
    #expect(throws: IgnoreListError.self) { try IgnoreList.parse("KB256149 * - why", file: "i") }
    #expect(throws: IgnoreListError.self) { try IgnoreList.parse("Q256149 * -", file: "i") }
  }

  @Test func expiredEntriesComeBack() throws {
    let list = try IgnoreList.parse(text, file: "ignore.txt")
    let before = list.active(on: FileDate(year: 2026, month: 12, day: 31)!)
    #expect(before.list.entries.count == 2)
    #expect(before.expired.isEmpty)
    let on = list.active(on: FileDate(year: 2027, month: 1, day: 1)!)
    #expect(on.list.entries.map(\.rule) == ["Q241041"])
    #expect(on.expired.map(\.rule) == ["Q256149"])
  }

  @Test func ignoredRuleShowsWithItsReasonAndDoesNotCount() throws {
    let list = try IgnoreList.parse("Q256149 NTSRV01 2027-01-01 vendor app", file: "i")
    let evaluator = Evaluator(rules: [seedRule], ignoreList: list, plans: true)
    let old = [file("C:\\WINNT\\system32\\rpcss.exe", nil, "1999-10-14")]
    let ignored = evaluator.judge(HostInventory(name: "ntsrv01", edition: .server, servicePack: .sp6a, platform: .intel, files: old))
    let other = evaluator.judge(HostInventory(name: "NTSRV02", edition: .server, servicePack: .sp6a, platform: .intel, files: old))
    #expect(ignored.verdict == .ignored)
    #expect(ignored.results.first?.verdict == .ignored)
    #expect(ignored.results.first?.ignored?.verdict == .fixNeeded)
    #expect(ignored.results.first?.reason.hasPrefix("ignored until 2027-01-01: vendor app; otherwise fix-needed") == true)
    #expect(ignored.plan?.isEmpty == true)
    #expect(other.verdict == .fixNeeded)
    var summary = FleetSummary()
    summary.add(ignored)
    #expect(summary.exitStatus == 0)
    summary.add(other)
    #expect(summary.exitStatus == 1)
  }

  /// A result shared by every host of a profile (no file of the rule on the host) is ignored
  /// on one host only: the XML report must not reuse one host's rendering for the other.
  @Test(arguments: [["A", "B"], ["B", "A"]])
  func ignoredSharedResultStaysWithItsHost(_ order: [String]) throws {
    let rule = Rule(id: "Q400001", title: "Fixed in SP6a", editions: [.server], fixedIn: [ServicePackRef(servicePack: .sp6a)])
    let list = try IgnoreList.parse("Q400001 A - lab host", file: "i")
    let evaluator = Evaluator(rules: [rule], ignoreList: list)
    var writer = XMLReportWriter()
    var xml = writer.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1))
    var summary = FleetSummary()
    for name in order {
      let report = evaluator.judge(HostInventory(name: name, edition: .server, servicePack: .sp4, platform: .intel))
      summary.add(report)
      xml += writer.host(report)
    }
    xml += writer.end(summary)
    let text = String(decoding: xml, as: UTF8.self)
    let hostA = try #require(text.range(of: "<host name=\"A\"[\\s\\S]*?</host>", options: .regularExpression))
    let hostB = try #require(text.range(of: "<host name=\"B\"[\\s\\S]*?</host>", options: .regularExpression))
    #expect(text[hostA].contains("verdict=\"ignored\""))
    #expect(!text[hostB].contains("ignored"))
    #expect(text[hostB].contains("<rule id=\"Q400001\" verdict=\"fix-needed\""))
  }

  @Test func upToDateRulesAreNotMarkedIgnored() throws {
    let list = try IgnoreList.parse("* * - decommissioned", file: "i")
    let evaluator = Evaluator(rules: [seedRule], ignoreList: list)
    let report = evaluator.judge(
      HostInventory(name: "X", edition: .server, servicePack: .sp6a, platform: .intel, files: [file("rpcss.exe", nil, "2000-03-14")]))
    #expect(report.verdict == .upToDate)
  }

  @Test func ignoredSortsBelowUpToDate() {
    #expect(Verdict.ignored < .upToDate)
    #expect(Verdict.notApplicable < .ignored)
    #expect(!Verdict.ignored.needsAction)
  }

  @Test func hostPatterns() {
    #expect(IgnoreList.matches(pattern: "*", name: "NTSRV01"))
    #expect(IgnoreList.matches(pattern: "ntsrv*", name: "NTSRV01"))
    #expect(IgnoreList.matches(pattern: "NT?RV01", name: "ntsrv01"))
    #expect(!IgnoreList.matches(pattern: "NTSRV0", name: "NTSRV01"))
    #expect(IgnoreList.matches(pattern: "*01", name: "NTSRV01"))
    #expect(!IgnoreList.matches(pattern: "*02", name: "NTSRV01"))
  }
}
