import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The real catalog of 2001-10-04 (DataVersion 1.0.1.148) and the example fleet; skipped when
/// `../shared` is not beside the project.
@Suite(.enabled(if: RealCatalog.available, "../shared/catalogs is not beside the project"))
struct RealCatalogTests {
  let e2e = EndToEndTests()

  @Test func readsTheRealCatalog() throws {
    let catalog = try BulletinCatalogReader.read(path: RealCatalog.path)
    #expect(catalog.stamp.dataVersion == "1.0.1.148")
    #expect(catalog.stamp.date == FileDate(year: 2001, month: 10, day: 4))
    #expect(catalog.bulletins == 231)
    #expect(catalog.patches == 393)
    #expect(catalog.ntPatches == 81)
    #expect(catalog.entries.count == 58)
    #expect(catalog.withoutQNumber.count == 2)  // MS98-012's two patches: four Q numbers, no SQNumber
    let rollup = try #require(catalog.entries.first { $0.id == "Q299444" })
    #expect(rollup.bulletins.map(\.id) == ["MS01-041"])
    #expect(rollup.files.count > 90)
    #expect(rollup.requires == [ServicePackRef(servicePack: .sp6a)])
    // Q243835: an SP4/SP5 build and an SP6a build of tcpip.sys; the rule goes on SP4, each row says its build.
    let isn = try #require(catalog.entries.first { $0.id == "Q243835" })
    #expect(isn.requirement(for: .standard) == .sp4)
    #expect(isn.files.filter { $0.name == "tcpip.sys" && $0.line == .standard }.map(\.servicePacks) == [.sp4 ... .sp5, .sp6a ... .sp6a])
    #expect(catalog.entries.filter { $0.files.contains { $0.servicePacks != nil } }.map(\.id) == ["Q243835"])
    let spooler = try #require(catalog.entries.first { $0.id == "Q243649" })
    #expect(spooler.replacedBy.contains(Replacement(rule: "Q299444", bulletin: "MS01-041", basis: .catalog)))
  }

  @Test func lintGivesTheFiguresAndTheRaspptpeDisagreement() throws {
    let lint = try e2e.run(["kb", "lint", "--catalog", RealCatalog.relative], builtin: true)
    #expect(lint.status == 0)
    #expect(lint.stdout.contains("  NT 4.0 patches: 81, one rule per Q number: 58\n"))
    #expect(lint.stdout.contains("  NT 4.0 rules from the catalog alone: 16\n"))
    #expect(lint.stdout.contains("  NT 4.0 rules merged with article rules: 35 "))
    #expect(lint.stdout.contains("Q283001 (MS01-009): Raspptpe.sys: its article says 4.0.1381.7086"))
    #expect(lint.stdout.contains("says 4.0.1381.7090; the article's is judged"))
    #expect(lint.stdout.contains("catalog disagreements (editions, fixed in, requires; the article's kept): 67\n"))
    #expect(
      lint.stdout.contains(
        "  Q279336 (MS01-003): requires (standard line): its article says SP4, \(RealCatalog.relative) line 4183 says SP6a; the article's is kept\n"
      ))
  }

  @Test func theExampleFleetNamesBulletinsAndPutsSecurityFixesFirst() throws {
    let xml = try e2e.run(["audit", "examples/fleet", "--catalog", RealCatalog.relative, "--plan", "--format", "xml"], builtin: true)
    #expect(xml.status == 1)
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: try temporaryFile(xml.stdout, suffix: ".xml")) == [])
    #expect(xml.stdout.contains("bulletin=\"MS01-041\""))
    #expect(xml.stdout.contains("<bulletin id=\"MS01-041\" hosts="))

    let text = try e2e.run(["audit", "examples/fleet", "--catalog", RealCatalog.relative, "--plan"], builtin: true)
    let fleetPlan = try #require(text.stdout.components(separatedBy: "Plan for the fleet").last)
    let installs = fleetPlan.split(separator: "\n").filter { $0.hasPrefix("  install Q") }
    // Security fixes first: every hotfix naming a bulletin comes before every one that names none.
    let firstPlain = try #require(installs.firstIndex { !$0.contains("; bulletins ") })
    #expect(firstPlain > 0)
    #expect(!installs[firstPlain...].contains { $0.contains("; bulletins ") })
    #expect(text.stdout.contains("(replaced by Q299444 (MS01-041), as the catalog says)"))
  }
}

/// Where the real catalog is, seen from the package.
enum RealCatalog {
  static let relative = "../shared/catalogs/mssecure-2001-10-04.xml"
  static let path = repositoryRoot.appendingPathComponent(relative).standardized.path
  static var available: Bool { FileManager.default.fileExists(atPath: path) }
}
