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

  var verdict: Verdict {
    switch self {
    case .otherEditions, .filesAbsent: .notApplicable
    case .fixedBy, .filesCurrent: .upToDate
    case .noRows, .filesUndecided: .unknown
    case .servicePackNeeded, .filesOlder: .fixNeeded
    case .regressed: .regressed
    case .prerequisite: .prerequisiteMissing
    }
  }

  /// Whether the host's copies of the rule's files decided (steps 6 and 7): results then list them.
  var restsOnFiles: Bool {
    switch self {
    case .filesCurrent, .filesUndecided, .regressed, .prerequisite, .filesOlder: true
    default: false
    }
  }

  /// The service pack to install first or instead, when the verdict names one.
  var servicePack: ServicePack? {
    switch self {
    case .servicePackNeeded(let pack), .prerequisite(let pack): pack
    default: nil
    }
  }
}

extension RuleResult {
  /// The result for reports: the decision explained with the rule's and the host's details.
  init(rule: borrowing Rule, host: HostInventory, _ decision: Decision, evidence: [FileEvidence]) {
    let line = host.edition.buildLine
    let explanation: Explanation
    switch decision {
    case .otherEditions: explanation = .otherEditions(rule.editions, host: host.edition)
    case .fixedBy(let pack): explanation = .fixedBy(pack, has: host.servicePack)
    case .servicePackNeeded(let pack): explanation = .servicePackNeeded(pack, has: host.servicePack)
    case .noRows: explanation = .noRows(line, host.platform)
    case .filesAbsent:
      explanation = .filesAbsent(rule.files.filter { RowFacts($0).counts(line: line, platform: host.platform) }.map(\.name))
    case .filesCurrent: explanation = .filesCurrent
    case .filesUndecided: explanation = .filesUndecided
    case .regressed: explanation = .regressed(rule: rule.id)
    case .prerequisite(let pack): explanation = .prerequisite(pack, has: host.servicePack)
    case .filesOlder: explanation = .filesOlder
    }
    self.init(ruleID: rule.id, title: rule.title, verdict: decision.verdict, explanation, evidence: evidence, servicePack: decision.servicePack)
  }
}
