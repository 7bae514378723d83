import Foundation
import Testing

@testable import KBData

/// Fixed-in and requires sentences, per build line, and the wordings that are neither.
@Suite struct StatusSentenceTests {
  typealias F = ArticleFixture

  static func status(_ text: String, section: String = "STATUS") -> String {
    """
    SYMPTOMS
    ========

    This happens on Windows NT 4.0 Service Pack 3 and was not corrected in Service Pack 2.

    \(section)
    \(String(repeating: "=", count: section.count))

    \(text)
    """
  }

  @Test func fixedInPerEditionGivesTwoEntries() throws {
    let rule = try #require(
      F.rule(
        body: Self.status(
          """
          Microsoft has confirmed this to be a problem. This problem was first corrected in
          Windows NT Server 4.0 Service Pack 6 and Windows NT Server 4.0, Terminal Server
          Edition Service Pack 6.
          """)))
    #expect(Set(rule.fixedIn) == [ServicePackRef(servicePack: .sp6), ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
    #expect(rule.files.isEmpty)
    #expect(rule.requires.isEmpty)
  }

  @Test func servicePackFourPointZeroIsSP4() throws {
    let rule = try #require(
      F.rule(
        body: Self.status(
          "This problem was first corrected in Windows NT 4.0 Service Pack 4.0.")))
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp4)])
  }

  @Test func latestServicePackWaitingAndOtherProductsGiveNothing() {
    for text in [
      "This problem was corrected in the latest Windows NT 4.0 U.S. Service Pack.",
      "Microsoft recommends that you wait for the next Windows NT 4.0 service pack that contains this fix.",
      "This problem was first corrected in Windows 2000 Service Pack 2.",
      "This problem was first corrected in Microsoft Exchange Server 5.5 Service Pack 4.",
      "This problem was first corrected in Cluster Server Service Pack 1.",
      "For a list, see Q222970 List of Bugs Fixed in Terminal Server Edition Service Pack 4.",
    ] {
      #expect(F.parse(body: Self.status(text)).rule == nil, "\(text)")
    }
  }

  @Test func requirementFromANoteSplitOverTwoLines() throws {
    let body =
      F.resolution(
        """
          Date         Time   Size    File name
          -------------------------------------
          07-Jan-2002  10:47  12,728  Tdasync.sys
        """) + "\n\nNOTE: Due to file dependencies, this hotfix requires Microsoft Windows NT 4.0\nService Pack 6a (SP6a).\n"
    let rule = try #require(F.rule(body: body))
    #expect(rule.requires == [ServicePackRef(servicePack: .sp6a)])
  }

  @Test func requirementWordings() throws {
    let wordings: [(String, ServicePack)] = [
      ("NOTE: This hotfix requires 4.0 SP5 or later for installation and support.", .sp5),
      ("NOTE: Service pack 3 must be applied to Windows NT 4.0 prior to applying this\nfix.", .sp3),
      ("Apply this fix on top of Windows NT 4.0 Service Pack 6a.", .sp6a),
    ]
    for (text, pack) in wordings {
      let body = F.resolution("  03/14/2000  18:00  107,792  Rpcss.exe  (Intel)") + "\n\n" + text + "\n"
      let rule = try #require(F.rule(body: body))
      #expect(rule.requires == [ServicePackRef(servicePack: pack)], "\(text)")
    }
  }

  @Test func symptomsAndAppliesToAreNoRequirement() throws {
    let rule = try #require(
      F.rule(
        products: ["Microsoft Windows NT Server versions 4.0 SP4, 4.0 SP5"],
        body: F.resolution("  03/14/2000  18:00  107,792  Rpcss.exe  (Intel)")
          .replacingOccurrences(of: "Something fails.", with: "Computers running Windows NT 4.0 SP5 require a restart after this update.")))
    #expect(rule.requires.isEmpty)
    #expect(rule.editions == [.server])
  }

  @Test func servicePackOnlyRuleAndSkips() {
    let fixed = F.parse(body: Self.status("This problem was first corrected in Windows NT 4.0 Service Pack 5."))
    #expect(fixed.rule?.fixedIn == [ServicePackRef(servicePack: .sp5)])
    let notFix = F.parse(body: Self.status("Microsoft is researching this problem."))
    if case .skipped(let reason) = notFix.outcome { #expect(reason == .noFixInformation) } else { Issue.record("a rule") }
    let other = F.parse(
      products: ["Microsoft Windows NT Server version 3.51"],
      body: Self.status(
        "This problem was first corrected in Windows NT 4.0 Service Pack 5."))
    if case .skipped(let reason) = other.outcome { #expect(reason == .notNT4) } else { Issue.record("a rule") }
  }
}
