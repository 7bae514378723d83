import Foundation
import Testing

@testable import KBData

/// Loading a folder of articles and what `kb lint` says about it.
@Suite struct KnowledgeBaseTests {
  typealias F = ArticleFixture

  func makeArchive() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kbdata-\(UUID().uuidString)")
    func write(_ id: String, _ bytes: [UInt8]) throws {
      let folder = root.appendingPathComponent("kb/999/\(id)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: folder.appendingPathComponent("README.md"))
    }
    try write("Q999001", F.bytes(id: "Q999001", body: F.resolution("  03/14/2000  18:00  107,792  Rpcss.exe  (Intel)")))
    try write(
      "Q999002", F.bytes(id: "Q999002", body: "STATUS\n======\n\nThis problem was first corrected in Windows NT 4.0 Service Pack 5.\n"))
    try write("Q999003", F.bytes(id: "Q999003", products: ["Microsoft Windows 2000 Server"], body: "SYMPTOMS\n========\n\nNothing.\n"))
    try write("Q999004", [0, 1, 2, 3, 0, 0])
    try write(
      "Q999005",
      F.bytes(
        id: "Q999005",
        body: F.resolution(
          """
            Date      Time    Size     File name   Platform
            ------------------------------------------------
            (see the readme)
          """)))
    return root
  }

  @Test func loadsAFolderAndLintCountsEveryOutcome() throws {
    let root = try makeArchive()
    defer { try? FileManager.default.removeItem(at: root) }
    let base = try KnowledgeBase.load(directories: [root])
    #expect(base.articles.count == 5)
    #expect(base.rules.map(\.id) == ["Q999001", "Q999002"])
    let report = LintReport(base)
    #expect(report.rulesWithFiles == 1)
    #expect(report.rulesByServicePackOnly == 1)
    #expect(report.skipped[.notNT4]?.count == 1)
    #expect(report.skipped[.unreadable]?.count == 1)
    #expect(report.skipped[.noFixInformation]?.count == 1)
    let text = report.text
    #expect(text.contains("rules with files: 1"))
    #expect(text.contains("Q999005/README.md:"))
    #expect(text.contains("table header with no file row read"))
  }

  @Test func missingFolderThrows() {
    #expect(throws: KnowledgeBaseError.self) {
      try KnowledgeBase.load(directories: [URL(fileURLWithPath: "/nonexistent/kb-\(UUID().uuidString)")])
    }
  }
}
