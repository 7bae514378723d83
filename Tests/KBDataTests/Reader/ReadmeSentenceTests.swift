import Foundation
import Testing

@testable import KBData

/// A service pack's readme or a rollup's description names packs in passing: "bug fixes
/// contained in Service Pack 4", "applications that require SP4". Neither is this article's fix.
@Suite struct ReadmeSentenceTests {
  typealias F = ArticleFixture

  static func moreInformation(_ text: String) -> String {
    """
    SUMMARY
    =======

    This document describes the update and answers questions you might have.

    MORE INFORMATION
    ================

    \(text)
    """
  }

  @Test func conditionalNoteGivesNoRequirementOrFix() {
    let text = """
      NOTE: If you install any programs that require Service Pack 4 or have bug fixes
      contained in Service Pack 4, uninstalling the service pack could affect those programs.
      """
    #expect(F.parse(body: Self.moreInformation(text)).rule == nil)
    // With a file list the article is a rule, still without that requirement or fix.
    let body =
      F.resolution(
        """
          Date         Time   Size    File name
          -------------------------------------
          07-Jan-2002  10:47  12,728  Tdasync.sys
        """) + "\n\nMORE INFORMATION\n================\n\n" + text + "\n"
    let rule = F.rule(body: body)
    #expect(rule?.files.count == 1)
    #expect(rule?.requires == [])
    #expect(rule?.fixedIn == [])
  }

  @Test func listOfBugFixesContainedInAPackIsNoFix() {
    for text in [
      "All bug fixes contained in Service Pack 3 are listed below.",
      "This upgrade also includes other fixes that were included in previously released hotfixes for Windows NT Service Pack 3.",
    ] {
      #expect(F.parse(body: Self.moreInformation(text)).rule == nil, "\(text)")
    }
  }

  @Test func aPlainFixStatementStillCounts() throws {
    let rule = try #require(
      F.rule(
        body: Self.moreInformation(
          "This problem was first corrected in Windows NT 4.0 Service Pack 4.")))
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp4)])
  }
}
