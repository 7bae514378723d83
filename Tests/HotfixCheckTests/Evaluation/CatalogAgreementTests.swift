import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// The built-in catalog judged against a generated fleet through every entry point of contract
/// section 4: `check` on the XML and on the CSV of the fleet, `audit`'s fleet summary,
/// `Evaluator.judge(_:against:)` rule by rule, and the planner's `judgeAgain`. All must agree.
@Suite struct CatalogAgreementTests {
  /// Hosts with files named by the catalog's rows (in any letter case, some under uninstall
  /// folders, some with no version or no date), of every edition, several service packs and
  /// both platforms, some recording hotfixes; one lists no file at all.
  static func fleet(_ rules: [Rule]) -> [HostInventory] {
    var random = SplitMix(seed: 0xC0DE)
    let rows = rules.flatMap(\.files)
    let packs: [ServicePack] = [.sp2, .sp3, .sp4, .sp5, .sp6, .sp6a]
    var hosts: [HostInventory] = []
    for number in 0..<12 {
      let edition = Edition.allCases[number % Edition.allCases.count]
      let pack = edition == .terminalServer ? [.sp4, .sp5, .sp6][number % 3] : packs[number % packs.count]
      var files: [InventoryFile] = []
      for _ in 0..<(number == 11 ? 0 : 400) {
        let row = rows[Int.random(in: rows.indices, using: &random)]
        let name = Bool.random(using: &random) ? row.name.uppercased() : row.name.lowercased()
        let folder = Int.random(in: 0..<20, using: &random) == 0 ? "$NtUninstallQ123456$" : "system32"
        let shift = UInt32.random(in: 0...2, using: &random)
        let version = row.version.map { FileVersion(nt4Build: max(1, $0.parts.3 + shift) - 1) }
        let date = row.date.flatMap { FileDate(year: $0.year + Int(shift) - 1, month: $0.month, day: min($0.day, 28)) }
        let keep = Int.random(in: 0..<4, using: &random)
        files.append(InventoryFile(path: "C:\\WINNT\\\(folder)\\\(name)", version: keep == 0 ? nil : version, date: keep == 1 ? nil : date))
      }
      let hotfixes = Set(rules.filter { !$0.files.isEmpty }.map(\.id).shuffled(using: &random).prefix(30))
      var host = HostInventory(
        name: "GEN\(number)", edition: edition, servicePack: pack, platform: number % 5 == 4 ? .alpha : .intel,
        hotfixes: hotfixes, files: files)
      host.hasNoFiles = files.isEmpty
      hosts.append(host)
    }
    return hosts
  }

  static func xml(_ hosts: [HostInventory]) -> String {
    var text = "<inventory>\n"
    for host in hosts {
      text +=
        "<host name=\"\(host.name)\" edition=\"\(host.edition.rawValue)\" service-pack=\"\(host.servicePack.rawValue)\" platform=\"\(host.platform.rawValue)\">\n"
      for id in host.hotfixes.sorted() { text += "<hotfix id=\"\(id)\"/>\n" }
      for file in host.files {
        text += "<file path=\"\(file.path)\""
        if let version = file.version { text += " version=\"\(version.text)\"" }
        if let date = file.date { text += " date=\"\(date)\"" }
        text += "/>\n"
      }
      text += "</host>\n"
    }
    return text + "</inventory>\n"
  }

  static func csv(_ hosts: [HostInventory]) -> String {
    var text = "host,edition,service_pack,platform,path,version,date,hotfix\n"
    for host in hosts {
      let lead = "\(host.name),\(host.edition.rawValue),\(host.servicePack.rawValue),\(host.platform.rawValue)"
      text += "\(lead),,,,\n"  // a host whose rows name no file is still a host
      for id in host.hotfixes.sorted() { text += "\(lead),,,,\(id)\n" }
      for file in host.files { text += "\(lead),\(file.path),\(file.version?.text ?? ""),\(file.date?.description ?? ""),\n" }
    }
    return text
  }

  /// Verdict by rule id, for each host.
  static func verdicts(_ reports: [HostReport]) -> [[String: Verdict]] {
    reports.map { Dictionary(uniqueKeysWithValues: $0.results.map { ($0.ruleID, $0.verdict) }) }
  }

  @Test func everyEntryPointGivesTheSameVerdicts() throws {
    let base = try KnowledgeBase.builtin()
    #expect(base.rules.count > 1_000)
    let hosts = Self.fleet(base.rules)
    let xml = try temporaryFile(Self.xml(hosts), suffix: ".xml")
    let csv = try temporaryFile(Self.csv(hosts), suffix: ".csv")
    let checkedXML = try runReports([xml], rules: base.rules, manifests: base.manifests)
    let checkedCSV = try runReports([csv], rules: base.rules, manifests: base.manifests)
    let audited = try runReports([csv], rules: base.rules, manifests: base.manifests, fleetSummaryOnly: true)
    #expect(checkedXML.map(\.name) == hosts.map(\.name))
    #expect(checkedCSV.map(\.name) == hosts.map(\.name))
    let byXML = Self.verdicts(checkedXML)
    #expect(byXML == Self.verdicts(checkedCSV))
    for (host, (checked, lean)) in zip(hosts, zip(checkedXML, audited)) {
      #expect(lean.tally == checked.tally, "\(host.name)")
      #expect(lean.verdict == checked.verdict, "\(host.name)")
      let needed = lean.neededRules.map { list in list.entries.map { list.rules[Int($0.position)].id } }
      #expect(needed == checked.results.filter(\.verdict.needsAction).map(\.ruleID), "\(host.name)")
    }
    // Rule by rule, as `Evaluator.judge(_:against:)` judges (the hosts as built, not as read):
    // each host an eighth of the rules that apply to it and a 64th of the others, a different
    // part for each host (each call makes an evaluator: the whole catalog would take minutes).
    var kinds = Set<Verdict>()
    for (offset, (host, verdicts)) in zip(hosts, byXML).enumerated() {
      for (number, rule) in base.rules.enumerated()
      where (number + offset) % (verdicts[rule.id] == .notApplicable ? 64 : 8) == 0 {
        let alone = Evaluator.judge(host, against: rule).verdict
        #expect(alone == verdicts[rule.id], "\(host.name) \(rule.id)")
        kinds.insert(alone)
      }
    }
    #expect(kinds.isSuperset(of: [.fixNeeded, .prerequisiteMissing, .regressed, .upToDate, .unknown, .notApplicable]))
    // The planner's judging on a higher service pack, as judging the host afresh on it.
    let facts = Dictionary(uniqueKeysWithValues: base.rules.map { ($0.id, PrecomputedRule($0, rows: 0..<$0.files.count)) })
    let rules = Dictionary(uniqueKeysWithValues: base.rules.map { ($0.id, $0) })
    for (host, report) in zip(hosts, checkedXML) where host.servicePack < .sp6a {
      var onPack = host
      onPack.servicePack = host.edition == .terminalServer ? .sp6 : .sp6a
      for (number, result) in report.results.enumerated() where result.verdict.needsAction && number % 4 == 0 {
        guard let rule = rules[result.ruleID], let fact = facts[result.ruleID] else { continue }  // a manifest
        let again = HostPlanner.judgeAgain(result, fact, of: rule, on: onPack.servicePack, host: host).result.verdict
        #expect(again == Evaluator.judge(onPack, against: rule).verdict, "\(host.name) \(rule.id)")
      }
    }
  }
}
