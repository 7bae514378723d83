import KBData

/// Which step of contract section 4 decided a rule for a host, and with which service pack:
/// the verdict without its explanation, and without any reference to retain.
enum Decision: Sendable, Hashable {
  /// Step 1: the article is for other editions.
  case otherEditions
  /// Step 3: the host has the service pack that fixes it.
  case fixedBy(ServicePack)
  /// Step 4: a service pack fixes it and the article lists no files to check instead.
  case servicePackNeeded(ServicePack)
  /// Step 4: nothing to go on for this build line and platform.
  case noRows
  /// Step 5: the host has none of the rows' files.
  case filesAbsent
  /// Step 5 for a host whose inventory lists no file at all: absence proves nothing.
  case noFilesListed
  /// Step 6: every copy at or above the fix.
  case filesCurrent
  /// Step 6: no older copy, some undecided.
  case filesUndecided
  /// Step 7: older, recorded as installed.
  case regressed
  /// Step 7: older, and the fix needs a higher service pack first.
  case prerequisite(ServicePack)
  /// Step 7: older.
  case filesOlder
  /// A service pack manifest (the pack it lists) for another line or platform, or a host below it.
  case outsideManifest(ServicePack)
  /// A manifest for a host that a later service pack's manifest judges instead.
  case manifestSuperseded(by: ServicePack)
  /// Step 7 for a manifest: a file older than the service pack's copy; reapply the host's own pack.
  case servicePackOverwritten(listed: ServicePack, reapply: ServicePack)

  var verdict: Verdict {
    switch self {
    case .otherEditions, .filesAbsent, .outsideManifest, .manifestSuperseded: .notApplicable
    case .fixedBy, .filesCurrent: .upToDate
    // A host listed with no files: "the facts do not decide it" (section 4), so `unknown`,
    // which alone exits 0 as the contract says; the reason says plainly why, and rules that
    // its edition and service pack decide keep their verdicts (and exit status).
    case .noRows, .filesUndecided, .noFilesListed: .unknown
    case .servicePackNeeded, .filesOlder: .fixNeeded
    case .regressed, .servicePackOverwritten: .regressed
    case .prerequisite: .prerequisiteMissing
    }
  }

  /// Whether the host's copies of the rule's files decided (steps 6 and 7): results then list them.
  var restsOnFiles: Bool {
    switch self {
    case .filesCurrent, .filesUndecided, .regressed, .prerequisite, .filesOlder, .servicePackOverwritten: true
    default: false
    }
  }

  /// The service pack to install first or instead (or to reapply), when the verdict names one.
  var servicePack: ServicePack? {
    switch self {
    case .servicePackNeeded(let pack), .prerequisite(let pack), .servicePackOverwritten(_, let pack): pack
    default: nil
    }
  }
}

extension RuleResult {
  /// The result for reports: the decision explained with the rule's and the host's details.
  /// `manifest` is the service pack a manifest lists, when the rule is one.
  init(rule: borrowing Rule, host: HostInventory, _ decision: Decision, evidence: [FileEvidence], manifest: ServicePack? = nil) {
    let line = host.edition.buildLine
    let explanation: Explanation
    switch decision {
    case .otherEditions: explanation = .otherEditions(rule.editions, host: host.edition)
    case .fixedBy(let pack): explanation = .fixedBy(pack, has: host.servicePack)
    case .servicePackNeeded(let pack): explanation = .servicePackNeeded(pack, has: host.servicePack)
    case .noRows: explanation = .noRows(line, host.platform)
    case .filesAbsent:
      explanation = .filesAbsent(rule.rows(line: line, platform: host.platform, servicePack: host.servicePack).map(\.name))
    case .noFilesListed: explanation = .noFilesListed
    case .filesCurrent: explanation = manifest.map { .servicePackCurrent($0) } ?? .filesCurrent
    case .filesUndecided: explanation = .filesUndecided
    case .regressed: explanation = .regressed(rule: rule.id)
    case .prerequisite(let pack): explanation = .prerequisite(pack, has: host.servicePack)
    case .filesOlder: explanation = .filesOlder
    case .outsideManifest(let pack): explanation = .outsideManifest(pack, has: host.servicePack, line, host.platform)
    case .manifestSuperseded(let later): explanation = .manifestSuperseded(by: later, has: host.servicePack)
    case .servicePackOverwritten(let listed, let reapply): explanation = .servicePackOverwritten(listed: listed, reapply: reapply)
    }
    self.init(
      ruleID: rule.id, title: rule.title, verdict: decision.verdict, Self.noting(explanation, decision, host, rule: rule.id),
      evidence: evidence, servicePack: decision.servicePack)
    bulletins = rule.bulletins
  }

  /// Step 7 on a host whose hotfix list could not be read (`hotfixes="unknown"`): it records no
  /// hotfix, so an older file is `fix-needed` (or `prerequisite-missing`), never `regressed`.
  /// The verdict stands, since installing the hotfix is the remedy either way, but the reason
  /// says the rule may be regressed.
  private static func noting(_ explanation: Explanation, _ decision: Decision, _ host: HostInventory, rule: String) -> Explanation {
    switch decision {
    case .filesOlder, .prerequisite: host.hotfixListUnknown ? .hotfixListUnknown(explanation, rule: rule) : explanation
    default: explanation
    }
  }
}
