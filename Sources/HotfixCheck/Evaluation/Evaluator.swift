import Foundation
import KBData

/// Judges hosts against rules in the order of contract section 4.
public final class Evaluator: Sendable {
  public let index: RuleIndex
  /// Whether reports keep `not-applicable` results.
  public let includeNotApplicable: Bool
  /// Results of rules that name none of a host's files depend only on edition,
  /// service pack and platform: computed once per such profile, as results for reports and,
  /// apart, as the fleet summary counts them.
  private let baselines = ProfileCache<[RuleResult]>()
  private let profiles = ProfileCache<ProfileOutcomes>()
  /// Rules to show as `ignored` instead of needed or unknown (already filtered to those in force).
  public let ignoreList: IgnoreList
  /// Makes each host's plan when plans are asked for.
  let planner: HostPlanner?
  /// Whether reports keep only the rules that ask for something to be installed, with the
  /// tally of all: enough for `audit`'s fleet summary, and far less to hand between threads.
  /// They are listed by position in `HostReport.neededRules` (as results when an ignore list is
  /// in force, which needs each rule's id).
  public let keepsOnlyNeeded: Bool

  /// `manifests` are judged with the rules, each as one more result under its article's id
  /// (contract section 2: a host whose service pack was partly overwritten is `regressed`).
  public init(
    rules: [Rule], manifests: [ServicePackManifest] = [], includeNotApplicable: Bool = false,
    ignoreList: IgnoreList = IgnoreList(), plans: Bool = false, keepsOnlyNeeded: Bool = false
  ) {
    index = RuleIndex(rules: rules, manifests: manifests)
    self.keepsOnlyNeeded = keepsOnlyNeeded && !plans
    self.includeNotApplicable = includeNotApplicable
    self.ignoreList = ignoreList
    planner = plans ? HostPlanner(rules: rules, manifests: manifests) : nil
  }

  /// The report of one host against every rule.
  public func judge(_ host: HostInventory) -> HostReport {
    if keepsOnlyNeeded && ignoreList.isEmpty { return judgeNeeded(host) }
    let matches = index.matches(for: host)
    let baseline = baselines.value(for: HostProfile(host)) { Self.baseline(index, host) }
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
        result = index.rows.withUnsafeBufferPointer { rows in
          Self.judge(host, against: index.rules[position], index.facts[position], rows: rows, copies: matches[next..<end], keepsEvidence: !keepsOnlyNeeded)
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
  /// shared between the judging threads) and visiting every rule for every host were a third
  /// of judging (perf).
  private func judgeNeeded(_ host: HostInventory) -> HostReport {
    let copies = index.copiesSeen(on: host)
    let profile = HostProfile(host)
    let outcomes = profiles.value(for: profile) { ProfileOutcomes(Self.baselineOutcomes(index, profile)) }
    var tally = outcomes.tally
    var needed: [NeededRule] = []
    outcomes.needed.withUnsafeBufferPointer { shared in
      outcomes.verdicts.withUnsafeBufferPointer { baseline in
        // Buffers of the index's facts and ids: no reference is counted per rule judged.
        withUnsafeBuffers(index.facts, index.hotfixIDs) { facts, hotfixIDs in
          needed.reserveCapacity(shared.count + 16)
          var passed = 0  // the profile's needed rules before the next matched rule are the host's too
          for (position, seen) in copies {
            while passed < shared.count && shared[passed].position < position {
              needed.append(shared[passed])
              passed += 1
            }
            if passed < shared.count && shared[passed].position == position { passed += 1 }
            tally.remove(baseline[Int(position)])
            let decision = VerdictRules.decide(
              profile, facts[Int(position)], recorded: host.hotfixes.contains(hotfixIDs[Int(position)]), seen: seen)
            tally.add(decision.verdict)
            if decision.verdict.needsAction {
              needed.append(NeededRule(position: position, verdict: decision.verdict, servicePack: decision.servicePack))
            }
          }
          needed.append(contentsOf: shared[passed...])
        }
      }
    }
    var report = HostReport(host: host, verdict: tally.worst, results: [], tally: tally)
    report.neededRules = NeededRules(rules: index.rules, entries: needed)
    return report
  }

  /// Judges one host against one rule, as `check` judges it (a rule index of one rule).
  public static func judge(_ host: HostInventory, against rule: Rule) -> RuleResult {
    var result = Evaluator(rules: [rule], includeNotApplicable: true).judge(host).results[0]
    result.baseline = nil  // a rendering cache key of that evaluator's writers
    result.rulePosition = -1
    return result
  }

  /// Contract section 4 as a result for reports: `decide`, explained, with the evidence file by
  /// file unless `keepsEvidence` is false (the reason then names no file).
  static func judge(
    _ host: HostInventory, against rule: borrowing Rule, _ facts: RuleFacts, rows: UnsafeBufferPointer<RowFacts>,
    copies: ArraySlice<RuleIndex.Match>, keepsEvidence: Bool = true
  ) -> RuleResult {
    let decision = decide(host, facts, rows: rows, hotfixID: HostInventory.normalizedHotfixID(rule.id), copies: copies)
    var evidence: [FileEvidence] = []
    if keepsEvidence, decision.restsOnFiles {
      let (line, platform) = (host.edition.buildLine, host.platform)
      for copy in copies where rows[facts.rows.lowerBound + Int(copy.row)].counts(line: line, platform: platform) {
        let found = FileEvidence(row: rule.files[Int(copy.row)], file: host.files[Int(copy.file)])
        // A manifest lists a whole service pack: a host has hundreds of its files, so its results
        // show the copies that are not current (the older ones of a regressed host), not every one.
        if facts.manifest != nil && found.result == .current { continue }
        evidence.append(found)
      }
    }
    return RuleResult(rule: rule, host: host, decision, evidence: evidence, manifest: facts.manifest?.servicePack)
  }

  /// Contract section 4 (`VerdictRules.decide`) with what the host's `copies` of the rule's files
  /// say (`Match.rule` is not used here; their order does not matter); `hotfixID` is the rule's id
  /// as hosts record it (`normalizedHotfixID`).
  static func decide(
    _ host: HostInventory, _ rule: RuleFacts, rows: UnsafeBufferPointer<RowFacts>, hotfixID: @autoclosure () -> String,
    copies: ArraySlice<RuleIndex.Match>
  ) -> Decision {
    let (line, platform) = (host.edition.buildLine, host.platform)
    var seen: CopiesSeen = []
    host.files.withUnsafeBufferPointer { files in
      for copy in copies {
        seen.formUnion(rows[rule.rows.lowerBound + Int(copy.row)].seen(files.baseAddress! + Int(copy.file), line: line, platform: platform))
      }
    }
    return VerdictRules.decide(HostProfile(host), rule, recorded: host.hotfixes.contains(hotfixID()), seen: seen)
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ index: RuleIndex, _ host: HostInventory) -> [RuleResult] {
    let bare = bare(host)
    let profile = HostProfile(host)
    return index.rows.withUnsafeBufferPointer { rows in
      index.rules.indices.map { position in
        var result = judge(bare, against: index.rules[position], index.facts[position], rows: rows, copies: [][...])
        result.baseline = BaselineKey(profile: profile, rule: Int32(position))
        return result
      }
    }
  }

  /// The same as the fleet summary counts it: verdicts and service packs, no reasons.
  private static func baselineOutcomes(_ index: RuleIndex, _ profile: HostProfile) -> [NeededRule] {
    index.facts.indices.map { position in
      let decision = VerdictRules.decide(profile, index.facts[position], recorded: false, seen: [])
      return NeededRule(position: Int32(position), verdict: decision.verdict, servicePack: decision.servicePack)
    }
  }

  /// The host's profile alone: no files, no hotfixes.
  private static func bare(_ host: HostInventory) -> HostInventory {
    var bare = host
    bare.files = []
    bare.hotfixes = []
    return bare
  }
}

/// Runs `body` with buffers of two arrays.
private func withUnsafeBuffers<A, B, Result>(
  _ a: [A], _ b: [B], _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>) -> Result
) -> Result {
  a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in body(a, b) } }
}

