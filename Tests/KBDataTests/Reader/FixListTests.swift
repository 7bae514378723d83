import Foundation
import Testing

@testable import KBData

/// The service packs' lists of fixed bugs: each layout of the archive, and how the lists give rules
/// their `fixedIn` (contract section 2).
@Suite struct FixListTests {
  typealias F = ArticleFixture
  typealias Entry = ServicePackFixList.Entry

  static let summary = """
    SUMMARY
    =======

    This article is a list of the article numbers for bugs that were fixed. For
    additional information, please see the following article(s) in the Microsoft
    Knowledge Base:

      Q150734 List of Bugs Fixed in Windows NT 4.0 and Terminal Server Edition
      Service Pack 4 (Part 1)

      Q152734 How to Obtain the Latest Windows NT 4.0 Service Pack

    MORE INFORMATION
    ================

    """

  /// The list read from a fixture, with the 1-based line of each entry found by its text.
  static func list(id: String, title: String, products: [String]? = F.standardProducts, _ body: String) throws
    -> (ServicePackFixList, (String) -> Int)
  {
    let bytes = F.bytes(id: id, title: title, products: products, body: summary + body)
    let parsed = ArticleParser.parse(bytes, path: "fixture/\(id).md")
    guard case .fixList(let list) = parsed.outcome else {
      Issue.record("not read as a fix list: \(parsed.outcome)")
      throw CancellationError()
    }
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return (list, { text in (lines.firstIndex { $0.contains(text) } ?? -1) + 1 })
  }

  @Test func headingsPerServicePackWithWrappedTitles() throws {
    // Q224792's layout: one heading per service pack, newest first; SUMMARY references are no entries.
    let (list, line) = try Self.list(
      id: "Q224792", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 1, 2, and 3",
      """
      Service Pack 3
      --------------

        Q135707 Programs Run at Priority Level 15 May Cause Computer to Hang
        Q161830 Message from Unix Using Smbclient w/ Long Username Crashes When
        Connecting to the Server

      Service Pack 2
      --------------

        Q160055 Dial-Up Networking Drops Connection

      Service Pack 1
      --------------

        Q78303 Intermittent File Corruption Problem

      Additional query words: 4.00 sp1 sp2 sp3
      """)
    #expect(list.id == "Q224792")
    #expect(
      list.entries == [
        Entry(article: "Q135707", servicePack: .sp3, line: line("Q135707")),
        Entry(article: "Q161830", servicePack: .sp3, line: line("Q161830")),
        Entry(article: "Q160055", servicePack: .sp2, line: line("Q160055 Dial")),
        Entry(article: "Q78303", servicePack: .sp1, line: line("Q78303")),
      ])
    #expect(list.entries.map(\.line) == [line("Q135707"), line("Q161830"), line("Q160055 Dial"), line("Q78303")])
  }

  @Test func standardAndTerminalServerListWithContinuedHeading() throws {
    // Q150734, Q194834, Q224793: "Windows NT 4.0 and TSE SP4" is both build lines.
    let (list, line) = try Self.list(
      id: "Q194834", title: "List of Bugs Fixed in Windows NT 4.0 and TSE SP4 (Part 2)",
      """
      Service Pack 4 Continued
      ------------------------

        Q183292 Resource Kit Utility Fails

      Additional query words: sp4
      """)
    #expect(
      list.entries == [
        Entry(article: "Q183292", servicePack: .sp4, line: line("Q183292")),
        Entry(article: "Q183292", edition: .terminalServer, servicePack: .sp4, line: line("Q183292")),
      ])
  }

  @Test func titleServicePackWithoutHeadings() throws {
    // Q240331: no heading at all; the title names TSE's Service Pack 5.
    let (list, _) = try Self.list(
      id: "Q240331", title: "List of Bugs Fixed in Terminal Server Edition Service Pack 5",
      products: ["Microsoft Windows NT Server version 4.0 SP5, Terminal Server Edition"],
      """
        Q193361 MSGINA.DLL does not Reset WINLOGON Structure
        Q195612 RpcServerUseProtSeqEp() Call Causes Local Named Object to Be Created
        in Global Name Space

      Additional query words: tse
      """)
    #expect(list.entries.map(\.article) == ["Q193361", "Q195612"])
    #expect(list.entries.allSatisfy { $0.edition == .terminalServer && $0.servicePack == .sp5 })
  }

  @Test func servicePackSixListTellsSixAFromSix() throws {
    // Q241211, Q244690: the "Differences" section is SP6a's; the categories after it are SP6's.
    let (list, _) = try Self.list(
      id: "Q241211", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 6/6a (Part 1)",
      """
      Differences Between Service Pack 6a and Service Pack 6
      ------------------------------------------------------

      Windows NT Service Pack 6a was released to fix specific issues in Service Pack 6:

        Q246009 Windows NT 4.0 Service Pack 6a Available

      Windows NT 4.0 Service Pack 6a also contains the SP6 fixes described below.

      Base Operating System
      ---------------------

        Q228734 Boot Problem on Some Computers

      Printing
      --------

        Q229614 Spooler Leak

      Additional query words: nt4sp6fixlist
      """)
    #expect(list.entries.map { "\($0.article) \($0.servicePack)" } == ["Q246009 sp6a", "Q228734 sp6", "Q229614 sp6"])
    #expect(list.entries.allSatisfy { $0.edition == nil })
  }

  @Test func terminalServerListWithDashedEntriesAndReferencesToOtherLists() throws {
    // Q222970: "Q123456 - Title"; the SP4 lists it refers to are not entries of its own.
    let (list, line) = try Self.list(
      id: "Q222970", title: "List of Bugs Fixed in Terminal Server Edition",
      products: ["Microsoft Windows NT Server version 4.0 SP4, Terminal Server Edition"],
      """
      Service Pack 4
      --------------

      Service Pack 4 for Windows NT Server 4.0, Terminal Server Edition includes the
      bugs fixed in Windows NT 4.0 Service Pack 4:

        Q150734 List of Bugs Fixed in Windows NT 4.0 and Terminal Server Edition
        Service Pack4 (Part 1)

      In addition to these fixes, Service Pack 4 for Windows NT Server 4.0, Terminal
      Server Edition also includes:

        Q198540 - Terminal Server Users Receive Event Log Error 1000 Logging On

      Additional query words: servpack sp4
      """)
    #expect(list.entries == [Entry(article: "Q198540", edition: .terminalServer, servicePack: .sp4, line: line("Q198540"))])
  }

  @Test func terminalServerHeadingsPerServicePack() throws {
    // Q258970: one heading per TSE service pack; under the older ones only references to other lists.
    let (list, _) = try Self.list(
      id: "Q258970", title: "List of Bugs Fixed in Terminal Server Edition Service Pack 6",
      products: ["Microsoft Windows NT Server version 4.0 SP6, Terminal Server Edition"],
      """
      Windows NT Server 4.0, Terminal Server Edition Service Pack 6
      -------------------------------------------------------------

        Q241211 List of Bugs Fixed in Windows NT 4.0 Service Pack 6a and Terminal
        Server Edition Service Pack 6/6a (Part 1)

        Q171307 How to Disable SAP Broadcast for RPC Service

      Windows NT Server 4.0, Terminal Server Edition Service Pack 5
      -------------------------------------------------------------

        Q240331 List of Bugs Fixed in Terminal Server Edition Service Pack 5

      Additional query words: tsesp6fixlist
      """)
    #expect(list.entries.map { "\($0.article) \($0.edition?.rawValue ?? "-") \($0.servicePack)" } == ["Q171307 terminal-server sp6"])
  }

  // MARK: Applying the lists

  static func fixList(_ id: String, _ entries: [Entry]) -> ServicePackFixList {
    ServicePackFixList(id: id, title: "List of Bugs Fixed in …", entries: entries)
  }

  @Test func aListGivesARuleItsFixedInWithItsSource() throws {
    let rule = Rule(
      id: "Q228734", title: "T", editions: [.server, .terminalServer],
      fixedIn: [ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
    let list = Self.fixList("Q241211", [Entry(article: "Q228734", servicePack: .sp6, line: 120)])
    let (rules, disagreements) = FixLists.apply([list], to: [rule], candidates: [])
    let fixed = try #require(rules.first)
    #expect(Set(fixed.fixedIn) == [ServicePackRef(servicePack: .sp6), ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
    let listed = try #require(fixed.fixedIn.first { $0.edition == nil })
    #expect(listed.origin == FactOrigin(article: "Q241211", line: 120))
    #expect(listed.source == "Q241211")
    #expect(fixed.fixedIn.first { $0.edition == .terminalServer }?.source == nil)
    #expect(disagreements.isEmpty)
    let json = try #require((fixed.jsonObject["fixedIn"] as? [[String: Any]])?.first { $0["edition"] is NSNull })
    #expect(json["source"] as? String == "Q241211")
    // Applying again (rules from --kb joining the built-in ones) gives the same.
    let again = FixLists.apply([list], to: rules, candidates: [])
    #expect(again.rules == rules)
    #expect(again.rules.first?.fixedIn.count == 2)
  }

  @Test func theLowestServicePackOfSeveralListsWinsAndOnlyForLinesTheRuleConcerns() throws {
    let rule = Rule(id: "Q215367", title: "T", editions: [.server], files: [])
    let candidate = Rule(id: "Q215367", title: "T", editions: [.server])
    let lists = [
      Self.fixList("Q241211", [Entry(article: "Q215367", servicePack: .sp6, line: 84)]),
      Self.fixList("Q225037", [Entry(article: "Q215367", servicePack: .sp5, line: 90)]),
      Self.fixList("Q150734", [Entry(article: "Q215367", edition: .terminalServer, servicePack: .sp4, line: 70)]),
    ]
    let (rules, _) = FixLists.apply(lists, to: [], candidates: [candidate])
    let fixed = try #require(rules.first)
    // The rule is for Server alone: TSE's list entry is not its concern.
    #expect(fixed.fixedIn == [ServicePackRef(servicePack: .sp5)])
    #expect(fixed.fixedIn.first?.origin == FactOrigin(article: "Q225037", line: 90))
    _ = rule
  }

  @Test func theArticleWinsOverAListAndLintListsTheDisagreement() throws {
    let own = ArticleFixture.parse(
      id: "Q216913",
      body: StatusSentenceTests.status(
        "This problem was first corrected in Windows NT 4.0 Service Pack 5."))
    let listBytes = F.bytes(
      id: "Q241211", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 6/6a (Part 1)",
      body: Self.summary + """
        Base Operating System
        ---------------------

          Q216913 BIOS Date Value Does Not Immediately Update on January 1, 2000
        """)
    let list = ArticleParser.parse(listBytes, path: "fixture/Q241211.md")
    let base = KnowledgeBase(articles: [own, list])
    #expect(base.fixLists.map(\.id) == ["Q241211"])
    let rule = try #require(base.rule(id: "Q216913"))
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp5)])
    #expect(rule.fixedIn.first?.source == nil)
    let disagreement = try #require(base.fixListDisagreements.first)
    #expect(base.fixListDisagreements.count == 1)
    #expect(disagreement.rule == "Q216913")
    #expect(disagreement.edition == nil)
    #expect(disagreement.own == .sp5 && disagreement.listed == .sp6)
    #expect(disagreement.origin.article == "Q241211")
    let lint = LintReport(base)
    #expect(lint.fixLists == ["Q241211"])
    #expect(lint.text.contains("fix list disagreements: 1"))
    #expect(lint.text.contains("Q216913: its article says SP5, Q241211 line \(disagreement.origin.line) says SP6 (standard line)"))
  }

  @Test func aLatestServicePackArticleBecomesARuleWhenAListNamesIt() throws {
    let latest = ArticleFixture.parse(
      id: "Q160055",
      body: StatusSentenceTests.status(
        "This problem was corrected in the latest Microsoft Windows NT 4.0 U.S. Service Pack."))
    #expect(latest.rule == nil)
    #expect(latest.candidate?.id == "Q160055")
    let alone = KnowledgeBase(articles: [latest])
    #expect(alone.rules.isEmpty)
    let listBytes = F.bytes(
      id: "Q224792", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 1, 2, and 3",
      body: Self.summary + """
        Service Pack 2
        --------------

          Q160055 Dial-Up Networking Drops Connection
        """)
    let base = KnowledgeBase(articles: [latest, ArticleParser.parse(listBytes, path: "fixture/Q224792.md")])
    let rule = try #require(base.rule(id: "Q160055"))
    #expect(rule.editions == [.server, .workstation])
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp2)])
    #expect(rule.fixedIn.first?.source == "Q224792")
    // `kb lint` counts it as a rule, not as skipped.
    let lint = LintReport(base)
    #expect(lint.rulesByServicePackOnly == 1)
    #expect(lint.rulesWithListedFix == 1)
    #expect(lint.skipped[.noFixInformation] == nil)
  }

  @Test func fileRowsOfALineAreTheArticlesOwnFix() throws {
    // Q177245: a TSE hotfix (files) made after the TSE SP4 that Q150734 names it under.
    let rule = Rule(
      id: "Q177245", title: "T", editions: [.server, .terminalServer],
      fixedIn: [ServicePackRef(servicePack: .sp4)],
      files: [RuleFile(edition: .terminalServer, name: "Tcpip.sys", date: FileDate(year: 1999, month: 7, day: 21))])
    let list = Self.fixList(
      "Q150734",
      [
        Entry(article: "Q177245", servicePack: .sp4, line: 324),
        Entry(article: "Q177245", edition: .terminalServer, servicePack: .sp4, line: 324),
      ])
    let (rules, disagreements) = FixLists.apply([list], to: [rule], candidates: [])
    #expect(rules == [rule])
    #expect(disagreements.isEmpty)
  }

  // MARK: No Terminal Server SP6a

  @Test func ntAndTerminalServerSP6aGivesStandardSP6aAndTerminalServerSP6() throws {
    // Q240414's wording.
    let rule = try #require(
      F.rule(
        products: F.standardProducts + ["Microsoft Windows NT Server version 4.0, Terminal Server Edition"],
        body: StatusSentenceTests.status(
          """
          Microsoft has confirmed this to be a problem. This problem was first corrected in
          Windows NT 4.0 and Windows NT Server 4.0, Terminal Server Edition Service Pack
          6a.
          """)))
    #expect(Set(rule.fixedIn) == [ServicePackRef(servicePack: .sp6a), ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
  }

  @Test func terminalServerOnlySP6aReadsAsTerminalServerSP6() throws {
    // Q304018: a TSE-only hotfix that requires "Windows NT 4.0 Service Pack 6a".
    let body =
      F.resolution(
        """
          Date         Time   Size    File name
          -------------------------------------
          07-Jan-2002  10:47  12,728  Termdd.sys
        """) + "\n\nNOTE: This hotfix requires Windows NT 4.0 Service Pack 6a.\n"
    let rule = try #require(F.rule(products: ["Microsoft Windows NT Server version 4.0, Terminal Server Edition"], body: body))
    #expect(rule.requires == [ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
    #expect(rule.jsonObject.description.contains("sp6a") == false)
  }

  @Test func theModelHoldsNoTerminalServerSP6a() {
    var ref = ServicePackRef(edition: .terminalServer, servicePack: .sp6a)
    #expect(ref.servicePack == .sp6)
    ref.servicePack = .sp6a
    #expect(ref.servicePack == .sp6)
    var standard = ServicePackRef(servicePack: .sp6a)
    #expect(standard.servicePack == .sp6a)
    standard.edition = .terminalServer
    #expect(standard.servicePack == .sp6)
    #expect(Entry(article: "Q1", edition: .terminalServer, servicePack: .sp6a, line: 1).servicePack == .sp6)
  }
}
