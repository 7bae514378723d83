import Testing

@testable import KBData

/// Whose list a table is: NT 4.0 or another product, standard build or Terminal Server Edition.
@Suite struct SectionTests {
  typealias F = ArticleFixture

  static let twoProducts = """
    RESOLUTION
    ==========

    Windows NT 4.0
    --------------

    The English version of this fix should have the following file attributes or later:

      Date      Time    Size     File name     Platform
      -------------------------------------------------
      04/26/00  8:13 PM 124,176  Msgina.dll    Intel

    Windows 2000
    ------------

    The English version of this fix should have the following file attributes or later:

      Date       Time    Version        Size     File name
      -----------------------------------------------------
      5/31/2001  03:31p  5.0.2195.3649  156,432  Msgina.dll

    Windows NT Server 4.0, Terminal Server Edition
    ----------------------------------------------

    The English version of this fix should have the following file attributes or later:

      Date      Time    Size     File name     Platform
      -------------------------------------------------
      05/02/00  10:13a  126,224  Msgina.dll    Intel

    STATUS
    ======

    Microsoft has confirmed this to be a problem.
    """

  @Test func windows2000HeadingIsLeftOutAndTSEHeadingTagsRows() throws {
    let rule = try #require(F.rule(body: Self.twoProducts))
    #expect(rule.files.count == 2)
    #expect(rule.files.map(\.edition) == [nil, .terminalServer])
    #expect(!rule.files.contains { $0.version?.text == "5.0.2195.3649" })
  }

  @Test func otherProductSentencesAreLeftOut() throws {
    let body =
      F.resolution(
        """
          01/14/98  12:04p               123,824 Tcpip.sys   (Intel)
        """, intro: "To resolve this problem for Windows NT 3.51, obtain the following fix:")
      + "\n\nThis issue is resolved by the following updated file for Windows 95 and Windows 98:\n\n"
      + "  08/01/98  12:00p   66,734 Vip.386 (Intel)\n"
    #expect(F.parse(body: body).rule == nil)
  }

  @Test func terminalServerSentenceTagsRows() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date        Time   Size     File name   Platform
            -------------------------------------------------
            09/27/2001  20:17  108,816  Rpcss.exe   Intel
          """,
          intro:
            "The English-language version of this fix for Windows NT Server Terminal Server Edition should have the following file attributes or later:"
        )))
    #expect(rule.files.first?.edition == .terminalServer)
  }

  @Test func articleForTerminalServerAloneMakesEverythingTSE() throws {
    let body =
      F.resolution(
        """
          Date        Time   Size     File name   Platform
          -------------------------------------------------
          09/27/2001  20:17  108,816  Rpcss.exe   Intel
        """) + "\n\nNOTE: This hotfix requires Service Pack 6 or later.\n"
    let rule = try #require(
      F.rule(
        products: ["Microsoft Windows NT Server version 4.0, Terminal Server Edition"], body: body))
    #expect(rule.editions == [.terminalServer])
    #expect(rule.files.first?.edition == .terminalServer)
    #expect(rule.requires == [ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
  }

  @Test func nonEnglishListIsLeftOut() {
    let body = F.resolution(
      """
        Date      Time   Size    File name     Platform
        -----------------------------------------------
        10/11/99  17:44  261,392 dhcpadmn.exe  Intel
      """, intro: "The Swedish version of this fix should have the following file attributes or later:")
    let parsed = F.parse(body: body)
    #expect(parsed.rule == nil)
    if case .skipped(let reason) = parsed.outcome { #expect(reason == .noFixInformation) }
  }

  @Test func platformFromTheSentenceBeforeTheList() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date      Time    Size     File name
            ------------------------------------
            04/26/00  20:13   160,528  Msgina.dll
          """, intro: "The English version of this fix for Windows NT Alpha should have the following attributes:")))
    #expect(rule.files.first?.platform == .alpha)
  }

  @Test func appliesToEditions() {
    func editions(_ line: String) -> Set<Edition> { AppliesTo.editions(of: Array(line.lowercased().utf8)).editions }
    #expect(editions("Microsoft Windows NT Server versions 4.0 SP4, 4.0 SP5") == [.server])
    #expect(editions("Microsoft Windows NT Server version 4.0, Terminal Server Edition") == [.terminalServer])
    #expect(editions("Microsoft Windows NT Server versions 4.0 SP4, 4.0 SP5, Terminal Server Edition") == [.terminalServer])
    #expect(editions("Microsoft Windows NT Server, Enterprise Edition version 4.0") == [.enterprise])
    #expect(editions("Microsoft Windows NT Workstation versions 3.51, 4.0") == [.workstation])
    #expect(editions("Microsoft Windows NT Server version 3.51").isEmpty)
    #expect(editions("Microsoft Windows 2000 Server").isEmpty)
    #expect(editions("Microsoft Windows NT version 4.0 Option Pack").isEmpty)
  }
}
