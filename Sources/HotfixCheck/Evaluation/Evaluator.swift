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
    if keepsOnlyNeeded && ignoreList.isEmpty { return judgeNeeded(host) }
    let matches = index.matches(for: host)
    let baseline = profiles.profile(for: ProfileKey(host)) { Self.baseline(index.rules, host) }.results
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

  /// For `audit`'s fleet summary: the tally of every rule and the needed rules by position,
  /// without results. Starts from the profile's baseline and judges only the rules that name a
  /// file of the host. Copying each needed result (its id, title and reason held by references
  /// shared between the judging threads) and visiting all 1,740 rules per host were a third
  /// of judging (perf).
  private func judgeNeeded(_ host: HostInventory) -> HostReport {
    let matches = index.matches(for: host, sortedWithinRules: false)
    let profile = profiles.profile(for: ProfileKey(host)) { Self.baseline(index.rules, host) }
    var tally = profile.tally
    var needed: [NeededRule] = []
    profile.needed.withUnsafeBufferPointer { shared in
      profile.verdicts.withUnsafeBufferPointer { baseline in
        index.rules.withUnsafeBufferPointer { rules in
          needed.reserveCapacity(shared.count + 16)
          var passed = 0  // the profile's needed rules before the next matched rule are the host's too
          var next = 0
          while next < matches.count {
            let position = matches[next].rule
            var end = next + 1
            while end < matches.count && matches[end].rule == position { end += 1 }
            while passed < shared.count && shared[passed].position < position {
              needed.append(shared[passed])
              passed += 1
            }
            if passed < shared.count && shared[passed].position == position { passed += 1 }
            tally.remove(baseline[Int(position)])
            var outcome: NeededRule = Self.judge(host, against: rules[Int(position)], copies: matches[next..<end], keepsEvidence: false)
            tally.add(outcome.verdict)
            if outcome.verdict.needsAction {
              outcome.position = position
              needed.append(outcome)
            }
            next = end
          }
          needed.append(contentsOf: shared[passed...])
        }
      }
    }
    var report = HostReport(host: host, verdict: tally.worst, results: [], tally: tally)
    report.neededRules = NeededRules(rules: index.rules, entries: needed)
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
  /// sorted by row when the outcome lists them (`Match.rule` is not used here). Without
  /// `keepsEvidence` the result lists no files (its reason then names none): for the fleet
  /// summary, which shows neither. The explanation is made only when the outcome keeps it.
  /// The rule is borrowed, not copied: perf showed copying each matched rule (a struct of
  /// many references) as ~1.3% of an audit, retains that both judging threads contend for.
  static func judge<Outcome: RuleOutcome>(
    _ host: HostInventory, against rule: borrowing Rule, copies: ArraySlice<RuleIndex.Match>, keepsEvidence: Bool = true
  ) -> Outcome {
    // 1. Edition.
    guard rule.applies(to: host.edition) else {
      return Outcome(rule: rule, .notApplicable, .otherEditions(rule.editions, host: host.edition))
    }
    // 2. Build line: only this line's entries count from here on.
    let line = host.edition.buildLine
    let has = host.servicePack
    // 3. Fixed by a service pack.
    let fixedIn = rule.fixingServicePack(for: line)
    if let fixedIn, host.servicePack >= fixedIn {
      return Outcome(rule: rule, .upToDate, .fixedBy(fixedIn, has: has))
    }
    // 4. Rows of this line and platform.
    let platform = host.platform
    func counts(_ row: borrowing RuleFile) -> Bool { row.line == line && (row.platform == nil || row.platform == platform) }
    let hasRows = rule.files.withUnsafeBufferPointer { rows in rows.indices.contains { counts(rows[$0]) } }
    guard hasRows else {
      if let fixedIn {
        return Outcome(rule: rule, .fixNeeded, .servicePackNeeded(fixedIn, has: has), [], servicePack: fixedIn)
      }
      return Outcome(rule: rule, .unknown, .noRows(line, platform))
    }
    // 5. Files: every live copy of every row's file. Rows and files are read in place: copying
    // them retained their strings.
    var evidence: [FileEvidence] = []
    var (found, older, undecided) = (false, false, false)
    rule.files.withUnsafeBufferPointer { rows in
      host.files.withUnsafeBufferPointer { files in
        for copy in copies {
          let (row, file) = (Int(copy.row), Int(copy.file))
          guard counts(rows[row]) else { continue }
          let comparison = FileEvidence.compare(rows[row], files[file])
          found = true
          older = older || comparison == .older
          undecided = undecided || comparison == .undecided
          if keepsEvidence { evidence.append(FileEvidence(row: rows[row], file: files[file], result: comparison)) }
        }
      }
    }
    if !found {
      return Outcome(rule: rule, .notApplicable, .filesAbsent(rule.files.filter(counts).map(\.name)))
    }
    // 6. Compare.
    if !older {
      if !undecided { return Outcome(rule: rule, .upToDate, .filesCurrent, evidence) }
      return Outcome(rule: rule, .unknown, .filesUndecided, evidence)
    }
    // 7. Older.
    if host.hotfixes.contains(HostInventory.normalizedHotfixID(rule.id)) {
      return Outcome(rule: rule, .regressed, .regressed(rule: rule.id), evidence)
    }
    if let required = rule.requirement(for: line), host.servicePack < required {
      return Outcome(rule: rule, .prerequisiteMissing, .prerequisite(required, has: has), evidence, servicePack: required)
    }
    return Outcome(rule: rule, .fixNeeded, .filesOlder, evidence)
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ rules: [Rule], _ host: HostInventory) -> [RuleResult] {
    var bare = host
    bare.files = []
    bare.hotfixes = []
    let profile = ProfileKey(host)
    return rules.enumerated().map { position, rule in
      var result: RuleResult = judge(bare, against: rule, copies: [][...])
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

/// A profile's baseline: every rule's result for a host with none of the rules' files, and
/// the same as the fleet summary counts it (verdicts, tally, needed rules).
final class Profile: Sendable {
  let results: [RuleResult]
  let verdicts: [Verdict]
  let tally: VerdictTally
  let needed: [NeededRule]

  init(results: [RuleResult]) {
    self.results = results
    verdicts = results.map(\.verdict)
    tally = VerdictTally(results)
    needed = results.indices.compactMap { position in
      let result = results[position]
      return result.verdict.needsAction ? NeededRule(position: Int32(position), verdict: result.verdict, servicePack: result.servicePack) : nil
    }
  }
}

/// A lock-guarded cache of profiles, shared by the threads that judge hosts.
final class ProfileCache: @unchecked Sendable {
  private var cache: [ProfileKey: Profile] = [:]
  private let lock = NSLock()

  func profile(for key: ProfileKey, compute: () -> [RuleResult]) -> Profile {
    lock.lock()
    defer { lock.unlock() }
    if let known = cache[key] { return known }
    let computed = Profile(results: compute())
    cache[key] = computed
    return computed
  }
}
