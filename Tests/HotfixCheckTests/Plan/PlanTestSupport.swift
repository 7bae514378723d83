import Foundation
import KBData

@testable import HotfixCheck

/// A hand-built rule for plan tests: standard line, Server, one row per `(name, date)` or `(name, version)`.
func planRule(
  _ id: String, requires: ServicePack? = nil, fixedIn: ServicePack? = nil, _ rows: [(String, String)]
) -> Rule {
  Rule(
    id: id, title: "Test fix \(id)", editions: [.server],
    requires: requires.map { [ServicePackRef(servicePack: $0)] } ?? [],
    fixedIn: fixedIn.map { [ServicePackRef(servicePack: $0)] } ?? [],
    files: rows.map { name, level in
      level.contains("-")
        ? RuleFile(name: name, date: FileDate(inventoryText: level))
        : RuleFile(name: name, version: FileVersion(level))
    })
}

/// A Server host on Intel with `files` as `(name, date or version)`.
func planHost(_ pack: ServicePack, hotfixes: Set<String> = [], _ files: [(String, String)], name: String = "H") -> HostInventory {
  HostInventory(
    name: name, edition: .server, servicePack: pack, platform: .intel, hotfixes: hotfixes,
    files: files.map { file, level in
      level.contains("-")
        ? InventoryFile(path: "C:\\WINNT\\system32\\\(file)", date: FileDate(inventoryText: level))
        : InventoryFile(path: "C:\\WINNT\\system32\\\(file)", version: FileVersion(level))
    })
}

/// The plan of one host against `rules`.
func plan(_ host: HostInventory, _ rules: [Rule]) -> HostPlan {
  Evaluator(rules: rules, plans: true).judge(host).plan ?? HostPlan()
}

extension HostPlan {
  /// `["install SP6a", "install Q2", "reinstall Q1"]`.
  var summaries: [String] { steps.map(\.summary) }

  /// The step that settles `rule`, and how.
  func settlement(of rule: String) -> (step: String, reason: String)? {
    for step in steps {
      if let found = step.settles.first(where: { $0.rule == rule }) { return (step.summary, found.reason) }
    }
    return nil
  }
}
