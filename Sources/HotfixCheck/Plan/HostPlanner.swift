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
  private let rules: [String: Rule]
  /// Each rule as contract section 4 reads it, for judging a host again on a service pack.
  private let facts: [String: PrecomputedRule]
  /// The ids of the service pack manifests judged with the rules.
  private let manifests: Set<String>
  /// Per build line, file key → the levels service packs ship, learnt from the rules they fix.
  private let shipped: [BuildLine: [String: [ShippedFile]]]

  /// A file a service pack is known to ship at or above some level, because it fixes a rule listing it.
  struct ShippedFile: Sendable {
    var servicePack: ServicePack
    var platform: Platform?
    var level: FileLevel
    var rule: String
  }

  public init(rules: [Rule], manifests: [ServicePackManifest] = []) {
    self.manifests = Set(manifests.map(\.id))
    var byID: [String: Rule] = [:]
    var facts: [String: PrecomputedRule] = [:]
    var shipped: [BuildLine: [String: [ShippedFile]]] = [:]
    for rule in rules {
      byID[rule.id] = rule
      facts[rule.id] = PrecomputedRule(rule, rows: 0..<rule.files.count)
      for row in rule.files {
        guard let pack = rule.fixingServicePack(for: row.line) else { continue }
        shipped[row.line, default: [:]][row.matchKey, default: []].append(
          ShippedFile(servicePack: pack, platform: row.platform, level: FileLevel(row), rule: rule.id))
      }
    }
    self.rules = byID
    self.facts = facts
    self.shipped = shipped
  }

  /// The plan for a host, from its rule results (ignored rules are not needed and get no step).
  public func plan(for host: HostInventory, results: [RuleResult]) -> HostPlan {
    let all = results.filter { $0.verdict.needsAction }
    guard !all.isEmpty else { return HostPlan() }
    let overwritten = all.filter { manifests.contains($0.ruleID) }
    let needed = all.filter { !manifests.contains($0.ruleID) }
    let line = host.edition.buildLine
    var steps: [PlanStep] = []
    var left: [HotfixCandidate] = []

    let target = targetServicePack(host, needed)
    if target == nil, !overwritten.isEmpty {
      let pack = overwritten.compactMap(\.servicePack).max() ?? host.servicePack
      steps.append(
        PlanStep(
          action: .reapplyServicePack, servicePack: pack,
          settles: overwritten.map {
            Settlement(rule: $0.ruleID, reason: "restores \(pack.displayName)'s files; reinstall hotfixes installed since")
          }.sorted { $0.rule < $1.rule }))
    }
    if let target {
      var settled: [Settlement] = overwritten.map {
        Settlement(rule: $0.ruleID, reason: "\(target.displayName) replaces the service pack's files")
      }
      var enables: [String] = []
      for result in needed {
        guard let rule = rules[result.ruleID], let facts = facts[result.ruleID] else {
          left.append(candidate(result, nil, host))
          continue
        }
        let again = Self.judgeAgain(result, facts, of: rule, on: target, host: host)
        if case .fixedBy(let fixedIn) = again.decision {
          settled.append(Settlement(rule: rule.id, reason: "fixed in \(fixedIn.displayName)"))
        } else if let reason = shippedBy(target, again.result.fileNeeds, line, host.platform) {
          settled.append(Settlement(rule: rule.id, reason: reason))
        } else if let reason = predates(rule, target, line, host.platform) {
          settled.append(Settlement(rule: rule.id, reason: reason))
        } else {
          if let required = rule.requirement(for: line), required > host.servicePack { enables.append(rule.id) }
          left.append(candidate(again.result, rule, host))
        }
      }
      steps.append(
        PlanStep(
          action: .installServicePack, servicePack: target,
          settles: settled.sorted { $0.rule < $1.rule }, enables: enables.sorted()))
    } else {
      left = needed.map { candidate($0, rules[$0.ruleID], host) }
    }
    steps += hotfixSteps(left)
    for index in steps.indices { steps[index].bulletins = bulletins(settledBy: steps[index]) }
    return HostPlan(steps: steps)
  }

  /// The bulletins of the rules a step settles, oldest first.
  private func bulletins(settledBy step: PlanStep) -> [String] {
    var named: [String: SecurityBulletin] = [:]
    for settled in step.settles {
      for bulletin in rules[settled.rule]?.bulletins ?? [] { named[bulletin.id] = bulletin }
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
    var profile = HostProfile(host)
    profile.servicePack = pack
    var again = result
    if full.files.contains(where: { $0.servicePacks != nil }) {
      var onPack = host
      onPack.servicePack = pack
      again.evidence = Evaluator.judge(onPack, against: full).evidence
    }
    let recorded = host.hotfixes.contains(HostInventory.normalizedHotfixID(result.ruleID))
    let decision = VerdictRules.decide(profile, rule, recorded: recorded, seen: CopyFindings(again.evidence))
    again.verdict = decision.verdict
    again.servicePack = decision.servicePack
    if case .fixedBy(let fixedIn) = decision {
      again.reason = "fixed in \(fixedIn.displayName); the host will have \(pack.displayName)"
    }
    return (again, decision)
  }

  /// The highest `requires` or `fixedIn` of the needed rules above the host's service pack.
  private func targetServicePack(_ host: HostInventory, _ needed: [RuleResult]) -> ServicePack? {
    let line = host.edition.buildLine
    var target: ServicePack?
    for result in needed {
      guard let rule = rules[result.ruleID] else { continue }
      for pack in [rule.requirement(for: line), rule.fixingServicePack(for: line)].compactMap({ $0 })
      where pack > host.servicePack {
        target = max(target ?? pack, pack)
      }
    }
    // Terminal Server Edition has no SP6a (contract section 1): a TSE host's last pack is SP6.
    // `ServicePackRef` already stores no TSE SP6a; this keeps a plan from ever naming one.
    return target.map { ServicePackRef.normalised($0, line.editionTag) }
  }

  /// Why the service pack settles these needs, when it ships every needed file at or above the fix.
  private func shippedBy(_ pack: ServicePack, _ needs: [FileNeed], _ line: BuildLine, _ platform: Platform) -> String? {
    guard !needs.isEmpty else { return nil }
    var sources = Set<String>()
    for need in needs {
      let found = shipped[line]?[need.key]?.first { file in
        file.servicePack <= pack && (file.platform == nil || file.platform == platform)
          && file.level.isAtOrAbove(need.level) == true
      }
      guard let found else { return nil }
      sources.insert(found.rule)
    }
    let names = needs.map(\.name).joined(separator: ", ")
    return "\(pack.displayName) ships \(names) at or above this fix (per \(sources.sorted().joined(separator: ", ")))"
  }

  /// Why the hotfix is older than the service pack, when all its files predate the release.
  private func predates(_ rule: Rule, _ pack: ServicePack, _ line: BuildLine, _ platform: Platform) -> String? {
    guard let release = ServicePackRelease.date(of: pack, line: line) else { return nil }
    if let required = rule.requirement(for: line), required >= pack { return nil }
    let rows = rule.rows(line: line, platform: platform)
    guard !rows.isEmpty else { return nil }
    var newest: FileDate?
    for row in rows {
      guard let date = row.date, date < release else { return nil }
      newest = max(newest ?? date, date)
    }
    guard let newest else { return nil }
    return "older than \(pack.displayName): its files are dated up to \(newest), \(pack.displayName) was released \(release)"
  }

  private func candidate(_ result: RuleResult, _ rule: Rule?, _ host: HostInventory) -> HotfixCandidate {
    let rows = rule?.rows(line: host.edition.buildLine, platform: host.platform, servicePack: host.servicePack) ?? []
    return HotfixCandidate(
      id: result.ruleID, title: result.title, regressed: result.verdict == .regressed,
      needs: result.fileNeeds, rows: rows, isSecurityFix: rule?.isSecurityFix ?? false, replacedBy: rule?.replacedBy ?? [])
  }

  /// Steps 3 and 4: the fewest hotfixes, in install order, each with the rules it settles.
  private func hotfixSteps(_ all: [HotfixCandidate]) -> [PlanStep] {
    guard !all.isEmpty else { return [] }
    let replaced = HotfixSupersedence.replacements(all)
    let candidates = all.indices.filter { replaced[$0] == nil }.map { all[$0] }
    let chosen = HotfixCover.choose(candidates)
    let byAge = chosen.sorted { a, b in
      // In place: copying candidates to compare them was a tenth of planning (perf).
      if candidates[a].regressed != candidates[b].regressed { return !candidates[a].regressed }
      if candidates[a].newest != candidates[b].newest { return HotfixCandidate.isEarlier(candidates[a].newest, candidates[b].newest) }
      return candidates[a].id < candidates[b].id
    }
    let order =
      HotfixSupersedence.securityFirst(byAge.filter { !candidates[$0].regressed }, candidates)
      + HotfixSupersedence.securityFirst(byAge.filter { candidates[$0].regressed }, candidates)
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    var settles: [Int: [Settlement]] = [:]
    for index in order {
      let own = candidates[index]
      let how = own.regressed ? "reinstalls \(own.id): its files are older again" : "installs \(own.id)"
      settles[index] = [Settlement(rule: own.id, reason: how)]
    }
    let chosenSet = Set(chosen)
    // The chosen hotfixes listing each file, in install order: a need is looked up by its file,
    // not asked of every chosen hotfix (that was a third of planning, callgrind).
    var chosenByKey: [String: [Int]] = [:]
    for index in order {
      for key in Set(candidates[index].rowKeys) { chosenByKey[key, default: []].append(index) }
    }
    for (index, candidate) in candidates.enumerated() where !chosenSet.contains(index) {
      // Each need is met by the first chosen hotfix in install order that covers it.
      var by: [Int] = []
      for need in candidate.needs {
        if let coverer = chosenByKey[need.key]?.first(where: { candidates[$0].satisfies(need) }), !by.contains(coverer) {
          by.append(coverer)
        }
      }
      by.sort { (position[$0] ?? 0) < (position[$1] ?? 0) }
      guard let last = by.last else { continue }
      let names = by.map { candidates[$0].id }
      settles[last, default: []].append(
        Settlement(rule: candidate.id, reason: "covered by \(names.joined(separator: " and "))"))
    }
    // A replaced hotfix goes with the step that settles its replacement (installed or covered).
    for (index, link) in replaced.sorted(by: { $0.key < $1.key }) {
      let replacer = all[link.by].id
      guard let step = settles.first(where: { $0.value.contains { $0.rule == replacer } })?.key else { continue }
      settles[step, default: []].append(Settlement(rule: all[index].id, reason: "replaced by \(link.replacement)"))
    }
    return order.map { index in
      let candidate = candidates[index]
      let own = settles[index] ?? []
      return PlanStep(
        action: candidate.regressed ? .reinstallHotfix : .installHotfix, hotfix: candidate.id, title: candidate.title,
        settles: own.prefix(1) + own.dropFirst().sorted { $0.rule < $1.rule })
    }
  }
}
