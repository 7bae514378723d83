import KBData

/// Turns a host's needed rules into a plan: the service pack first, then the fewest hotfixes
/// that bring every file up to what every rule asks, then the regressed hotfixes to reinstall.
///
/// The rules of the plan:
/// 1. **Service pack.** The highest of the needed rules' `requires` and `fixedIn` entries (of
///    the host's build line) that is above the host's service pack.
/// 2. **Judge again on it.** Each needed rule is judged as if the host had that service pack.
///    A rule drops out, settled by the service pack, when
///    - its `fixedIn` is at or below the new service pack (contract section 4, step 3), or
///    - every file it needs is shipped by the new service pack at or above the fix: a rule fixed
///      in that service pack (or an earlier one) lists the same file at or above this rule's row, or
///    - the hotfix is older than the service pack: it does not require that service pack (or a
///      later one) and every file row of the host's line is dated before the service pack's
///      release (standard line only; see `ServicePackRelease`).
/// 3. **Fewest hotfixes.** Of the rules left, the smallest set of hotfixes whose files reach
///    every file need of every rule left (a hotfix covers a need when it lists the same file
///    at or above it); the others are "covered by" those. Older hotfixes go first.
///    A needed hotfix that a security catalog says a later needed one replaces (`Rule.replacedBy`)
///    is settled by that one, named so, instead of taking part.
/// 4. **Reinstall.** Chosen hotfixes that the host records as installed but whose files are
///    older again (`regressed`) are reinstalled last, so nothing installed after puts them back.
/// 5. **Security first.** Among the installs (and among the reinstalls), security fixes go first,
///    except that of two hotfixes shipping the same file the older still goes first
///    (`HotfixSupersedence.securityFirst`). Each step names the bulletins of the rules it settles.
///
/// A service pack manifest a host is `regressed` by (its service pack partly overwritten) is
/// settled by the service pack of step 1 when there is one (installing it lays down every file
/// of the pack); otherwise by a `reapply-service-pack` step for the host's own service pack,
/// first, since reapplying a service pack takes hotfix files back to its level: the hotfixes
/// come after it.
public struct HostPlanner: Sendable {
  /// The rules, and what each id names: its rule (a later rule of an id stands for it) and
  /// whether it is a service pack manifest's.
  private let rules: [Rule]
  private let refs: [String: RuleRef]
  /// Each rule as contract section 4 reads it, for judging a host again on a service pack.
  private let facts: [PrecomputedRule]
  /// Each rule's id as hosts record the hotfix (`HostInventory.normalizedHotfixID`).
  private let hotfixIDs: [String]
  /// Whether each rule ships a build per service pack (`RuleFile.servicePacks`): judging a host
  /// again on another pack then reads its files again.
  private let buildsPerServicePack: [Bool]
  /// Whether a security bulletin names each rule (`Rule.bulletins`).
  private let namesBulletins: [Bool]
  /// Per build line, file key → the levels service packs ship, learnt from the rules they fix.
  private let shipped: [BuildLine: [Int32: [ShippedFile]]]
  /// Each file-name key of a rule's rows, numbered: the cover compares numbers, not names.
  private let fileIDs: [String: Int32]
  /// The number of each row's name as spelled: evidence names its file so, and lower-casing
  /// each name of each host's evidence to find its key was 2% of planning a fleet (perf).
  private let spelledFileIDs: [String: Int32]
  /// The hotfixes of the rules for each build line, platform and service pack, made once.
  private let hotfixes = LockedCache<HotfixFilesKey, HotfixFilesTable>()
  /// What each profile's baseline gives its hosts' plans, made once.
  private let profiles = ProfileCache<ProfilePlan>()

  /// What an id names among the rules judged.
  struct RuleRef: Sendable {
    /// Its place among the planner's rules; nil for a manifest's id alone.
    var position: Int?
    /// The id of a service pack manifest: a result of it is settled as the manifest's.
    var isManifest = false
  }

  /// A file a service pack is known to ship at or above some level, because it fixes a rule listing it.
  struct ShippedFile: Sendable {
    var servicePack: ServicePack
    var platform: Platform?
    var level: FileLevel
    var rule: String
  }

  /// A settlement, with the place of its rule among the planner's rules (for its bulletins).
  struct Settled: Sendable {
    var settlement: Settlement
    var rule: Int?
  }

  /// What becomes of a needed rule (not a manifest) in a plan.
  enum Outcome: Sendable {
    /// Settled by the service pack the plan installs.
    case settled(Settled)
    /// Left for the hotfix steps; `enables` when it needs that service pack first.
    case left(HotfixCandidate, enables: Bool)
    /// Only the host can tell (the outcome of a profile's result that rests on the host's files).
    case perHost
  }

  /// A needed result of a host: one of its own (by its index among them), or one of its
  /// profile's baseline (by its index in `ProfileBaseline.needed`).
  struct NeededResult {
    var index: Int
    var isShared: Bool
    var ref: RuleRef?
  }

  public init(rules: [Rule], manifests: [ServicePackManifest] = []) {
    var refs: [String: RuleRef] = [:]
    var shipped: [BuildLine: [Int32: [ShippedFile]]] = [:]
    var fileIDs: [String: Int32] = [:]
    var spelledFileIDs: [String: Int32] = [:]
    for (position, rule) in rules.enumerated() {
      refs[rule.id] = RuleRef(position: position)
      for row in rule.files {
        let key = row.matchKey
        if fileIDs[key] == nil { fileIDs[key] = Int32(fileIDs.count) }
        let file = fileIDs[key] ?? -1
        spelledFileIDs[row.name] = file
        guard let pack = rule.fixingServicePack(for: row.line) else { continue }
        shipped[row.line, default: [:]][file, default: []].append(
          ShippedFile(servicePack: pack, platform: row.platform, level: FileLevel(row), rule: rule.id))
      }
    }
    for manifest in manifests { refs[manifest.id, default: RuleRef()].isManifest = true }
    self.rules = rules
    self.refs = refs
    facts = rules.map { PrecomputedRule($0, rows: 0..<$0.files.count) }
    hotfixIDs = rules.map { HostInventory.normalizedHotfixID($0.id) }
    buildsPerServicePack = rules.map { $0.files.contains { $0.servicePacks != nil } }
    namesBulletins = rules.map { !$0.bulletins.isEmpty }
    self.shipped = shipped
    self.fileIDs = fileIDs
    self.spelledFileIDs = spelledFileIDs
  }

  /// The plan for a host, from its rule results (ignored rules are not needed and get no step).
  public func plan(for host: HostInventory, results: [RuleResult]) -> HostPlan {
    let own = results.filter { $0.verdict.needsAction }
    let needed = own.indices.map { NeededResult(index: $0, isShared: false, ref: refs[own[$0].ruleID]) }
    return plan(host, own: own, needed: needed, profile: nil)
  }

  /// The plan for a host whose results are its profile's baseline and its own (`SharedResults`):
  /// the same plan, with what the baseline's results give worked out once per profile
  /// (`ProfilePlan`). On the bench fleet (1,000 hosts), 233 of a host's 409 needed results are
  /// on average its baseline's; judging those again host by host, and copying every needed
  /// result to plan with, were most of the 1.2 s of CPU this and the shared hotfix rows
  /// (`HotfixFiles`) saved of `audit --plan`'s 4.3 s (perf stat).
  func plan(for host: HostInventory, shared: SharedResults) -> HostPlan {
    let profile = profiles.value(for: HostProfile(host)) { ProfilePlan(shared.baseline, host, refs: refs) }
    var needed: [NeededResult] = []
    needed.reserveCapacity(shared.own.count + shared.baseline.needed.count)
    shared.forEachNeeded(
      own: { needed.append(NeededResult(index: $0, isShared: false, ref: refs[shared.own[$0].ruleID])) },
      baseline: { needed.append(NeededResult(index: $0, isShared: true, ref: profile.refs[$0])) })
    return plan(host, own: shared.own, needed: needed, profile: profile)
  }

  private func plan(_ host: HostInventory, own: [RuleResult], needed: [NeededResult], profile: ProfilePlan?) -> HostPlan {
    guard !needed.isEmpty else { return HostPlan() }
    let line = host.edition.buildLine
    let table = table(host)
    func result(_ item: NeededResult) -> RuleResult {
      guard item.isShared, let profile else { return own[item.index] }
      return profile.result(item.index)
    }

    // Step 1: the manifests apart, and the service pack.
    var overwritten: [(id: String, servicePack: ServicePack?, rule: Int?)] = []
    var raised: ServicePack?
    for item in needed {
      if item.ref?.isManifest == true {
        let result = result(item)
        overwritten.append((result.ruleID, result.servicePack, item.ref?.position))
      } else if let position = item.ref?.position {
        raised = Self.higher(raised, raising(position, line, above: host.servicePack))
      }
    }
    // Terminal Server Edition has no SP6a (contract section 1): a TSE host's last pack is SP6.
    // `ServicePackRef` already stores no TSE SP6a; this keeps a plan from ever naming one.
    let target = raised.map { ServicePackRef.normalised($0, line.editionTag) }

    var steps: [(step: PlanStep, settles: [Settled])] = []
    if target == nil, !overwritten.isEmpty {
      let pack = overwritten.compactMap(\.servicePack).max() ?? host.servicePack
      let settles = overwritten.map {
        Settled(
          settlement: Settlement(rule: $0.id, reason: "restores \(pack.displayName)'s files; reinstall hotfixes installed since"),
          rule: $0.rule)
      }
      steps.append((PlanStep(action: .reapplyServicePack, servicePack: pack), settles.sorted { $0.settlement.rule < $1.settlement.rule }))
    }
    // Step 2, and the candidates of step 3.
    let shared = profile?.outcomes(on: target, planner: self) ?? []
    var settled: [Settled] = []
    if let target {
      settled = overwritten.map {
        Settled(settlement: Settlement(rule: $0.id, reason: "\(target.displayName) replaces the service pack's files"), rule: $0.rule)
      }
    }
    var enables: [String] = []
    var left: [HotfixCandidate] = []
    for item in needed where item.ref?.isManifest != true {
      var outcome = item.isShared ? shared[item.index] : .perHost
      if case .perHost = outcome { outcome = self.outcome(result(item), item.ref, on: target, host: host, table) }
      switch outcome {
      case .settled(let settlement): settled.append(settlement)
      case .left(let candidate, let enablesIt):
        if enablesIt { enables.append(candidate.id) }
        left.append(candidate)
      case .perHost: preconditionFailure("judged with the host")
      }
    }
    if let target {
      steps.append(
        (
          PlanStep(action: .installServicePack, servicePack: target, enables: enables.sorted()),
          settled.sorted { $0.settlement.rule < $1.settlement.rule }
        ))
    }
    steps += hotfixSteps(left)
    return HostPlan(
      steps: steps.map { step, settles in
        var step = step
        step.settles = settles.map(\.settlement)
        step.bulletins = bulletins(settledBy: settles)
        return step
      })
  }

  /// Step 2 for one needed rule that is no manifest, on a host that gets `target`: settled by
  /// it, or left as a candidate. With no target, the rule as a candidate.
  func outcome(_ result: RuleResult, _ ref: RuleRef?, on target: ServicePack?, host: HostInventory, _ table: HotfixFilesTable)
    -> Outcome
  {
    guard let position = ref?.position, let target else {
      return .left(candidate(result, ref?.position, host, table, regressed: result.verdict == .regressed), enables: false)
    }
    let line = host.edition.buildLine
    let (decision, evidence) = Self.decideAgain(
      result, facts[position], of: rules[position], buildsPerServicePack: buildsPerServicePack[position],
      hotfixID: hotfixIDs[position], on: target, host: host)
    if case .fixedBy(let fixedIn) = decision {
      return .settled(Settled(settlement: Settlement(rule: result.ruleID, reason: "fixed in \(fixedIn.displayName)"), rule: position))
    }
    let needs = needs(evidence)
    if let reason = shippedBy(target, needs, line, host.platform) {
      return .settled(Settled(settlement: Settlement(rule: result.ruleID, reason: reason), rule: position))
    }
    let hotfix = hotfix(result, position, host, table)
    if let reason = predates(hotfix, facts[position], target, line) {
      return .settled(Settled(settlement: Settlement(rule: result.ruleID, reason: reason), rule: position))
    }
    let enables = facts[position].requirement(for: line).map { $0 > host.servicePack } ?? false
    return .left(HotfixCandidate(hotfix: hotfix, regressed: decision.verdict == .regressed, needs: planned(needs)), enables: enables)
  }

  /// `outcome` of a result of a profile's baseline, for every host of the profile (`bare` is one
  /// without its files and hotfixes); `perHost` for a rule with a build per service pack.
  func sharedOutcome(_ result: RuleResult, _ ref: RuleRef?, on target: ServicePack?, bare: HostInventory) -> Outcome {
    if target != nil, let position = ref?.position, buildsPerServicePack[position] { return .perHost }
    return outcome(result, ref, on: target, host: bare, table(bare))
  }

  /// The hotfixes of the rules for hosts of the build line, platform and service pack of `host`.
  private func table(_ host: HostInventory) -> HotfixFilesTable {
    hotfixes.value(for: HotfixFilesKey(line: host.edition.buildLine, platform: host.platform, servicePack: host.servicePack)) {
      HotfixFilesTable(rules: rules.count)
    }
  }

  /// The bulletins of the rules a step settles, oldest first.
  private func bulletins(settledBy settles: [Settled]) -> [String] {
    var named: [String: SecurityBulletin] = [:]
    for settled in settles {
      guard let rule = settled.rule, namesBulletins[rule] else { continue }
      for bulletin in rules[rule].bulletins { named[bulletin.id] = bulletin }
    }
    return named.values.sorted().map(\.id)
  }

  /// A needed result as if the host had `pack` (no lower than its own): contract section 4
  /// (`VerdictRules.decide`) on what the result's evidence found of the host's files, which a
  /// service pack leaves as they are. Judging afresh (`Evaluator.judge`) gives the same, at the
  /// cost of matching the host's files again; it is what a rule with a build per service pack
  /// gets (`RuleFile.servicePacks`: on another pack, other rows judge the same files).
  static func judgeAgain(_ result: RuleResult, _ rule: PrecomputedRule, of full: Rule, on pack: ServicePack, host: HostInventory)
    -> (result: RuleResult, decision: Decision)
  {
    let (decision, evidence) = decideAgain(
      result, rule, of: full, buildsPerServicePack: full.files.contains { $0.servicePacks != nil },
      hotfixID: HostInventory.normalizedHotfixID(result.ruleID), on: pack, host: host)
    var again = result
    again.evidence = evidence
    again.verdict = decision.verdict
    again.servicePack = decision.servicePack
    if case .fixedBy(let fixedIn) = decision {
      again.reason = "fixed in \(fixedIn.displayName); the host will have \(pack.displayName)"
    }
    return (again, decision)
  }

  /// `judgeAgain`'s decision and the evidence it rests on, without the result for reports (the
  /// planner reads only these).
  private static func decideAgain(
    _ result: RuleResult, _ rule: PrecomputedRule, of full: borrowing Rule, buildsPerServicePack: Bool,
    hotfixID: @autoclosure () -> String, on pack: ServicePack, host: HostInventory
  ) -> (decision: Decision, evidence: [FileEvidence]) {
    var profile = HostProfile(host)
    profile.servicePack = pack
    var evidence = result.evidence
    if buildsPerServicePack {
      var onPack = host
      onPack.servicePack = pack
      evidence = Evaluator.judge(onPack, against: copy full).evidence
    }
    let decision = VerdictRules.decide(profile, rule, recorded: host.hotfixes.contains(hotfixID()), seen: CopyFindings(evidence))
    return (decision, evidence)
  }

  /// The higher of `requires` and `fixedIn` of a rule for `line`, when above `pack`.
  private func raising(_ position: Int, _ line: BuildLine, above pack: ServicePack) -> ServicePack? {
    let facts = facts[position]
    return Self.higher(
      facts.requirement(for: line).flatMap { $0 > pack ? $0 : nil }, facts.fixingServicePack(for: line).flatMap { $0 > pack ? $0 : nil })
  }

  private static func higher(_ a: ServicePack?, _ b: ServicePack?) -> ServicePack? {
    guard let a else { return b }
    guard let b else { return a }
    return max(a, b)
  }

  /// Why the service pack settles these needs, when it ships every needed file at or above the fix.
  private func shippedBy(_ pack: ServicePack, _ needs: [FileNeed], _ line: BuildLine, _ platform: Platform) -> String? {
    guard !needs.isEmpty else { return nil }
    var sources = Set<String>()
    for need in needs {
      let found = shipped[line]?[need.file]?.first { file in
        file.servicePack <= pack && (file.platform == nil || file.platform == platform)
          && file.level.isAtOrAbove(need.level) == true
      }
      guard let found else { return nil }
      sources.insert(found.rule)
    }
    let names = needs.map(\.name).joined(separator: ", ")
    return "\(pack.displayName) ships \(names) at or above this fix (per \(sources.sorted().joined(separator: ", ")))"
  }

  /// Why the hotfix is older than the service pack, when all its files (its rows of the host's
  /// line and platform) predate the release.
  private func predates(_ hotfix: HotfixFiles, _ rule: PrecomputedRule, _ pack: ServicePack, _ line: BuildLine) -> String? {
    guard let release = ServicePackRelease.date(of: pack, line: line) else { return nil }
    if let required = rule.requirement(for: line), required >= pack { return nil }
    guard let newest = hotfix.allDatedUpTo, newest < release else { return nil }
    return "older than \(pack.displayName): its files are dated up to \(newest), \(pack.displayName) was released \(release)"
  }

  /// The rule of a needed result (at `position`) as a hotfix for the host.
  private func hotfix(_ result: RuleResult, _ position: Int?, _ host: HostInventory, _ table: HotfixFilesTable) -> HotfixFiles {
    guard let position else { return HotfixFiles(id: result.ruleID, title: result.title) }
    let hotfix = table.files(position) {
      HotfixFiles(
        rules[position], position: position, line: host.edition.buildLine, platform: host.platform, servicePack: host.servicePack,
        fileIDs: fileIDs)
    }
    return hotfix.title == result.title ? hotfix : hotfix.titled(result.title)
  }

  private func candidate(_ result: RuleResult, _ position: Int?, _ host: HostInventory, _ table: HotfixFilesTable, regressed: Bool)
    -> HotfixCandidate
  {
    HotfixCandidate(hotfix: hotfix(result, position, host, table), regressed: regressed, needs: planned(needs(result.evidence)))
  }

  /// The files `evidence` finds older than the fix: what installing the hotfix must bring up.
  private func needs(_ evidence: [FileEvidence]) -> [FileNeed] {
    var needs: [FileNeed] = []
    // By index: copying each piece of evidence (its path, its versions) was a third of this (perf).
    for index in evidence.indices where evidence[index].result == .older {
      let name = evidence[index].name
      let need = FileNeed(
        file: spelledFileIDs[name] ?? fileIDs[FileNameKey.of(name)] ?? -1, name: name,
        level: FileLevel(version: evidence[index].requiredVersion, date: evidence[index].requiredDate))
      // A result lists a few older copies: looking through them beats hashing each need into a
      // set made per result, which was 4% of planning a fleet (perf).
      if !needs.contains(need) { needs.append(need) }
    }
    return needs
  }

  /// Needs as the cover reads them.
  private func planned(_ needs: [FileNeed]) -> [PlannedNeed] {
    needs.map { PlannedNeed(file: $0.file, level: ($0.level.version?.parts, $0.level.date)) }
  }
}
