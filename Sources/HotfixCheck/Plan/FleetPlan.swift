import KBData

/// The host plans summed up: `install SP6a on 140 hosts: settles 1,020 rules`; `Q256149 on 37 hosts`.
public struct FleetPlan: Sendable {
  /// One kind of step over the fleet.
  public struct Entry: Sendable, Hashable {
    public var action: PlanStep.Action
    public var servicePack: ServicePack?
    public var hotfix: String?
    public var title: String?
    /// Hosts whose plan has this step.
    public var hosts: Int
    /// Rules it settles, summed over those hosts.
    public var settles: Int
    /// For a service pack: rules whose hotfix needs it first, summed over those hosts.
    public var enables: Int = 0
    /// The security bulletins it settles on some host, oldest first.
    public var bulletins: [String] = []

    /// One line for a person: `install SP6a on 140 hosts: settles 1,020 rules`, then the bulletins.
    public var summary: String {
      let what = PlanStep(action: action, servicePack: servicePack, hotfix: hotfix).summary
      let first = enables > 0 ? " (needed first by \(FleetPlan.count(enables, "rule")))" : ""
      let named = bulletins.isEmpty ? "" : "; bulletins " + bulletins.joined(separator: ", ")
      return "\(what) on \(FleetPlan.count(hosts, "host")): settles \(FleetPlan.count(settles, "rule"))\(first)\(named)"
    }
  }

  private struct Key: Hashable {
    var action: PlanStep.Action
    var servicePack: ServicePack?
    var hotfix: String?
  }

  private var entries: [Key: Entry] = [:]
  /// Hosts that have a plan (something to install).
  public private(set) var hosts = 0

  public init() {}

  public var isEmpty: Bool { entries.isEmpty }

  /// Adds one host's plan.
  public mutating func add(_ plan: HostPlan) {
    guard !plan.isEmpty else { return }
    hosts += 1
    for step in plan.steps {
      let key = Key(action: step.action, servicePack: step.servicePack, hotfix: step.hotfix)
      var entry =
        entries[key]
        ?? Entry(
          action: step.action, servicePack: step.servicePack, hotfix: step.hotfix, title: step.title, hosts: 0, settles: 0)
      entry.hosts += 1
      entry.settles += step.settles.count
      entry.enables += step.enables.count
      if !step.bulletins.isEmpty {
        entry.bulletins = Set(entry.bulletins + step.bulletins).sorted { SecurityBulletin(id: $0) < SecurityBulletin(id: $1) }
      }
      entries[key] = entry
    }
  }

  /// Service packs first (highest first), then service packs to reapply, then hotfixes to install
  /// (security fixes first: those settling a bulletin), then reinstalls; most hosts first.
  public var steps: [Entry] {
    entries.values.sorted { a, b in
      let order: [PlanStep.Action] = [.installServicePack, .reapplyServicePack, .installHotfix, .reinstallHotfix]
      let x = order.firstIndex(of: a.action) ?? 0
      let y = order.firstIndex(of: b.action) ?? 0
      if x != y { return x < y }
      if a.action == .installServicePack || a.action == .reapplyServicePack, a.servicePack != b.servicePack {
        return (a.servicePack ?? .sp0) > (b.servicePack ?? .sp0)
      }
      if a.bulletins.isEmpty != b.bulletins.isEmpty { return !a.bulletins.isEmpty }
      if a.hosts != b.hosts { return a.hosts > b.hosts }
      return (a.hotfix ?? "") < (b.hotfix ?? "")
    }
  }

  /// `1 host`, `1,020 rules`.
  static func count(_ value: Int, _ noun: String) -> String {
    var digits = String(value)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    return digits + grouped + " " + noun + (value == 1 ? "" : "s")
  }
}
