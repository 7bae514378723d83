import Foundation
import KBData

// Why this file is unsafe: `ownResults` reads the index's rows through a buffer pointer, which
// only lives inside `withUnsafeBufferPointer` and is only read. A Span or an array parameter
// there instead crashed the Swift 6.3.1 optimizer (ownership verifier, in HostPlanner), so the
// buffer stays until a later compiler takes the span.

/// Judges hosts against rules in the order of contract section 4.
public final class Evaluator: Sendable {
  public let index: RuleIndex
  /// Whether reports keep `not-applicable` results.
  public let includeNotApplicable: Bool
  /// Results of rules that name none of a host's files depend only on edition, service pack
  /// and platform: computed once per such profile.
  private let baselines = ProfileCache<ProfileBaseline>()
  /// Rules to show as `ignored` instead of needed or unknown (already filtered to those in force).
  public let ignoreList: IgnoreList
  /// Makes each host's plan when plans are asked for.
  let planner: HostPlanner?
  /// Whether reports keep only the rules that ask for something to be installed, with the
  /// tally of all: enough for `audit`'s fleet summary, and far less to hand between threads.
  /// They are listed by position in `HostReport.neededRules` (as results when an ignore list is
  /// in force, which needs each rule's id).
  public let fleetSummaryOnly: Bool
  /// Whether reports hold their results as the profile's shared baseline and the host's own
  /// results (`HostReport.shared`) instead of a result per rule, so that writers copy the
  /// baseline's rendering (`ProfileRendering`). Not with an ignore list, which changes results
  /// host by host.
  public let sharesProfileResults: Bool

  /// `manifests` are judged with the rules, each as one more result under its article's id
  /// (contract section 2: a host whose service pack was partly overwritten is `regressed`).
  public init(
    rules: [Rule], manifests: [ServicePackManifest] = [], includeNotApplicable: Bool = false,
    ignoreList: IgnoreList = IgnoreList(), plans: Bool = false, fleetSummaryOnly: Bool = false,
    sharesProfileResults: Bool = false
  ) {
    index = RuleIndex(rules: rules, manifests: manifests)
    self.fleetSummaryOnly = fleetSummaryOnly && !plans
    self.sharesProfileResults = sharesProfileResults && ignoreList.isEmpty
    self.includeNotApplicable = includeNotApplicable
    self.ignoreList = ignoreList
    planner = plans ? HostPlanner(rules: rules, manifests: manifests) : nil
  }

  /// The report of one host against every rule.
  public func judge(_ host: HostInventory) -> HostReport {
    if fleetSummaryOnly && ignoreList.isEmpty { return judgeNeeded(host) }
    let baseline = baselines.value(for: HostProfile(host)) { Self.baseline(index, host, includeNotApplicable: includeNotApplicable) }
    let (own, tally) = ownResults(host, baseline, keepsEvidence: !fleetSummaryOnly)
    if sharesProfileResults {
      let shared = SharedResults(baseline: baseline, own: own)
      var report = HostReport(host: host, verdict: tally.worst, results: [], tally: tally)
      report.shared = shared
      report.plan = planner?.plan(for: host, shared: shared)
      return report
    }
    // Every listed result, with the ignore list's marks.
    var results: [RuleResult] = []
    var worst = Verdict.notApplicable
    var all = VerdictTally()
    results.reserveCapacity(fleetSummaryOnly ? 64 : index.rules.count)
    var next = 0  // the first own result not yet used
    for position in index.rules.indices {
      var result: RuleResult
      if next < own.count && own[next].rulePosition == Int32(position) {
        result = own[next]
        next += 1
      } else {
        result = baseline.results[position]
      }
      if !ignoreList.isEmpty, result.verdict.needsAction || result.verdict == .unknown,
        let entry = ignoreList.entry(rule: index.rules[position].id, host: host.name)
      {
        result = result.ignored(by: entry)
      }
      worst = max(worst, result.verdict)
      all.add(result.verdict)
      if fleetSummaryOnly ? result.verdict.needsAction : (includeNotApplicable || result.verdict != .notApplicable) {
        results.append(result)
      }
    }
    var report = HostReport(host: host, verdict: worst, results: results, tally: all)
    report.plan = planner?.plan(for: host, results: results)
    return report
  }

  /// The results that rest on the host's files (steps 6 and 7), in rule order, and the tally of
  /// every rule. A rule naming a file of the host is decided first; only when its files decided
  /// (`Decision.restsOnFiles`) does it get a result of its own: any other decision is the
  /// baseline's, which depends on the profile alone.
  private func ownResults(_ host: HostInventory, _ baseline: ProfileBaseline, keepsEvidence: Bool) -> ([RuleResult], VerdictTally) {
    let matches = index.matches(for: host)
    var tally = baseline.tally
    var own: [RuleResult] = []
    index.rows.withUnsafeBufferPointer { rows in
      var next = 0  // matches are sorted by rule
      while next < matches.count {
        let position = Int(matches[next].rule)
        var end = next
        while end < matches.count && matches[end].rule == matches[next].rule { end += 1 }
        let copies = matches[next..<end]
        next = end
        let facts = index.facts[position]
        let decision = Self.decide(host, facts, rows: rows, hotfixID: index.hotfixIDs[position], copies: copies)
        guard decision.restsOnFiles else { continue }
        var result = Self.result(
          host, index.rules[position], facts, rows: rows, copies: copies, decision: decision, keepsEvidence: keepsEvidence)
        result.rulePosition = Int32(position)
        tally.remove(baseline.verdicts[position])
        tally.add(result.verdict)
        own.append(result)
      }
    }
    return (own, tally)
  }

  /// For `audit`'s fleet summary: the tally of every rule and the needed rules by position,
  /// without results. Starts from the profile's baseline and judges only the rules that name a
  /// file of the host. Copying each needed result (its id, title and reason held by references
  /// shared between the judging threads) and visiting every rule for every host were a third
  /// of judging (perf).
  private func judgeNeeded(_ host: HostInventory) -> HostReport {
    let copies = index.copyFindings(on: host)
    let profile = HostProfile(host)
    let outcomes = baselines.value(for: profile) { Self.baseline(index, host, includeNotApplicable: includeNotApplicable) }
    var tally = outcomes.tally
    var needed: [NeededRuleEntry] = []
    // Spans of the index's facts and ids: no reference is counted per rule judged. (Arrays held
    // by a class are copied to locals first, one retain each, for their spans to outlive the access.)
    let (sharedArray, baselineArray) = (outcomes.needed, outcomes.verdicts)
    let (factsArray, hotfixIDsArray) = (index.facts, index.hotfixIDs)
    let shared = sharedArray.span
    let baseline = baselineArray.span
    let facts = factsArray.span
    let hotfixIDs = hotfixIDsArray.span
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
        needed.append(NeededRuleEntry(position: position, verdict: decision.verdict, servicePack: decision.servicePack))
      }
    }
    needed.append(contentsOf: sharedArray[passed...])
    var report = HostReport(host: host, verdict: tally.worst, results: [], tally: tally)
    report.neededRules = HostNeededRules(rules: index.rules, entries: needed)
    return report
  }

  /// Judges one host against one rule, as `check` judges it (a rule index of one rule).
  public static func judge(_ host: HostInventory, against rule: Rule) -> RuleResult {
    var result = Evaluator(rules: [rule], includeNotApplicable: true).judge(host).results[0]
    result.baseline = nil  // a rendering cache key of that evaluator's writers
    result.rulePosition = -1
    return result
  }

  /// A decision as a result for reports: explained, with the evidence file by file unless
  /// `keepsEvidence` is false (the reason then names no file).
  static func result(
    _ host: HostInventory, _ rule: borrowing Rule, _ facts: PrecomputedRule, rows: UnsafeBufferPointer<PrecomputedRow>,
    copies: ArraySlice<RuleIndex.Match>, decision: Decision, keepsEvidence: Bool = true
  ) -> RuleResult {
    var evidence: [FileEvidence] = []
    if keepsEvidence, decision.restsOnFiles {
      let (line, platform) = (host.edition.buildLine, host.platform)
      for copy in copies
      where rows[facts.rows.lowerBound + Int(copy.row)].counts(line: line, platform: platform, servicePack: host.servicePack) {
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
    _ host: HostInventory, _ rule: PrecomputedRule, rows: UnsafeBufferPointer<PrecomputedRow>, hotfixID: @autoclosure () -> String,
    copies: ArraySlice<RuleIndex.Match>
  ) -> Decision {
    let (line, platform) = (host.edition.buildLine, host.platform)
    var seen: CopyFindings = []
    let files = host.files.span
    for copy in copies {
      seen.formUnion(
        rows[rule.rows.lowerBound + Int(copy.row)].seen(
          version: files[Int(copy.file)].version?.parts, date: files[Int(copy.file)].date, line: line, platform: platform,
          servicePack: host.servicePack))
    }
    return VerdictRules.decide(HostProfile(host), rule, recorded: host.hotfixes.contains(hotfixID()), seen: seen)
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ index: RuleIndex, _ host: HostInventory, includeNotApplicable: Bool) -> ProfileBaseline {
    let bare = bare(host)
    let profile = HostProfile(host)
    let results = index.rules.indices.map { position in
      let facts = index.facts[position]
      let decision = VerdictRules.decide(profile, facts, recorded: false, seen: [])
      var result = RuleResult(rule: index.rules[position], host: bare, decision, evidence: [], manifest: facts.manifest?.servicePack)
      result.baseline = BaselineKey(profile: profile, rule: Int32(position))
      result.rulePosition = Int32(position)
      return result
    }
    return ProfileBaseline(profile: profile, results: results, includeNotApplicable: includeNotApplicable)
  }

  /// The host's profile alone: no files, no hotfixes.
  private static func bare(_ host: HostInventory) -> HostInventory {
    var bare = host
    bare.files = []
    bare.hotfixes = []
    return bare
  }
}
