/// The judgement of one host against one rule (contract section 4), or of a whole host.
public enum Verdict: String, CaseIterable, Sendable, Comparable {
  case notApplicable = "not-applicable"
  /// Skipped by the ignore list (the reason says why); never counts for the exit status.
  case ignored
  case upToDate = "up-to-date"
  case unknown
  case prerequisiteMissing = "prerequisite-missing"
  case fixNeeded = "fix-needed"
  case regressed
  /// The host's inventory could not be read.
  case error

  /// Severity: a host's own verdict is the worst of its rules'. Also the verdict's number (0 up).
  var rank: Int { severity }

  private var severity: Int {
    switch self {
    case .notApplicable: 0
    case .ignored: 1
    case .upToDate: 2
    case .unknown: 3
    case .prerequisiteMissing: 4
    case .fixNeeded: 5
    case .regressed: 6
    case .error: 7
    }
  }

  public static func < (a: Verdict, b: Verdict) -> Bool { a.severity < b.severity }

  /// True for the verdicts that make the exit status 1: something must be installed.
  public var needsAction: Bool { self == .fixNeeded || self == .prerequisiteMissing || self == .regressed }
}
