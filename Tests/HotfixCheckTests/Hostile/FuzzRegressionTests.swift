import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// Inputs the fuzzers (Fuzz/, scripts/fuzz) found or that guard what they check, kept
/// minimised under Fixtures/fuzz/TARGET/: each must end in a rule or a skip (articles),
/// or in hosts and located errors (inventories), without a crash.
@Suite struct FuzzRegressionTests {
  static func fixtures(_ target: String) -> [String] {
    guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/fuzz/\(target)"),
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0).path }
  }

  @Test func fixturesArePresent() {
    #expect(!Self.fixtures("articles").isEmpty && !Self.fixtures("csv").isEmpty && !Self.fixtures("xml").isEmpty)
  }

  @Test(arguments: fixtures("articles")) func article(_ path: String) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let parsed = ArticleParser.parse(bytes, path: path)
    for warning in parsed.warnings { #expect(warning.path == path && warning.line >= 0) }
  }

  @Test(arguments: fixtures("csv")) func csvInventory(_ path: String) {
    let (hosts, failures) = readAll { CSVInventoryReader.read(path: path, name: "fuzz.csv", emit: $0) }
    #expect(!hosts.isEmpty || !failures.isEmpty, "nothing reported for \(path)")
    for failure in failures { #expect(failure.file == "fuzz.csv" && failure.line >= 1 && failure.column >= 1, "\(failure)") }
  }

  @Test(arguments: fixtures("xml")) func xmlInventory(_ path: String) {
    let (hosts, failures) = readAll { XMLInventoryReader.read(path: path, name: "fuzz.xml", emit: $0) }
    #expect(!hosts.isEmpty || !failures.isEmpty, "nothing reported for \(path)")
    for failure in failures { #expect(failure.file == "fuzz.xml" && failure.line >= 1 && failure.column >= 1, "\(failure)") }
  }
}
