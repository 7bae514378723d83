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
  /// Whether reports keep only the results that ask for something to be installed (with the
  /// tally of all): enough for `audit`'s fleet summary, and far less to hand between threads.
  public let keepsOnlyNeeded: Bool

  public init(
    rules: [Rule], includeNotApplicable: Bool = false, ignoreList: IgnoreList = IgnoreList(), plans: Bool = false,
    keepsOnlyNeeded: Bool = false
  ) {
    index = RuleIndex(rules: rules)
    self.keepsOnlyNeeded = keepsOnlyNeeded && !plans
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
    var tally = VerdictTally()
    results.reserveCapacity(keepsOnlyNeeded ? 64 : index.rules.count)
    var next = 0  // the first match not yet used: matches are sorted by rule
    for position in index.rules.indices {  // by index: copying each Rule costs retains
      var result: RuleResult
      if next < matches.count && matches[next].rule == Int32(position) {
        var end = next
        while end < matches.count && matches[end].rule == Int32(position) { end += 1 }
        // Through a buffer pointer, so the rule is borrowed in place (an array subscript copied it).
        result = index.rules.withUnsafeBufferPointer { rules in
          Self.judge(host, against: rules[position], copies: matches[next..<end], keepsEvidence: !keepsOnlyNeeded)
        }
        next = end
      } else if keepsOnlyNeeded && ignoreList.isEmpty && !baseline[position].verdict.needsAction {
        // Read in place, not copied: the shared results' retains contended between threads (perf).
        let verdict = baseline[position].verdict
        worst = max(worst, verdict)
        tally.add(verdict)
        continue
      } else {
        result = baseline[position]
      }
      result.rulePosition = Int32(position)
      if !ignoreList.isEmpty, result.verdict.needsAction || result.verdict == .unknown,
        let entry = ignoreList.entry(rule: index.rules[position].id, host: host.name)
      {
        result = result.ignored(by: entry)
      }
      worst = max(worst, result.verdict)
      tally.add(result.verdict)
      if keepsOnlyNeeded ? result.verdict.needsAction : (includeNotApplicable || result.verdict != .notApplicable) {
        results.append(result)
      }
    }
    var report = HostReport(host: host, verdict: worst, results: results, tally: tally)
    report.plan = planner?.plan(for: host, results: results)
    return report
  }

  /// Judges one host against one rule, finding the host's copies of the rule's files itself.
  public static func judge(_ host: HostInventory, against rule: Rule) -> RuleResult {
    var copies: [RuleIndex.Match] = []
    for (row, file) in rule.files.enumerated() {
      let key = file.matchKey
      for (position, copy) in host.files.enumerated() where copy.isLive && copy.matchKey == key {
        copies.append(RuleIndex.Match(rule: 0, row: Int32(row), file: Int32(position)))
      }
    }
    return judge(host, against: rule, copies: copies[...])
  }

  /// Contract section 4, steps 1 to 7; `copies` are the host's live copies of the rule's files,
  /// sorted by row (`Match.rule` is not used here). Without `keepsEvidence` the result lists no
  /// files (its reason then names none): for the fleet summary, which shows neither.
  /// The rule is borrowed, not copied: perf showed copying each matched rule (a struct of
  /// many references) as ~1.3% of an audit, retains that both judging threads contend for.
  static func judge(
    _ host: HostInventory, against rule: borrowing Rule, copies: ArraySlice<RuleIndex.Match>, keepsEvidence: Bool = true
  ) -> RuleResult {
    let (id, title) = (rule.id, rule.title)
    func result(_ verdict: Verdict, _ explanation: Explanation, _ evidence: [FileEvidence] = [], servicePack: ServicePack? = nil) -> RuleResult {
      RuleResult(ruleID: id, title: title, verdict: verdict, explanation, evidence: evidence, servicePack: servicePack)
    }
    // 1. Edition.
    guard rule.applies(to: host.edition) else {
      return result(.notApplicable, .otherEditions(rule.editions, host: host.edition))
    }
    // 2. Build line: only this line's entries count from here on.
    let line = host.edition.buildLine
    let has = host.servicePack
    // 3. Fixed by a service pack.
    let fixedIn = rule.fixingServicePack(for: line)
    if let fixedIn, host.servicePack >= fixedIn {
      return result(.upToDate, .fixedBy(fixedIn, has: has))
    }
    // 4. Rows of this line and platform.
    func counts(_ row: RuleFile) -> Bool { row.line == line && (row.platform == nil || row.platform == host.platform) }
    guard rule.files.contains(where: counts) else {
      if let fixedIn {
        return result(.fixNeeded, .servicePackNeeded(fixedIn, has: has), servicePack: fixedIn)
      }
      return result(.unknown, .noRows(line, host.platform))
    }
    // 5. Files: every live copy of every row's file.
    var evidence: [FileEvidence] = []
    var (found, older, undecided) = (false, false, false)
    for copy in copies {
      let row = rule.files[Int(copy.row)]
      guard counts(row) else { continue }
      let file = host.files[Int(copy.file)]
      let comparison = FileEvidence.compare(row, file)
      found = true
      older = older || comparison == .older
      undecided = undecided || comparison == .undecided
      if keepsEvidence { evidence.append(FileEvidence(row: row, file: file, result: comparison)) }
    }
    if !found {
      return result(.notApplicable, .filesAbsent(rule.files.filter(counts).map(\.name)))
    }
    // 6. Compare.
    if !older {
      if !undecided { return result(.upToDate, .filesCurrent, evidence) }
      return result(.unknown, .filesUndecided, evidence)
    }
    // 7. Older.
    if host.hotfixes.contains(HostInventory.normalizedHotfixID(rule.id)) {
      return result(.regressed, .regressed(rule: rule.id), evidence)
    }
    if let required = rule.requirement(for: line), host.servicePack < required {
      return result(.prerequisiteMissing, .prerequisite(required, has: has), evidence, servicePack: required)
    }
    return result(.fixNeeded, .filesOlder, evidence)
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ rules: [Rule], _ host: HostInventory) -> [RuleResult] {
    var bare = host
    bare.files = []
    bare.hotfixes = []
    let profile = ProfileKey(host)
    return rules.enumerated().map { position, rule in
      var result = judge(bare, against: rule, copies: [][...])
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
