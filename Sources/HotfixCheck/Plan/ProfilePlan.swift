import Foundation
import KBData
import Synchronization

/// What a profile's baseline (`ProfileBaseline`) gives the plans of its hosts: the baseline's
/// needed results rest on no file of a host, so what becomes of each (step 2 on a service pack,
/// or as a candidate) is the same for every host of the profile, and is worked out once per
/// target service pack. A result needs the host only for a rule with a build per service pack,
/// whose rows on another pack judge the host's files (`Outcome.perHost`).
final class ProfilePlan: Sendable {
  /// Per entry of the baseline's `needed`: what its id names.
  let refs: [HostPlanner.RuleRef?]
  private let baseline: ProfileBaseline
  /// The profile's first host without its files and hotfixes, as `Evaluator` judges the
  /// baseline (a result there rests on neither).
  private let bare: HostInventory
  private let outcomes = Mutex<[ServicePack?: [HostPlanner.Outcome]]>([:])

  init(_ baseline: ProfileBaseline, _ host: HostInventory, refs: [String: HostPlanner.RuleRef]) {
    self.baseline = baseline
    self.refs = baseline.needed.map { refs[baseline.results[Int($0.position)].ruleID] }
    var bare = host
    bare.files = []
    bare.hotfixes = []
    self.bare = bare
  }

  /// The result of entry `index` of the baseline's `needed`.
  func result(_ index: Int) -> RuleResult { baseline.results[Int(baseline.needed[index].position)] }

  /// What becomes of each entry when the plan installs `target` (nil: none); a manifest's is
  /// `perHost` and never read.
  func outcomes(on target: ServicePack?, planner: HostPlanner) -> [HostPlanner.Outcome] {
    outcomes.withLock { outcomes in
      if let known = outcomes[target] { return known }
      let made: [HostPlanner.Outcome] = refs.indices.map { index in
        let ref = refs[index]
        if ref?.isManifest == true { return .perHost }
        return planner.sharedOutcome(result(index), ref, on: target, bare: bare)
      }
      outcomes[target] = made
      return made
    }
  }
}
