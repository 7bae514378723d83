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
  private let profiles = ProfileCache<Profile>()
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
    let baseline = baselines.value(for: ProfileKey(host)) { Self.baseline(index, host) }
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
    let profile = profiles.value(for: ProfileKey(host)) { Profile(outcomes: Self.baselineOutcomes(index, host)) }
    var tally = profile.tally
    var needed: [NeededRule] = []
    profile.needed.withUnsafeBufferPointer { shared in
      profile.verdicts.withUnsafeBufferPointer { baseline in
        // Buffers of the index's facts, rows and ids: no reference is counted per rule judged.
        withUnsafeBuffers(index.facts, index.rows, index.hotfixIDs) { facts, rows, hotfixIDs in
          needed.reserveCapacity(shared.count + 16)
          var passed = 0  // the profile's needed rules before the next matched rule are the host's too
          for (position, seen) in copies {
            while passed < shared.count && shared[passed].position < position {
              needed.append(shared[passed])
              passed += 1
            }
            if passed < shared.count && shared[passed].position == position { passed += 1 }
            tally.remove(baseline[Int(position)])
            let decision = Self.decide(host, facts[Int(position)], rows: rows, hotfixID: hotfixIDs[Int(position)], seen: seen)
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

  /// Judges one host against one rule, finding the host's copies of the rule's files itself.
  public static func judge(_ host: HostInventory, against rule: Rule) -> RuleResult {
    var copies: [RuleIndex.Match] = []
    for (row, file) in rule.files.enumerated() {
      let key = file.matchKey
      for (position, copy) in host.files.enumerated() where copy.isLive && copy.matchKey == key {
        copies.append(RuleIndex.Match(rule: 0, row: Int32(row), file: Int32(position)))
      }
    }
    let rows = rule.files.map { RowFacts($0, of: rule) }
    let facts = RuleFacts(rule, rows: rows.indices)
    return rows.withUnsafeBufferPointer { judge(host, against: rule, facts, rows: $0, copies: copies[...]) }
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
      for copy in copies where rows[facts.rows.lowerBound + Int(copy.row)].counts(line: line, platform: platform, servicePack: host.servicePack) {
        let found = FileEvidence(row: rule.files[Int(copy.row)], file: host.files[Int(copy.file)])
        // A manifest lists a whole service pack: a host has hundreds of its files, so its results
        // show the copies that are not current (the older ones of a regressed host), not every one.
        if facts.manifest != nil && found.result == .current { continue }
        evidence.append(found)
      }
    }
    return RuleResult(rule: rule, host: host, decision, evidence: evidence, manifest: facts.manifest?.servicePack)
  }

  /// Contract section 4, steps 1 to 7: which step decides, and with what. `copies` are the
  /// host's live copies of the rule's files (`Match.rule` is not used here; their order does
  /// not matter); `hotfixID` is the rule's id as hosts record it (`normalizedHotfixID`).
  static func decide(
    _ host: HostInventory, _ rule: RuleFacts, rows: UnsafeBufferPointer<RowFacts>, hotfixID: @autoclosure () -> String,
    copies: ArraySlice<RuleIndex.Match>
  ) -> Decision {
    let (line, platform) = (host.edition.buildLine, host.platform)
    var seen: CopiesSeen = []
    host.files.withUnsafeBufferPointer { files in
      for copy in copies {
        seen.formUnion(CopiesSeen(rows[rule.rows.lowerBound + Int(copy.row)], files.baseAddress! + Int(copy.file), line: line, platform: platform, servicePack: host.servicePack))
      }
    }
    return decide(host, rule, rows: rows, hotfixID: hotfixID(), seen: seen)
  }

  /// The same, given what the host's copies say (`CopiesSeen`). Reads no reference of the rule,
  /// so the threads judging hosts share nothing to count.
  static func decide(
    _ host: HostInventory, _ rule: RuleFacts, rows: UnsafeBufferPointer<RowFacts>, hotfixID: @autoclosure () -> String,
    seen: CopiesSeen
  ) -> Decision {
    // 1. Edition.
    guard rule.applies(to: host.edition) else { return .otherEditions }
    // 2. Build line: only this line's entries count from here on.
    let (line, platform) = (host.edition.buildLine, host.platform)
    // A service pack manifest speaks only for hosts of its line and platform at or above its
    // service pack; it has no `fixedIn` or `requires`, so steps 3 and 4 pass it on to 5 and 6.
    if let manifest = rule.manifest, !manifest.covers(line: line, platform: platform, servicePack: host.servicePack) {
      return .outsideManifest(manifest.servicePack)
    }
    if let later = rule.manifest?.supersession(for: host.servicePack) { return .manifestSuperseded(by: later) }
    // 3. Fixed by a service pack.
    let fixedIn = rule.fixingServicePack(for: line)
    if let fixedIn, host.servicePack >= fixedIn { return .fixedBy(fixedIn) }
    // 4. Rows of this line and platform.
    guard rule.rows.contains(where: { rows[$0].counts(line: line, platform: platform, servicePack: host.servicePack) }) else {
      if let fixedIn { return .servicePackNeeded(fixedIn) }
      return .noRows
    }
    // 5. Files: every live copy of every row's file.
    if !seen.contains(.found) { return host.hasNoFiles ? .noFilesListed : .filesAbsent }
    // 6. Compare.
    if !seen.contains(.older) { return seen.contains(.undecided) ? .filesUndecided : .filesCurrent }
    // 7. Older. A file older than a manifest's copy: the service pack was partly overwritten
    // (an older component reinstalled from the CD). The advice is to reapply the host's own
    // service pack, which is the manifest's when the host is at it: reapplying an older one
    // (SP5 on an SP6a host) would take the host's other files back to SP5.
    if let manifest = rule.manifest { return .servicePackOverwritten(listed: manifest.servicePack, reapply: host.servicePack) }
    // A host whose hotfix list could not be read (`hotfixes="unknown"`) records none, or only
    // those a collector found another way: `regressed` only for those, and the reason of the
    // others says they may be (`RuleResult.noting`).
    if host.hotfixes.contains(hotfixID()) { return .regressed }
    if let required = rule.requirement(for: line), host.servicePack < required { return .prerequisite(required) }
    return .filesOlder
  }

  /// Every rule's result for a host none of whose files any rule names.
  private static func baseline(_ index: RuleIndex, _ host: HostInventory) -> [RuleResult] {
    let bare = bare(host)
    let profile = ProfileKey(host)
    return index.rows.withUnsafeBufferPointer { rows in
      index.rules.indices.map { position in
        var result = judge(bare, against: index.rules[position], index.facts[position], rows: rows, copies: [][...])
        result.baseline = BaselineKey(profile: profile, rule: Int32(position))
        return result
      }
    }
  }

  /// The same as the fleet summary counts it: verdicts and service packs, no reasons.
  private static func baselineOutcomes(_ index: RuleIndex, _ host: HostInventory) -> [NeededRule] {
    let bare = bare(host)
    return index.rows.withUnsafeBufferPointer { rows in
      index.facts.indices.map { position in
        let decision = decide(bare, index.facts[position], rows: rows, hotfixID: index.hotfixIDs[position], seen: [])
        return NeededRule(position: Int32(position), verdict: decision.verdict, servicePack: decision.servicePack)
      }
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

/// Runs `body` with buffers of three arrays.
private func withUnsafeBuffers<A, B, C, Result>(
  _ a: [A], _ b: [B], _ c: [C], _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeBufferPointer<C>) -> Result
) -> Result {
  a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeBufferPointer { c in body(a, b, c) } } }
}

/// One rule's result for one profile: the key under which writers cache its rendering.
struct BaselineKey: Hashable, Sendable {
  var profile: ProfileKey
  var rule: Int32
}

/// Edition, service pack and platform (and whether any file was listed): all that decides a rule whose files the host lacks.
struct ProfileKey: Hashable, Sendable {
  var edition: Edition
  var servicePack: ServicePack
  var platform: Platform
  /// A host listed with no files has `unknown` where others have `not-applicable`.
  var hasNoFiles: Bool

  init(_ host: HostInventory) {
    edition = host.edition
    servicePack = host.servicePack
    platform = host.platform
    hasNoFiles = host.hasNoFiles
  }
}

/// A profile's baseline as the fleet summary counts it: every rule's verdict, their tally,
/// and the rules that ask for something to be installed.
final class Profile: Sendable {
  let verdicts: [Verdict]
  let tally: VerdictTally
  let needed: [NeededRule]

  /// Every rule's outcome, in rule order, positions set.
  init(outcomes: [NeededRule]) {
    verdicts = outcomes.map(\.verdict)
    var tally = VerdictTally()
    for outcome in outcomes { tally.add(outcome.verdict) }
    self.tally = tally
    needed = outcomes.filter(\.verdict.needsAction)
  }
}

/// A lock-guarded cache of what a profile gives, shared by the threads that judge hosts.
final class ProfileCache<Value>: @unchecked Sendable {
  private var cache: [ProfileKey: Value] = [:]
  private let lock = NSLock()

  func value(for key: ProfileKey, compute: () -> Value) -> Value {
    lock.lock()
    defer { lock.unlock() }
    if let known = cache[key] { return known }
    let computed = compute()
    cache[key] = computed
    return computed
  }
}
