import KBData
import Testing

@testable import HotfixCheck

/// Terminal Server Edition has no SP6a (contract section 1): no plan tells a TSE host to install it.
@Suite struct TerminalServerPlanTests {
  static func host(_ pack: ServicePack, _ files: [(String, String)]) -> HostInventory {
    HostInventory(
      name: "TSE01", edition: .terminalServer, servicePack: pack, platform: .intel,
      files: files.map { InventoryFile(path: "C:\\WINNT\\system32\\\($0.0)", date: FileDate(inventoryText: $0.1)) })
  }

  @Test func aTerminalServerHostIsNeverToldToInstallSP6a() {
    // Both rules say "Service Pack 6a" for TSE, one as its prerequisite, one as its fix.
    let rules = [
      Rule(
        id: "Q100101", title: "TSE hotfix on SP6a", editions: [.terminalServer],
        requires: [ServicePackRef(edition: .terminalServer, servicePack: .sp6a)],
        files: [RuleFile(edition: .terminalServer, name: "termdd.sys", date: FileDate(year: 2001, month: 5, day: 1))]),
      Rule(
        id: "Q100102", title: "Fixed in NT 4.0 and TSE SP6a", editions: [.server, .terminalServer],
        fixedIn: [ServicePackRef(servicePack: .sp6a), ServicePackRef(edition: .terminalServer, servicePack: .sp6a)]),
    ]
    #expect(rules[0].requirement(for: .terminalServer) == .sp6)
    #expect(rules[1].fixingServicePack(for: .terminalServer) == .sp6)
    let result = plan(Self.host(.sp5, [("termdd.sys", "1999-01-01")]), rules)
    #expect(result.summaries == ["install SP6", "install Q100101"])
    #expect(result.settlement(of: "Q100102")?.reason == "fixed in SP6")
    #expect(!result.summaries.contains { $0.contains("SP6a") })
  }

  @Test func aTerminalServerHostAtSP6NeedsNoServicePack() {
    let rules = [
      Rule(
        id: "Q100103", title: "Fixed in TSE SP6a", editions: [.terminalServer],
        fixedIn: [ServicePackRef(edition: .terminalServer, servicePack: .sp6a)])
    ]
    #expect(plan(Self.host(.sp6, []), rules).summaries.isEmpty)
  }
}
