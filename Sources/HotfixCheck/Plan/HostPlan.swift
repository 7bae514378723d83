import KBData

/// What one host should install, in order: a service pack first, then hotfixes, then reinstalls.
public struct HostPlan: Sendable, Hashable {
  /// The steps in the order an administrator takes them.
  public var steps: [PlanStep]

  public init(steps: [PlanStep] = []) { self.steps = steps }

  /// True when the host needs nothing (or only ignored rules).
  public var isEmpty: Bool { steps.isEmpty }

  /// The service pack the plan installs, if any.
  public var servicePack: ServicePack? { steps.first { $0.action == .installServicePack }?.servicePack }

  /// Every rule some step settles.
  public var settledRules: [String] { steps.flatMap { $0.settles.map(\.rule) } }
}

/// One thing to install, and the rules it settles.
public struct PlanStep: Sendable, Hashable {
  /// What the step does.
  public enum Action: String, Sendable, Hashable, CaseIterable {
    case installServicePack = "install-service-pack"
    case installHotfix = "install-hotfix"
    case reinstallHotfix = "reinstall-hotfix"
    /// The host's own service pack again: some of its files are older than the pack's (a manifest).
    case reapplyServicePack = "reapply-service-pack"
  }

  public var action: Action
  /// The service pack of an `install-service-pack` or `reapply-service-pack` step.
  public var servicePack: ServicePack?
  /// The hotfix (article id) of an install or reinstall step.
  public var hotfix: String?
  /// The article's title, for a hotfix step.
  public var title: String?
  /// The rules this step settles, each with how.
  public var settles: [Settlement]
  /// For a service pack step: rules whose hotfix needs this service pack first (settled by a later step).
  public var enables: [String]
  /// The security bulletins of the rules it settles (`MS01-041`), oldest first.
  public var bulletins: [String] = []

  public init(
    action: Action, servicePack: ServicePack? = nil, hotfix: String? = nil, title: String? = nil,
    settles: [Settlement] = [], enables: [String] = []
  ) {
    self.action = action
    self.servicePack = servicePack
    self.hotfix = hotfix
    self.title = title
    self.settles = settles
    self.enables = enables
  }

  /// Rules other than the hotfix's own that its files cover.
  public var covers: [String] { settles.map(\.rule).filter { $0 != hotfix } }

  /// One line for a person: `install SP6a`, `install Q256149`, `reinstall Q256149`, `reapply SP5`.
  public var summary: String {
    switch action {
    case .installServicePack: "install \(servicePack?.displayName ?? "?")"
    case .reapplyServicePack: "reapply \(servicePack?.displayName ?? "?")"
    case .installHotfix: "install \(hotfix ?? "?")"
    case .reinstallHotfix: "reinstall \(hotfix ?? "?")"
    }
  }
}

/// A rule a step settles, and how it settles it.
public struct Settlement: Sendable, Hashable {
  /// The article id.
  public var rule: String
  /// One phrase for a person: `fixed in SP6a`, `covered by Q256149`.
  public var reason: String

  public init(rule: String, reason: String) {
    self.rule = rule
    self.reason = reason
  }
}
