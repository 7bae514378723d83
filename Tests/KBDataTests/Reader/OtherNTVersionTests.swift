import Testing

@testable import KBData

/// An NT 3.51 fix described in an NT 4.0 article: its list and its prerequisite are not NT 4.0's,
/// even when a generic "should have the following time stamp:" line stands between the list
/// and the sentence that names 3.51.
@Suite struct OtherNTVersionTests {
  typealias F = ArticleFixture

  static let body = """
    SYMPTOMS
    ========

    Something fails.

    RESOLUTION
    ==========

    To resolve this problem, obtain the latest service pack for Windows NT 4.0.

    To resolve this problem, obtain the following fix for Windows NT 3.51:

    The fix should have the following time stamp:

      4/30/97 9:49PM                  215,968 Netapi32.dll (Intel)
      4/30/97 9:52PM                  322,832 Netapi32.dll (Alpha)

    NOTE: Service Pack 3 must be applied to Windows NT 3.51 prior to applying this
    fix.

    STATUS
    ======

    Microsoft has confirmed this to be a problem in Windows NT 4.0. This problem was first
    corrected in Windows NT 4.0 Service Pack 4.
    """

  @Test func listAfterAThreeFiftyOneSentenceAndATimeStampLineIsLeftOut() throws {
    let rule = try #require(F.rule(body: Self.body))
    #expect(rule.files.isEmpty)
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp4)])
  }

  @Test func threeFiftyOneServicePackIsNoPrerequisite() throws {
    let rule = try #require(F.rule(body: Self.body))
    #expect(rule.requires.isEmpty)
  }

  @Test func aLabelLineEndsTheIntroduction() throws {
    // "…see the following article:" then a reference line: the colon points at the reference,
    // so the NT 4.0 sentence does not carry on to the list below.
    let body = F.resolution(
      """
        01/26/98  04:58p               260,384  Rdr.sys (Intel)
      """,
      intro: """
        For additional information, see the following article in the Windows NT 4.0 Knowledge Base:

          Q152734 How to Obtain the Latest Windows NT 4.0 Service Pack

        To resolve this problem, obtain the following fix for Windows NT 3.51:
        """)
    #expect(F.parse(body: body).rule == nil)
  }
}
