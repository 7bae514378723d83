import KBData

/// What judging one rule yields: a `RuleResult` for reports, or a `NeededRule` for the fleet
/// summary. The explanation is an autoclosure, made only by the outcome that keeps it.
protocol RuleOutcome {
  init(
    rule: borrowing Rule, _ verdict: Verdict, _ explanation: @autoclosure () -> Explanation, _ evidence: [FileEvidence],
    servicePack: ServicePack?)
}

extension RuleOutcome {
  init(rule: borrowing Rule, _ verdict: Verdict, _ explanation: @autoclosure () -> Explanation, _ evidence: [FileEvidence] = []) {
    self.init(rule: rule, verdict, explanation(), evidence, servicePack: nil)
  }
}

extension RuleResult: RuleOutcome {
  init(
    rule: borrowing Rule, _ verdict: Verdict, _ explanation: @autoclosure () -> Explanation, _ evidence: [FileEvidence],
    servicePack: ServicePack?
  ) {
    self.init(ruleID: rule.id, title: rule.title, verdict: verdict, explanation(), evidence: evidence, servicePack: servicePack)
  }
}

/// A rule a host needs, as `audit`'s fleet summary counts it: no id, title or reason, so
/// nothing to retain (`Evaluator.keepsOnlyNeeded`).
public struct NeededRule: Sendable, Hashable, RuleOutcome {
  /// The rule's place among the evaluator's rules.
  public internal(set) var position: Int32
  public var verdict: Verdict
  /// The service pack to install first or instead, when the verdict names one.
  public var servicePack: ServicePack?

  init(position: Int32, verdict: Verdict, servicePack: ServicePack?) {
    self.position = position
    self.verdict = verdict
    self.servicePack = servicePack
  }

  init(
    rule: borrowing Rule, _ verdict: Verdict, _ explanation: @autoclosure () -> Explanation, _ evidence: [FileEvidence],
    servicePack: ServicePack?
  ) {
    self.init(position: -1, verdict: verdict, servicePack: servicePack)
  }
}

/// A host's needed rules in rule order, with the evaluator's rules they point into (shared,
/// not copied).
public struct NeededRules: Sendable {
  public let rules: [Rule]
  public var entries: [NeededRule]
}
