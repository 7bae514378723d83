import Foundation
import Testing

/// A KB archive with stray files (issue 5, item 4): a binary file named like an article,
/// a truncated article, one with a huge line, one not in UTF-8. The good article still
/// loads, and `kb lint` names every bad file.
@Suite(.serialized) struct ArticleArchiveHostileTests {
  static let goodArticle = """
    ---
    layout: page
    title: "Q999001: Sample Hotfix for Archive Tests"
    permalink: kb/999/Q999001/
    ---

    ## Q999001: Sample Hotfix for Archive Tests

    \tArticle: Q999001
    \tProduct(s): Microsoft Windows NT
    \tVersion(s): 4.0,4.0 SP5,4.0 SP6
    \tKeyword(s): kbWinNT400PreSP7Fix
    \tLast Modified: 01-JAN-2001
    \t
    \t-------------------------------------------------------------------------------
    \tThe information in this article applies to:
    \t
    \t- Microsoft Windows NT Server version 4.0 SP5, 4.0 SP6
    \t-------------------------------------------------------------------------------
    \t
    \tRESOLUTION
    \t==========
    \t
    \tThis hotfix requires 4.0 SP5 or later. The English version of this fix should
    \thave the following file attributes or later:
    \t
    \t   Date      Time    Version         Size     File name     Platform
    \t   -------------------------------------------------------------------
    \t   03/14/2000  07:33p  4.0.1381.7140  107,792  Rpcss.exe    Intel
    \t
    \t=============================================================================

    """

  /// The good article under another id.
  static func article(_ id: String) -> String {
    goodArticle.replacingOccurrences(of: "Q999001", with: id).replacingOccurrences(of: "kb/999/", with: "kb/\(id.dropFirst().prefix(3))/")
  }

  func write(_ bytes: [UInt8], _ relative: String, in root: String) throws -> String {
    let path = root + "/" + relative
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func badFilesAreNamedAndTheGoodArticleLoads() throws {
    let root = try temporaryFolder("kb-archive")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let good = try write(Array(Self.goodArticle.utf8), "999/Q999001/README.md", in: root)
    var generator = SplitMix(seed: 0xB1A4)
    let binary = try write((0..<20_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, "999/Q999002/README.md", in: root)
    let full = Array(Self.article("Q999003").utf8)
    let truncated = try write(Array(full.prefix(full.count * 2 / 3)), "999/Q999003/README.md", in: root)
    let hugeText = Self.article("Q999004").replacingOccurrences(
      of: "\tRESOLUTION", with: "\t" + String(repeating: "x", count: 1 << 20) + "\n\tRESOLUTION")
    let huge = try write(Array(hugeText.utf8), "999/Q999004/README.md", in: root)
    let latin1 = try write(
      Array(Self.article("Q999005").utf8).flatMap { $0 == UInt8(ascii: "S") ? [0xE9, 0xFF] : [$0] }, "999/Q999005/README.md", in: root)
    let nul = try write(Array("\0\0\0\0".utf8) + Array(Self.article("Q999006").utf8), "999/Q999006/README.md", in: root)

    let lint = try runMeasured(["kb", "lint", "--kb", root])
    print("kb-lint: \(lint.summary)\n\(lint.stdout.prefix(2000))")
    #expect(lint.status == 0, "\(lint.summary) \(lint.stderr)")
    #expect(lint.seconds < 10 && lint.maxRSSMegabytes < 300, "\(lint.summary)")
    for bad in [binary, truncated, huge, latin1, nul] {
      #expect(lint.stdout.contains(bad + ":"), "kb lint does not name \(bad):\n\(lint.stdout)")
    }
    #expect(!lint.stdout.contains(good + ":"), "the good article was named:\n\(lint.stdout)")
    #expect(!lint.stdout.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && $0.properties.generalCategory == .control })

    let show = try runMeasured(["kb", "show", "Q999001", "--kb", root, "--format", "json"])
    #expect(show.status == 0, "\(show.summary) \(show.stderr)")
    #expect(show.stdout.contains("Rpcss.exe"))

    // The archive's rules judge a host as usual.
    let host = try temporaryFile(
      "<host name=\"ARCH1\" edition=\"server\" service-pack=\"sp6\" platform=\"intel\"><file path=\"C:\\WINNT\\system32\\rpcss.exe\" version=\"4.0.1381.7000\"/></host>\n",
      suffix: ".xml")
    let check = try runMeasured(["check", host, "--kb", root, "--format", "xml"])
    #expect(check.status == 1, "\(check.summary) \(check.stderr)")
    #expect(try HostileInputTests.verdicts(check.stdout)["ARCH1"] == "fix-needed")
  }
}
