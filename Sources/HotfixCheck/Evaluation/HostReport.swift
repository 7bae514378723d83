import KBData

/// The verdict of one host against one rule, with its reason and evidence.
public struct RuleResult: Sendable, Hashable {
  public var ruleID: String
  public var title: String
  public var verdict: Verdict
  /// One sentence for a person: why this verdict.
  public var reason: String
  /// File by file, found against required (empty when the verdict rests on the service pack or edition).
  public var evidence: [FileEvidence]
  /// The service pack to install first or instead, when the verdict names one.
  public var servicePack: ServicePack?
  /// Set when the result depends only on the host's edition, service pack and platform
  /// (no file of the host is involved): writers may reuse its rendering for every such host.
  var baseline: BaselineKey? = nil
  /// Set when the ignore list skipped this rule: the verdict is then `ignored`.
  public var ignored: IgnoreMark? = nil

  public init(ruleID: String, title: String, verdict: Verdict, reason: String, evidence: [FileEvidence] = [], servicePack: ServicePack? = nil) {
    self.ruleID = ruleID
    self.title = title
    self.verdict = verdict
    self.reason = reason
    self.evidence = evidence
    self.servicePack = servicePack
  }
}

/// Everything the report says about one host: its rules, or why it could not be read.
public struct HostReport: Sendable {
  public var name: String
  /// Nil when the inventory could not be read.
  public var edition: Edition?
  public var servicePack: ServicePack?
  public var platform: Platform?
  public var source: String
  /// The worst verdict of its rules, or `error`.
  public var verdict: Verdict
  /// Rule results in rule id order (not-applicable ones only when asked for).
  public var results: [RuleResult]
  /// Set when the verdict is `error`.
  public var error: InventoryError?
  /// What to install, in order; set when plans are asked for.
  public var plan: HostPlan? = nil

  public init(host: HostInventory, verdict: Verdict, results: [RuleResult]) {
    name = host.name
    edition = host.edition
    servicePack = host.servicePack
    platform = host.platform
    source = host.source
    self.verdict = verdict
    self.results = results
    error = nil
  }

  /// A host (or whole input) that could not be read.
  public init(failure: InventoryError) {
    name = failure.host ?? failure.file
    edition = nil
    servicePack = nil
    platform = nil
    source = failure.file
    verdict = .error
    results = []
    error = failure
  }

  /// The results that ask for something to be installed.
  public var needed: [RuleResult] { results.filter { $0.verdict.needsAction } }
}
