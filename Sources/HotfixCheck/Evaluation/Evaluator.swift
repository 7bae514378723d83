import Foundation
import KBData

/// Judges hosts against rules in the order of contract section 4.
public final class Evaluator: Sendable {
  public let index: RuleIndex
  /// Whether reports keep `not-applicable` results.
  public let includeNotApplicable: Bool
  /// Results of rules that name none of a host's files depend only on edition,
  /// service pack and platform: computed once per such profile.
  private let profiles = ProfileCache()
  /// Rules to show as `ignored` instead of needed or unknown (already filtered to those in force).
  public let ignoreList: IgnoreList
  /// Makes each host's plan when plans are asked for.
  let planner: HostPlanner?

  public init(rules: [Rule], includeNotApplicable: Bool = false, ignoreList: IgnoreList = IgnoreList(), plans: Bool = false) {
    index = RuleIndex(rules: rules)
    self.includeNotApplicable = includeNotApplicable
    self.ignoreList = ignoreList
    planner = plans ? HostPlanner(rules: rules) : nil
  }

  /// The report of one host against every rule.
  public func judge(_ host: HostInventory) -> HostReport {
    let matches = index.matches(for: host)
    let baseline = profiles.results(for: ProfileKey(host)) { Self.baseline(index.rules, host) }
    var results: [RuleResult] = []
    var worst = Verdict.notApplicable
    results.reserveCapacity(index.rules.count)
    for position in index.rules.indices {  // by index: copying each Rule costs retains
      var result: RuleResult
      if let copies = matches[Int32(position)] {
        result = Self.judge(host, against: index.rules[position], copies: copies)
      } else {
        result = baseline[position]
      }
      if !ignoreList.isEmpty, result.verdict.needsAction || result.verdict == .unknown,
        let entry = ignoreList.entry(rule: index.rules[position].id, host: host.name)
      {
        result = result.ignored(by: entry)
      }
      worst = max(worst, result.verdict)
      if includeNotApplicable || result.verdict != .notApplicable { results.append(result) }
    }
    var report = HostReport(host: host, verdict: worst, results: results)
    report.plan = planner?.plan(for: host, results: results)
    return report
  }

  /// Judges one host against one rule, finding the host's copies of the rule's files itself.
  public static func judge(_ host: HostInventory, against rule: Rule) -> RuleResult {
    var copies: [Int32: [InventoryFile]] = [:]
    for (row, file) in rule.files.enumerated() {
      let key = file.matchKey
      let live = host.files.filter { $0.isLive && $0.matchKey == key }
      if !live.isEmpty { copies[Int32(row)] = live }
    }
    return judge(host, against: rule, copies: copies)
  }

  /// Contract section 4, steps 1 to 7; `copies` maps a row index to the host's live copies of its file.
  static func judge(_ host: HostInventory, against rule: Rule, copies: [Int32: [InventoryFile]]) -> RuleResult {
    func result(_ verdict: Verdict, _ reason: String, _ evidence: [FileEvidence] = [], servicePack: ServicePack? = nil) -> RuleResult {
      RuleResult(ruleID: rule.id, title: rule.title, verdict: verdict, reason: reason, evidence: evidence, servicePack: servicePack)
    }
    // 1. Edition.
    guard rule.applies(to: host.edition) else {
      let named = rule.editions.sorted().map(\.rawValue).joined(separator: ", ")
      return result(.notApplicable, "the article applies to \(named), not \(host.edition.rawValue)")
    }
    // 2. Build line: only this line's entries count from here on.
    let line = host.edition.buildLine
    let lineName = line == .terminalServer ? "Terminal Server Edition" : "the standard NT 4.0"
    let has = host.servicePack.displayName
    // 3. Fixed by a service pack.
    let fixedIn = rule.fixingServicePack(for: line)
    if let fixedIn, host.servicePack >= fixedIn {
      return result(.upToDate, "fixed in \(fixedIn.displayName); the host has \(has)")
    }
    // 4. Rows of this line and platform.
    let rows = rule.files.indices.filter { index in
      let row = rule.files[index]
      return row.line == line && (row.platform == nil || row.platform == host.platform)
    }
    if rows.isEmpty {
      if let fixedIn {
        return result(.fixNeeded, "fixed in \(fixedIn.displayName); the host has \(has): install \(fixedIn.displayName)", servicePack: fixedIn)
      }
      return result(.unknown, "the article lists no files for \(lineName) build on \(host.platform.rawValue)")
    }
    // 5. Files: every live copy of every row's file.
    var evidence: [FileEvidence] = []
    for index in rows {
      for file in copies[Int32(index)] ?? [] {
        evidence.append(FileEvidence(row: rule.files[index], file: file))
      }
    }
    if evidence.isEmpty {
      let names = Set(rows.map { rule.files[$0].name }).sorted().joined(separator: ", ")
      return result(.notApplicable, "none of the listed files (\(names)) is on the host")
    }
    // 6. Compare.
    let older = evidence.filter { $0.result == .older }
    if older.isEmpty {
      let undecided = evidence.filter { $0.result == .undecided }
      if undecided.isEmpty { return result(.upToDate, "every listed file on the host is at or above the fix", evidence) }
      let names = Set(undecided.map(\.name)).sorted().joined(separator: ", ")
      return result(.unknown, "\(names): neither a comparable version nor a date on both sides", evidence)
    }
    // 7. Older.
    let names = Set(older.map(\.name)).sorted().joined(separator: ", ")
    let verb = Set(older.map(\.name)).count == 1 ? "is" : "are"
    if host.hotfixes.contains(HostInventory.normalizedHotfixID(rule.id)) {
      return result(.regressed, "\(rule.id) is recorded as installed, yet \(names) \(verb) older than the fix: reinstall it", evidence)
    }
    if let required = rule.requirement(for: line), host.servicePack < required {
      return result(
        .prerequisiteMissing,
        "\(names) \(verb) older than the fix, which requires \(required.displayName); the host has \(has): install \(required.displayName) first",
        evidence, servicePack: required)
    }
    return result(.fixNeeded, "\(names) \(verb) older than the fix", evidence)
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ rules: [Rule], _ host: HostInventory) -> [RuleResult] {
    var bare = host
    bare.files = []
    bare.hotfixes = []
    let profile = ProfileKey(host)
    return rules.enumerated().map { position, rule in
      var result = judge(bare, against: rule, copies: [:])
      result.baseline = BaselineKey(profile: profile, rule: Int32(position))
      return result
    }
  }
}

/// One rule's result for one profile: the key under which writers cache its rendering.
struct BaselineKey: Hashable, Sendable {
  var profile: ProfileKey
  var rule: Int32
}

/// Edition, service pack and platform: all that decides a rule whose files the host lacks.
struct ProfileKey: Hashable, Sendable {
  var edition: Edition
  var servicePack: ServicePack
  var platform: Platform

  init(_ host: HostInventory) {
    edition = host.edition
    servicePack = host.servicePack
    platform = host.platform
  }
}

/// A lock-guarded cache of baseline results, shared by the threads that judge hosts.
final class ProfileCache: @unchecked Sendable {
  private var cache: [ProfileKey: [RuleResult]] = [:]
  private let lock = NSLock()

  func results(for key: ProfileKey, compute: () -> [RuleResult]) -> [RuleResult] {
    lock.lock()
    defer { lock.unlock() }
    if let known = cache[key] { return known }
    let computed = compute()
    cache[key] = computed
    return computed
  }
}
