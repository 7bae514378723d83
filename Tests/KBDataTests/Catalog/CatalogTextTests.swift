import Foundation
import Testing

@testable import KBData

/// The text form of a catalog (kb/catalog.tsv and the rule cache's payload): it gives back every
/// fact and where it was read, and refuses anything out of place with its line, never crashing.
@Suite struct CatalogTextTests {
  static let handMade = Catalog(
    archive: ArchiveStamp(name: "kbarchive-nt", revision: "00ff00ff00ff00ff", date: FileDate(year: 2002, month: 8, day: 18), articles: 3),
    rules: [
      Rule(id: "Q1", title: "", files: [RuleFile(name: "b", size: Int.min)]),
      Rule(
        id: "Q256149", title: "Mémoire — leak \u{1F600}\twith a tab \\ and a backslash",
        editions: [.server, .terminalServer, .workstation],
        requires: [
          ServicePackRef(servicePack: .sp5, origin: FactOrigin(line: 40)),
          ServicePackRef(edition: .terminalServer, servicePack: .sp6, origin: FactOrigin(line: 41)),
        ],
        fixedIn: [ServicePackRef(servicePack: .sp6a, origin: FactOrigin(article: "Q241211", line: 120))],
        files: [
          RuleFile(
            edition: .terminalServer, platform: .alpha, name: "Ole32.dll", version: FileVersion("4.00.1381.33478"),
            date: FileDate(year: 2001, month: 9, day: 27), size: 701_712, origin: FactOrigin(line: 88)),
          RuleFile(
            platform: .intel, name: "Rpcss.exe", version: FileVersion(nt4Build: 7043), date: FileDate(year: 2099, month: 12, day: 31)),
          RuleFile(platform: .mips, name: "a b", version: FileVersion("5"), size: 0),
          RuleFile(platform: .ppc, name: "x\ny", version: FileVersion("0.01"), size: Int.max),
          RuleFile(name: "odd", date: FileDate(year: 1970, month: 1, day: 1), size: -1),
        ],
        origin: RuleOrigin(title: 3, editions: [.server: 14, .workstation: 15, .terminalServer: 16])),
    ],
    fixLists: [
      ServicePackFixList(
        id: "Q241211", title: "List of Bugs Fixed in Windows NT 4.0 Service Pack 6/6a (Part 1)",
        entries: [
          .init(article: "Q256149", servicePack: .sp6a, line: 120),
          .init(article: "Q1", edition: .terminalServer, servicePack: .sp6, line: 121),
        ])
    ],
    manifests: [
      ServicePackManifest(
        id: "Q235373", title: "Contents of Service Pack 5", servicePack: ServicePackRef(servicePack: .sp5), platform: .intel,
        files: [
          RuleFile(
            platform: .intel, name: "Afd.sys", version: FileVersion("4.0.1381.131"), date: FileDate(year: 1999, month: 3, day: 24),
            size: 65_808, origin: FactOrigin(line: 200))
        ])
    ])

  @Test func givesBackEveryFactSpellingAndOrigin() throws {
    let text = CatalogText.write(Self.handMade)
    let back = try CatalogText.read(text)
    #expect(back == Self.handMade)
    #expect(back.archive == Self.handMade.archive)
    // `==` compares facts; the origins and spellings are checked apart.
    let rule = try #require(back.rules.first { $0.id == "Q256149" })
    #expect(rule.origin == RuleOrigin(title: 3, editions: [.server: 14, .workstation: 15, .terminalServer: 16]))
    #expect(rule.requires.map(\.origin) == [FactOrigin(line: 40), FactOrigin(line: 41)])
    #expect(rule.fixedIn.first?.source == "Q241211")
    #expect(rule.fixedIn.first?.origin?.line == 120)
    #expect(rule.files[0].origin == FactOrigin(line: 88))
    #expect(rule.files[0].version?.text == "4.00.1381.33478")
    #expect(rule.files.map(\.size) == [701_712, nil, 0, Int.max, -1])
    #expect(rule.files[3].name == "x\ny")
    #expect(back.rules.first { $0.id == "Q1" }?.files.first?.size == Int.min)
    #expect(back.fixLists.first?.entries.last?.edition == .terminalServer)
    #expect(back.manifests.first?.files.first?.origin?.line == 200)
    // Written again, the same text: the format is stable, so a catalog diff shows only real changes.
    #expect(CatalogText.write(back) == text)
  }

  @Test func refusesEveryTruncationOrDamageWithItsLineNeverCrashing() throws {
    let text = CatalogText.write(Self.handMade)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // A record out of place, or a value that is not one: an error naming its line.
    let cases: [(String, String)] = [
      ("rule\tQ2\t@3", "expected 4 fields"),
      ("fixed\t-\tsp9\t@1", "service pack"),
      ("file\t-\tvax\tA.dll\t-\t-\t-\t@1", "platform"),
      ("file\t-\t-\tA.dll\t1.x\t-\t-\t@1", "version"),
      ("file\t-\t-\tA.dll\t-\t2001-13-01\t-\t@1", "date"),
      ("requires\tnt\tsp5\t@1", "build line"),
      ("requires\t-\tsp5\tline 3", "@LINE"),
      ("mystery\t1", "unknown record"),
      ("rule\tQ2\t@3\tbad \\q escape", "bad escape"),
    ]
    let ruleLine = try #require(lines.firstIndex { $0.hasPrefix("rule\tQ1\t") })
    for (bad, message) in cases {
      var damaged = lines
      damaged.insert(bad, at: ruleLine + 1)
      do {
        _ = try CatalogText.read(damaged.joined(separator: "\n"))
        Issue.record("read: \(bad)")
      } catch let error as CatalogError {
        #expect(error.line == ruleLine + 2, "\(bad)")
        #expect(error.description.contains(message), "\(error)")
      }
    }
    #expect(throws: CatalogError.self) { try CatalogText.read("listed\tQ1\t-\tsp6\t@1\n") }
    #expect(throws: CatalogError.self) { try CatalogText.read("catalog\t99\n") }
    #expect(throws: CatalogError.self) { try CatalogText.read("") }
    // Every cut and many damaged bytes: an error or a catalog, never a crash.
    let bytes = Array(text.utf8)
    for length in stride(from: 0, to: bytes.count, by: 7) {
      _ = try? CatalogText.read(String(decoding: bytes.prefix(length), as: UTF8.self))
    }
    var seed: UInt64 = 42
    for _ in 0..<2000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var damaged = bytes
      damaged[Int(seed >> 33) % damaged.count] = UInt8(truncatingIfNeeded: seed >> 13)
      _ = try? CatalogText.read(String(decoding: damaged, as: UTF8.self))
    }
  }
}
