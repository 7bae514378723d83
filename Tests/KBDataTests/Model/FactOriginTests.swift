import Testing

@testable import KBData

/// Every fact of a rule is traced to the article line that states it (`kb show`), so an auditor
/// can check the tool against the article.
@Suite struct FactOriginTests {
  typealias F = ArticleFixture

  static let body = """
    SYMPTOMS
    ========

    Something fails.

    RESOLUTION
    ==========

    This hotfix requires Windows NT 4.0
    Service Pack 5 or later.

    The English version of this fix should have the following file attributes or later:

       Date        Time   Version          Size     File name
       -----------------------------------------------------
       03/14/2000  05:26p 4.0.1381.7140    108,816  Rpcss.exe
       03/14/2000  05:26p 4.0.1381.7140    701,712  Ole32.dll

    STATUS
    ======

    Microsoft has confirmed this to be a problem. This problem was first corrected in the
    Windows NT 4.0 and Windows NT Server 4.0, Terminal Server Edition Service
    Pack 6a.
    """

  /// The 1-based number of the first fixture line holding `text` at or after line `from`.
  static func line(of text: String, from: Int = 1) -> Int? {
    let lines = String(decoding: F.bytes(body: body), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.indices.first { $0 + 1 >= from && lines[$0].contains(text) }.map { $0 + 1 }
  }

  @Test func eachFactCarriesTheLineThatStatesIt() throws {
    let rule = try #require(F.rule(body: Self.body))
    #expect(rule.origin.title == Self.line(of: "## Q999001: "))
    #expect(rule.origin.editions[.server] == Self.line(of: "- Microsoft Windows NT Server"))
    #expect(rule.origin.editions[.workstation] == Self.line(of: "- Microsoft Windows NT Workstation"))
    // The prerequisite's paragraph starts a line earlier than the words "Service Pack 5".
    #expect(rule.requires.map(\.origin?.line) == [Self.line(of: "Service Pack 5 or later")])
    #expect(rule.files.map(\.origin?.line) == [Self.line(of: "Rpcss.exe"), Self.line(of: "Ole32.dll")])
    // "… and … Terminal Server Edition Service / Pack 6a": standard SP6a and TSE SP6 (there is no
    // TSE SP6a), both traced to where "Service Pack 6a" starts, not to the paragraph's first line.
    let fixed = Dictionary(uniqueKeysWithValues: rule.fixedIn.map { ($0.edition, $0) })
    #expect(fixed[nil]?.servicePack == .sp6a)
    #expect(fixed[.terminalServer]?.servicePack == .sp6)
    let stated = Self.line(of: "Terminal Server Edition Service")
    #expect(fixed[nil]?.origin == FactOrigin(line: stated ?? -1))
    #expect(fixed[.terminalServer]?.origin == FactOrigin(line: stated ?? -1))
    #expect(stated != Self.line(of: "Microsoft has confirmed"))
  }

  @Test func kbShowPrintsTheLines() throws {
    let rule = try #require(F.rule(body: Self.body))
    let text = rule.textDescription
    #expect(text.contains("requires: SP5  (line \(Self.line(of: "Service Pack 5 or later") ?? -1))"))
    #expect(text.contains("Rpcss.exe  4.0.1381.7140  2000-03-14  108816  (line \(Self.line(of: "Rpcss.exe") ?? -1))"))
    #expect(text.contains("fixed in: TSE SP6  (line"))
  }
}
