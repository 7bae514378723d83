import Foundation
import KBData

/// What a run found over the whole fleet, gathered host by host as reports are written.
public struct FleetSummary: Sendable {
  public private(set) var hosts = 0
  /// Hosts by their own (worst) verdict.
  public private(set) var byVerdict: [Verdict: Int] = [:]
  /// Rule id → how many hosts need it, and its title (results made outside an evaluator).
  private var ruleNeedsByID: [String: (hosts: Int, title: String)] = [:]
  /// The same by the rule's place among the evaluator's rules: an array, not a hash of the id
  /// per needed rule per host (perf: ~2% of an audit, on the writing thread).
  private var needsByPosition: [Int] = []
  private var rulesByPosition: [NeededRuleFacts?] = []
  /// Service pack → how many hosts are told to install it.
  public private(set) var servicePackNeeds: [ServicePack: Int] = [:]
  /// Bulletin id → the bulletin, and how many hosts need a rule it names.
  private var bulletinHosts: [String: (bulletin: SecurityBulletin, hosts: Int)] = [:]
  /// Inputs (or hosts) that could not be read.
  public private(set) var failures: [InventoryError] = []
  /// Hosts whose inventory says when it was collected, for `inventories(collectedBefore:)`.
  public private(set) var collectedHosts: [InventoryStamp] = []
  /// Hosts read whose inventory does not say when it was collected.
  public private(set) var undatedHosts = 0
  /// Hosts whose inventory says their hotfix list could not be read (`hotfixes="unknown"`).
  public private(set) var unknownHotfixHosts: [InventoryStamp] = []

  public init() {}

  public mutating func add(_ report: HostReport) {
    hosts += 1
    byVerdict[report.verdict, default: 0] += 1
    if let error = report.error { failures.append(error) }
    if report.error == nil {
      let stamp = InventoryStamp(host: report.name, source: report.source, collected: report.collected)
      if report.collected != nil { collectedHosts.append(stamp) } else { undatedHosts += 1 }
      if report.hotfixListUnknown { unknownHotfixHosts.append(stamp) }
    }
    var highest: ServicePack?
    var missing: [SecurityBulletin] = []
    for index in report.results.indices where report.results[index].verdict.needsAction {  // in place: no copies
      let position = Int(report.results[index].rulePosition)
      if position >= 0 {
        countNeed(at: position, into: &missing) { NeededRuleFacts(report.results[index]) }
      } else {
        if !report.results[index].bulletins.isEmpty { missing += report.results[index].bulletins }
        let id = report.results[index].ruleID
        let known = ruleNeedsByID[id]
        ruleNeedsByID[id] = ((known?.hosts ?? 0) + 1, known?.title ?? report.results[index].title)
      }
      if let pack = report.results[index].servicePack { highest = max(highest ?? pack, pack) }
    }
    if let shared = report.shared {
      shared.forEachNeeded { position, result in
        countNeed(at: position, into: &missing) { NeededRuleFacts(result) }
        if let pack = result.servicePack { highest = max(highest ?? pack, pack) }
      }
    }
    if let needed = report.neededRules {
      for entry in needed.entries {
        let position = Int(entry.position)
        countNeed(at: position, into: &missing) {
          NeededRuleFacts(id: needed.rules[position].id, title: needed.rules[position].title, bulletins: needed.rules[position].bulletins)
        }
        if let pack = entry.servicePack { highest = max(highest ?? pack, pack) }
      }
    }
    if let highest { servicePackNeeds[highest, default: 0] += 1 }
    var counted = Set<String>()
    for bulletin in missing where counted.insert(bulletin.id).inserted {
      let known = bulletinHosts[bulletin.id]
      // The catalog's bulletin carries a title and date; one named by an article's title may not.
      let richer = known.map { $0.bulletin.date == nil && bulletin.date != nil ? bulletin : $0.bulletin } ?? bulletin
      bulletinHosts[bulletin.id] = (richer, (known?.hosts ?? 0) + 1)
    }
  }

  /// A security bulletin some hosts miss: a rule it names is needed on each of them.
  public struct BulletinNeed: Sendable, Hashable {
    public var bulletin: SecurityBulletin
    public var hosts: Int
  }

  /// The security bulletins missing, on most hosts first, then oldest first: what an auditor asks first.
  public var bulletinNeeds: [BulletinNeed] {
    bulletinHosts.values.map { BulletinNeed(bulletin: $0.bulletin, hosts: $0.hosts) }
      .sorted { $0.hosts != $1.hosts ? $0.hosts > $1.hosts : $0.bulletin < $1.bulletin }
  }

  /// Counts the rule at `position` (among the evaluator's rules) as needed by one more host, and
  /// adds its bulletins to `missing`. The rule is read (`facts`) only when a host first needs it:
  /// reading a `Rule`'s bulletins for every needed rule of every host copied the whole Rule each
  /// time, 2.7% of a fleet summary audit's CPU, on the thread that writes (perf).
  private mutating func countNeed(at position: Int, into missing: inout [SecurityBulletin], _ facts: () -> NeededRuleFacts) {
    if position >= needsByPosition.count {
      needsByPosition += Array(repeating: 0, count: position + 1 - needsByPosition.count)
      rulesByPosition += Array(repeating: nil, count: position + 1 - rulesByPosition.count)
    }
    if needsByPosition[position] == 0 { rulesByPosition[position] = facts() }
    needsByPosition[position] += 1
    if let bulletins = rulesByPosition[position]?.bulletins, !bulletins.isEmpty { missing += bulletins }
  }

  public func count(_ verdict: Verdict) -> Int { byVerdict[verdict] ?? 0 }

  /// Exit status of contract section 5: 2 when an input could not be read, 1 when a host needs something, else 0.
  public var exitStatus: Int32 {
    if count(.error) > 0 { return 2 }
    if count(.regressed) + count(.fixNeeded) + count(.prerequisiteMissing) > 0 { return 1 }
    return 0
  }

  /// Rule id → how many hosts need it, and its title.
  public var ruleNeeds: [String: (hosts: Int, title: String)] {
    var all = ruleNeedsByID
    for (position, hosts) in needsByPosition.enumerated() where hosts > 0 {
      guard let rule = rulesByPosition[position] else { continue }
      let known = all[rule.id]
      all[rule.id] = ((known?.hosts ?? 0) + hosts, known?.title ?? rule.title)
    }
    return all
  }

  /// The rules needed by most hosts, most first, ties by id.
  public func topRules(_ limit: Int) -> [(id: String, hosts: Int, title: String)] {
    ruleNeeds.map { (id: $0.key, hosts: $0.value.hosts, title: $0.value.title) }
      .sorted { ($0.hosts, $1.id) > ($1.hosts, $0.id) }
      .prefix(limit).map { $0 }
  }
}

/// A host, the input it came from and when it was collected, for the summary's lists.
public struct InventoryStamp: Sendable, Hashable {
  public var host: String
  public var source: String
  public var collected: Date?
}

/// An inventory collected more than `--max-age` days before the report was made.
public struct OldInventory: Sendable, Hashable {
  public var stamp: InventoryStamp
  public var collected: Date
  /// Whole days between `collected` and the report's time.
  public var days: Int
}

extension FleetSummary {
  /// The inventories older than `context.maxInventoryAge` days at `context.generated`, oldest
  /// first: what every report's summary lists (`audit --max-age`).
  public func oldInventories(_ context: ReportContext) -> [OldInventory] {
    guard let cutoff = context.oldInventoryCutoff, let now = ISO8601DateFormatter().date(from: context.generated) else { return [] }
    return inventories(collectedBefore: cutoff).compactMap { stamp in
      stamp.collected.map { OldInventory(stamp: stamp, collected: $0, days: Int(now.timeIntervalSince($0) / 86_400)) }
    }
  }

  /// Hosts collected before `cutoff`, oldest first (ties by name).
  public func inventories(collectedBefore cutoff: Date) -> [InventoryStamp] {
    collectedHosts.filter { $0.collected.map { $0 < cutoff } ?? false }
      .sorted { a, b in a.collected == b.collected ? a.host < b.host : (a.collected ?? cutoff) < (b.collected ?? cutoff) }
  }
}

/// What the fleet summary keeps of a rule some host needs.
private struct NeededRuleFacts {
  var id: String
  var title: String
  var bulletins: [SecurityBulletin]

  init(id: String, title: String, bulletins: [SecurityBulletin]) {
    self.id = id
    self.title = title
    self.bulletins = bulletins
  }

  init(_ result: borrowing RuleResult) { self.init(id: result.ruleID, title: result.title, bulletins: result.bulletins) }
}
