import Foundation
import Testing

@testable import KBData

/// No input traps or hangs: binary, truncated and non-UTF-8 files, and every prefix of an article.
@Suite struct RobustnessTests {
  typealias F = ArticleFixture

  static let table = F.resolution(
    """
      Date        Time   Version           Size     File name
      -------------------------------------------------------
      09/27/2001  20:17  4.0.1381.33478    701,712  Ole32.dll
    """)

  @Test func binaryFileIsUnreadableWithAWarning() {
    let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2, 3] + Array(repeating: 0, count: 100)
    let parsed = ArticleParser.parse(bytes, path: "x.md")
    guard case .skipped(.unreadable) = parsed.outcome else { Issue.record("not unreadable"); return }
    #expect(!parsed.warnings.isEmpty)
  }

  @Test func truncatedBeforeTheHeadingIsUnreadable() {
    let bytes = Array(F.bytes(body: Self.table).prefix(40))
    let parsed = ArticleParser.parse(bytes, path: "x.md")
    guard case .skipped(.unreadable) = parsed.outcome else { Issue.record("not unreadable"); return }
    #expect(parsed.warnings.first?.path == "x.md")
  }

  @Test func everyPrefixParsesWithoutTrapping() {
    let bytes = F.bytes(body: Self.table)
    var rules = 0
    for length in stride(from: 0, through: bytes.count, by: 7) {
      if ArticleParser.parse(Array(bytes.prefix(length)), path: "x.md").rule != nil { rules += 1 }
    }
    #expect(rules > 0)
    #expect(ArticleParser.parse(bytes, path: "x.md").rule?.files.count == 1)
  }

  @Test func nonUTF8BytesStillLoad() throws {
    var bytes = F.bytes(body: Self.table.replacingOccurrences(of: "Something fails.", with: "Something fails: XX."))
    // Latin-1 bytes, as some archive files carry, where the XX was.
    if let at = bytes.firstIndex(of: UInt8(ascii: "X")) { bytes[at] = 0xE9; bytes[at + 1] = 0xFF }
    let rule = try #require(ArticleParser.parse(bytes, path: "x.md").rule)
    #expect(rule.files.first?.name == "Ole32.dll")
  }

  @Test func randomBytesNeverTrap() {
    var generator = SystemRandomNumberGenerator()
    let seed = F.bytes(body: Self.table)
    for _ in 0..<200 {
      var bytes = seed
      for _ in 0..<20 {
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        bytes[at] = UInt8.random(in: 1...255, using: &generator)
      }
      _ = ArticleParser.parse(bytes, path: "x.md")
    }
  }
}
