import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The small catalog written for these tests: one bulletin per case.
let smallCatalog = "Tests/HotfixCheckTests/Fixtures/catalog/mssecure-small.xml"
let smallCatalogPath = repositoryRoot.appendingPathComponent(smallCatalog).path

/// Reads `Fixtures/catalog/mssecure-small.xml`, one case per bulletin (issue 16).
@Suite struct BulletinCatalogReaderTests {
  let catalog: BulletinCatalog

  init() throws { catalog = try BulletinCatalogReader.read(path: smallCatalogPath) }

  func entry(_ id: String) throws -> Rule { try #require(catalog.entries.first { $0.id == id }) }

  @Test func countsWhatTheCatalogHolds() {
    #expect(catalog.bulletins == 8)
    #expect(catalog.patches == 8)
    #expect(catalog.ntPatches == 7)
    #expect(catalog.entries.map(\.id) == ["Q256149", "Q300001", "Q300002", "Q300003", "Q300005", "Q300008"])
    #expect(catalog.stamp.dataVersion == "9.9.9.1")
    #expect(catalog.stamp.date == FileDate(year: 2001, month: 11, day: 29))
  }

  @Test func severalProductsGiveEditionsAndARequirement() throws {
    let rule = try entry("Q300001")
    #expect(rule.editions == [.workstation, .server, .enterprise])
    // For SP5 and SP6a of a product that also has SP3 and SP4: it goes on top of SP5.
    #expect(rule.requires == [ServicePackRef(servicePack: .sp5)])
    #expect(rule.fixedIn.isEmpty)
    #expect(
      rule.files == [
        RuleFile(
          platform: .intel, name: "netapi32.dll", version: FileVersion("4.0.1381.7095"), date: FileDate(year: 2001, month: 2, day: 20)),
        RuleFile(platform: .intel, name: "srv.sys", version: FileVersion("4.0.1381.7086"), date: FileDate(year: 2001, month: 2, day: 20)),
      ])
    #expect(rule.files.allSatisfy { $0.origin?.catalog == smallCatalogPath })
    let bulletin = try #require(rule.bulletins.first)
    #expect(rule.bulletins.count == 1)
    #expect(bulletin.id == "MS01-101")
    #expect(bulletin.title == "Several Products Vulnerability")  // trailing space trimmed
    #expect(bulletin.date == FileDate(year: 2001, month: 3, day: 1))
    #expect(bulletin.origin?.line == 7)
    #expect(rule.title == "Several Products Vulnerability")
  }

  @Test func terminalServerOnlyPatchHasOnlyTerminalServerRows() throws {
    let rule = try entry("Q300002")
    #expect(rule.editions == [.terminalServer])
    #expect(rule.requires == [ServicePackRef(edition: .terminalServer, servicePack: .sp6)])
    #expect(rule.files.count == 2)
    #expect(rule.files.allSatisfy { $0.edition == .terminalServer })
    let termsrv = try #require(rule.files.first { $0.name == "termsrv.exe" })
    #expect(termsrv.version == nil)  // "na": the date is compared
    #expect(termsrv.date == FileDate(year: 2001, month: 3, day: 21))
    #expect(rule.files.first { $0.name == "win32k.sys" }?.size == 1_250_000)
  }

  @Test func fixedInServicePackIsFixedIn() throws {
    let rule = try entry("Q300003")
    #expect(rule.fixedIn == [ServicePackRef(servicePack: .sp6a)])
    #expect(rule.requires == [ServicePackRef(servicePack: .sp4)])
    #expect(rule.files.isEmpty)
    #expect(rule.editions == [.workstation, .server])
  }

  @Test func patchesForOtherProductsAreCountedNotKept() throws {
    #expect(catalog.patchesNotForNT == 1)
    #expect(catalog.otherProducts == ["Windows 2000 Server": 1, "Internet Information Server 4.0": 1])
    #expect(!catalog.entries.contains { $0.id == "Q300004" })
  }

  @Test func patchWithoutSQNumberTakesTheBulletinsOnlyQNumber() throws {
    let rule = try entry("Q300005")
    #expect(rule.bulletins.map(\.id) == ["MS01-105"])
    #expect(rule.files.map(\.name) == ["rpcltc1.dll"])
    // Its second file check points nowhere: said, with the line of the <FileChg>.
    #expect(
      catalog.warnings.map(\.description) == ["\(smallCatalogPath):108: warning: FileChangeID 999 is not in the catalog's Files table"])
  }

  @Test func patchWithNoQNumberAtAllIsNamed() {
    #expect(catalog.withoutQNumber.count == 1)
    #expect(catalog.withoutQNumber.first?.hasPrefix("\(smallCatalogPath):120: MS99-106 twofixi.exe: no SQNumber") == true)
  }

  @Test func replacementsAsTheCatalogSaysAndByLaterFiles() throws {
    #expect(try entry("Q300001").replacedBy == [Replacement(rule: "Q300008", bulletin: "MS01-108", basis: .catalog)])
    // MS01-108 and MS01-107 check rpcltc1.dll above MS01-105's 7090.
    #expect(
      try entry("Q300005").replacedBy == [
        Replacement(rule: "Q256149", bulletin: "MS01-107", basis: .laterFiles),
        Replacement(rule: "Q300008", bulletin: "MS01-108", basis: .laterFiles),
      ])
    #expect(try entry("Q300008").replacedBy.isEmpty)
    #expect(catalog.replacements(.catalog) == 1)
  }
}
