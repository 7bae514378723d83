import Testing

@testable import KBData

/// "Contents of Service Pack N" articles: service pack manifests, never rules. Fixtures in the
/// two layouts of the corpus (Q235373: name, date, time, size; Q172965: name, size, date, time).
@Suite struct ManifestReaderTests {
  typealias F = ArticleFixture

  /// `count` file names: a few real ones first, then made-up drivers.
  static func names(_ count: Int) -> [String] {
    let real = ["Afd.sys", "Cmd.exe", "Schannel.dll", "Security.dll", "Win32k.sys", "Hal.dll"]
    return real + (0..<max(count - real.count, 0)).map { "Drv\($0).sys" }
  }

  /// Q235373's layout: tabs, then `MM/DD/YY  hh:mmp  size`.
  static func servicePack5Article(rows: Int = 30) -> [UInt8] {
    let lines = names(rows).enumerated().map { "\($0.element)\t\t  04/29/99  12:04p      \(10 + $0.offset),\(100 + $0.offset)" }
    return F.bytes(
      id: "Q235373", title: "Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)", keywords: "",
      body: """
        SUMMARY
        =======

        This article lists the files that are included with Windows NT 4.0 Service Pack
        5 (40-bit) for the Intel platform.

          Q152734 How to Obtain the Latest Windows NT 4.0 Service Pack

        MORE INFORMATION
        ================

        \(lines.joined(separator: "\n"))

        Additional query words:
        """)
  }

  /// Q172965's layout: a subsection heading, then `name  size  M/D/YY  hh:mma`.
  static func servicePack3Article(rows: Int = 25) -> [UInt8] {
    let lines = names(rows).enumerated().map { "\($0.element)     \(20_000 + $0.offset)   5/1/97   12:00a" }
    return F.bytes(
      id: "Q172965", title: "Contents of the Nt4sp3_i.exe File", keywords: "",
      body: """
        SUMMARY
        =======

        Windows NT 4.0 Service Pack 3 for the Intel platform is available as a
        self-extracting file named Nt4sp3_i.exe. This article lists the contents of the
        Nt4sp3_i.exe file.

          Q152841 Windows NT 4.0 Service Pack 3 Readme.txt File (40-Bit)

        MORE INFORMATION
        ================

        Contents of the Nt4sp3_i.exe File
        ---------------------------------

        \(lines.joined(separator: "\n"))
        """)
  }

  func manifest(_ bytes: [UInt8]) throws -> ServicePackManifest {
    let parsed = ArticleParser.parse(bytes, path: "fixture/manifest.md")
    #expect(parsed.rule == nil)
    guard case .manifest(let manifest) = parsed.outcome else {
      Issue.record("not a manifest: \(parsed.outcome)")
      throw ManifestMissing()
    }
    return manifest
  }

  struct ManifestMissing: Error {}

  @Test func servicePack5ListWithDateTimeSize() throws {
    let manifest = try manifest(Self.servicePack5Article())
    #expect(manifest.id == "Q235373")
    #expect(manifest.title == "Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)")
    #expect(manifest.servicePack == ServicePackRef(servicePack: .sp5))
    #expect(manifest.platform == .intel)
    // 30 rows, two of them encryption files.
    #expect(manifest.files.count == 28)
    let afd = try #require(manifest.files.first)
    #expect(afd == RuleFile(platform: .intel, name: "Afd.sys", date: F.date(1999, 4, 29), size: 10_100))
    #expect(afd.origin?.line != nil && afd.origin?.line ?? 0 > 20)
  }

  @Test func servicePack3PackageListWithSizeDateTime() throws {
    let manifest = try manifest(Self.servicePack3Article())
    #expect(manifest.id == "Q172965")
    #expect(manifest.servicePack == ServicePackRef(servicePack: .sp3))
    #expect(manifest.platform == .intel)
    #expect(manifest.files.count == 23)
    #expect(manifest.files.first == RuleFile(platform: .intel, name: "Afd.sys", date: F.date(1997, 5, 1), size: 20_000))
  }

  @Test func encryptionFilesThatDifferBetween40And128BitBuildsAreLeftOut() throws {
    let names = try manifest(Self.servicePack5Article()).files.map { $0.name.lowercased() }
    #expect(!names.contains("schannel.dll"))
    #expect(!names.contains("security.dll"))
    #expect(names.contains("cmd.exe"))
    #expect(ManifestReader.encryptionFiles == ["ndiswan.sys", "ntlmssps.dll", "schannel.dll", "security.dll", "update.inf", "rsaenh.dll"])
  }

  @Test func aContentsArticleIsNeverARule() throws {
    let base = KnowledgeBase(articles: [
      ArticleParser.parse(Self.servicePack5Article(), path: "a/Q235373.md"),
      ArticleParser.parse(Self.servicePack3Article(), path: "a/Q172965.md"),
    ])
    #expect(base.rules.isEmpty)
    #expect(base.manifests.map(\.id) == ["Q172965", "Q235373"])
    #expect(base.rule(id: "Q235373") == nil)
  }

  @Test func otherContentsArticlesAreReadAsBefore() {
    // No service pack named: "Contents of Windows NT SETUP.TXT".
    let setup = ArticleParser.parse(
      F.bytes(title: "Contents of Windows NT SETUP.TXT, Part 1", body: "SUMMARY\n=======\n\nThe text of Setup.txt.\n"),
      path: "a/setup.md")
    if case .manifest = setup.outcome { Issue.record("SETUP.TXT read as a manifest") }
    // A short list is not a service pack's contents.
    let short = ArticleParser.parse(Self.servicePack5Article(rows: 5), path: "a/short.md")
    if case .manifest = short.outcome { Issue.record("five rows read as a manifest") }
  }

  @Test func servicePackNamesInTitlesAndSummaries() {
    func pack(_ text: String) -> ServicePack? { ManifestReader.servicePack(in: Array(text.utf8)) }
    #expect(pack("Contents of Service Pack 5 for Windows NT 4.0") == .sp5)
    #expect(pack("Contents of the Nt4sp3_i.exe File") == .sp3)
    #expect(pack("Contents of SP6a") == .sp6a)
    #expect(pack("Contents of Windows NT SETUP.TXT") == nil)
    #expect(pack("Service Pack 4 or Service Pack 5") == nil)
    #expect(ManifestReader.packagePlatform(Array("Nt4sp3_a.exe".utf8)) == .alpha)
  }
}
