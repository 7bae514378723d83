import Foundation
import KBData

/// The verdict of one host against one rule, with its reason and evidence.
public struct RuleResult: Sendable, Hashable {
  public var ruleID: String
  public var title: String
  public var verdict: Verdict
  /// Why this verdict, as data; `reason` writes it out.
  var explanation: Explanation
  /// One sentence for a person: why this verdict (written when asked for).
  public var reason: String {
    get { explanation.sentence(evidence) }
    set { explanation = .text(newValue) }
  }
  /// File by file, found against required (empty when the verdict rests on the service pack or edition).
  public var evidence: [FileEvidence]
  /// The service pack to install first or instead, when the verdict names one.
  public var servicePack: ServicePack?
  /// The security bulletins the rule's fix belongs to (`Rule.bulletins`), oldest first.
  public var bulletins: [SecurityBulletin] {
    get { securityBulletins ?? [] }
    set { securityBulletins = newValue.isEmpty ? nil : newValue }
  }
  /// Nil for the many results of rules no bulletin names: a nil array costs nothing to copy, an
  /// empty one a retain (callgrind: results are copied per rule per host).
  private var securityBulletins: [SecurityBulletin]? = nil
  /// Set when the result depends only on the host's edition, service pack and platform
  /// (no file of the host is involved): writers may reuse its rendering for every such host.
  var baseline: BaselineKey? = nil
  /// Set when the ignore list skipped this rule: the verdict is then `ignored`.
  public var ignored: IgnoreMark? = nil
  /// The rule's place in the evaluator's rules (-1 when made elsewhere): the fleet summary
  /// counts by it instead of hashing the id of every needed rule of every host.
  var rulePosition: Int32 = -1

  public init(
    ruleID: String, title: String, verdict: Verdict, reason: String, evidence: [FileEvidence] = [], servicePack: ServicePack? = nil
  ) {
    self.ruleID = ruleID
    self.title = title
    self.verdict = verdict
    explanation = .text(reason)
    self.evidence = evidence
    self.servicePack = servicePack
  }

  /// Equal when they say the same; where the rule sat in an evaluator's list is bookkeeping.
  public static func == (a: RuleResult, b: RuleResult) -> Bool {
    a.ruleID == b.ruleID && a.title == b.title && a.verdict == b.verdict && a.explanation == b.explanation
      && a.evidence == b.evidence && a.servicePack == b.servicePack && a.baseline == b.baseline && a.ignored == b.ignored
      && a.bulletins == b.bulletins
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(ruleID)
    hasher.combine(verdict)
    hasher.combine(explanation)
    hasher.combine(evidence)
  }

  init(
    ruleID: String, title: String, verdict: Verdict, _ explanation: Explanation, evidence: [FileEvidence] = [],
    servicePack: ServicePack? = nil
  ) {
    self.ruleID = ruleID
    self.title = title
    self.verdict = verdict
    self.explanation = explanation
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
  /// Rule results in rule id order (not-applicable ones only when asked for). Empty when the
  /// evaluator keeps only the needed rules and no ignore list is in force (`neededRules` then
  /// lists them), or when it shares profile results (`shared` then holds them): `listedResults`
  /// gives them whichever way they are kept.
  public var results: [RuleResult]
  /// The results as the host's profile's shared baseline and the host's own results, set instead
  /// of `results` by an evaluator that shares profile results (`Evaluator.sharesProfileResults`).
  var shared: SharedResults? = nil
  /// The needed rules by position, without results: set instead of `results` when the
  /// evaluator keeps only what `audit`'s fleet summary counts (`Evaluator.fleetSummaryOnly`).
  var neededRules: HostNeededRules? = nil
  /// Set when the verdict is `error`.
  public var error: InventoryError?
  /// What to install, in order; set when plans are asked for.
  public var plan: HostPlan? = nil
  /// How many rules got each verdict, including results the report leaves out.
  public var tally: VerdictTally
  /// When its inventory was collected, where the inventory says (`audit` lists old ones).
  public var collected: Date? = nil
  /// The inventory says the host's hotfix list could not be read (`hotfixes="unknown"`).
  public var hotfixListUnknown = false

  /// `tally` counts every rule's verdict when `results` leaves some out (by default, `results` are all).
  public init(host: HostInventory, verdict: Verdict, results: [RuleResult], tally: VerdictTally? = nil) {
    name = host.name
    edition = host.edition
    servicePack = host.servicePack
    platform = host.platform
    source = host.source
    self.verdict = verdict
    self.results = results
    error = nil
    self.tally = tally ?? VerdictTally(results)
    collected = host.collected
    hotfixListUnknown = host.hotfixListUnknown
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
    tally = VerdictTally()
  }

  /// The results that ask for something to be installed (none when only `neededRules` lists them).
  public var needed: [RuleResult] { listedResults.filter { $0.verdict.needsAction } }

  /// The listed results in rule order, from `results` or `shared`.
  public var listedResults: [RuleResult] { shared?.listed ?? results }
}

/// A host's results as its profile's baseline (`ProfileBaseline`) and its own results, those that
/// rest on its files, each in place of the baseline's result of its rule.
struct SharedResults: Sendable {
  let baseline: ProfileBaseline
  /// Ascending by `rulePosition`; every one is listed (steps 6 and 7 are never not-applicable).
  let own: [RuleResult]

  /// Calls `shared` with each run of rule positions whose results are the baseline's and `mine`
  /// with each own result, in rule order.
  @inline(__always)
  func forEach(shared: (Range<Int>) -> Void, own mine: (RuleResult) -> Void) {
    var next = 0
    for result in own {
      let position = Int(result.rulePosition)
      if position > next { shared(next..<position) }
      mine(result)
      next = position + 1
    }
    if next < baseline.results.count { shared(next..<baseline.results.count) }
  }

  /// Every listed result, the baseline's copied.
  var listed: [RuleResult] {
    var all: [RuleResult] = []
    forEach(shared: { run in all += run.lazy.filter { baseline.listed[$0] }.map { baseline.results[$0] } }, own: { all.append($0) })
    return all
  }

  /// Calls `body` with each result that asks for something to be installed: the rule's position,
  /// and the result (the baseline's read in place).
  func forEachNeeded(_ body: (Int, borrowing RuleResult) -> Void) {
    forEachNeeded(
      own: { body(Int(own[$0].rulePosition), own[$0]) },
      baseline: { entry in
        let position = Int(baseline.needed[entry].position)
        body(position, baseline.results[position])
      })
  }

  /// Calls `mine` with the index in `own` of each own result that asks for something to be
  /// installed, and `shared` with the index in `baseline.needed` of each of the baseline's that
  /// the host has no result of its own for, in rule order.
  @inline(__always)
  func forEachNeeded(own mine: (Int) -> Void, baseline shared: (Int) -> Void) {
    var next = 0  // the first own result not yet passed
    for (entry, needed) in baseline.needed.enumerated() {
      let position = Int(needed.position)
      while next < own.count && Int(own[next].rulePosition) < position {
        if own[next].verdict.needsAction { mine(next) }
        next += 1
      }
      if next < own.count && Int(own[next].rulePosition) == position { continue }  // the host's own result
      shared(entry)
    }
    while next < own.count {
      if own[next].verdict.needsAction { mine(next) }
      next += 1
    }
  }
}

/// A count per verdict.
public struct VerdictTally: Sendable, Hashable {
  /// A vector, not an array: counting 1,740 rules a host, an array's uniqueness check per add showed in callgrind.
  private var counts = SIMD8<Int32>()

  public init() {}

  init(_ results: [RuleResult]) {
    for result in results { add(result.verdict) }
  }

  mutating func add(_ verdict: Verdict) { counts[verdict.rank] &+= 1 }

  mutating func remove(_ verdict: Verdict) { counts[verdict.rank] &-= 1 }

  /// The worst verdict counted, `notApplicable` when none is.
  var worst: Verdict {
    Verdict.allCases.last { self[$0] > 0 } ?? .notApplicable
  }

  public subscript(verdict: Verdict) -> Int { Int(counts[verdict.rank]) }

  /// Rules that ask for something to be installed.
  public var needed: Int { self[.fixNeeded] + self[.prerequisiteMissing] + self[.regressed] }
}

/// A rule a host needs, as `audit`'s fleet summary counts it: no id, title or reason, so
/// nothing to retain (`Evaluator.fleetSummaryOnly`).
struct NeededRuleEntry: Sendable, Hashable {
  /// The rule's place among the evaluator's rules.
  var position: Int32
  var verdict: Verdict
  /// The service pack to install first or instead, when the verdict names one.
  var servicePack: ServicePack?
}

/// A host's needed rules in rule order, with the evaluator's rules they point into (shared,
/// not copied).
struct HostNeededRules: Sendable {
  let rules: [Rule]
  var entries: [NeededRuleEntry]
}
