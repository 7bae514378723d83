import Foundation
import Testing

@testable import KBData

/// "requires Service Pack 4, Service Pack 5, or Service Pack 6a": any of them will do, so the
/// prerequisite is the lowest, not the highest.
@Suite struct AlternativePrerequisiteTests {
  typealias F = ArticleFixture

  static func body(_ note: String) -> String {
    F.resolution(
      """
        Date        Time    Version        Size    File name    Platform
        ------------------------------------------------------------------
        11/15/2000  11:14p  4.0.1381.7086  70,928  Ws2_32.dll   Intel
      """) + "\n\n" + note + "\n"
  }

  @Test func alternativesGiveTheLowest() throws {
    for note in [
      "NOTE: Due to file dependencies, this hotfix requires Microsoft Windows NT 4.0\nService Pack 4, Service Pack 5, or Service Pack 6a.",
      "NOTE: This hotfix can be applied to computers running Windows NT 4.0 Service Pack\n4 or Windows NT 4.0 Service Pack 5.",
    ] {
      let rule = try #require(F.rule(body: Self.body(note)))
      #expect(rule.requires == [ServicePackRef(servicePack: .sp4)], "\(note)")
    }
  }

  @Test func aSinglePackIsKept() throws {
    let rule = try #require(
      F.rule(
        body: Self.body(
          "NOTE: Because of file dependencies, this hotfix requires Microsoft Windows NT 4.0 Service Pack 6a.")))
    #expect(rule.requires == [ServicePackRef(servicePack: .sp6a)])
  }
}
