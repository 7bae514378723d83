import Foundation
import KBData
import Synchronization

/// Edition, service pack and platform (and whether any file was listed): what contract section 4
/// reads of a host besides its files and hotfixes, and all that decides a rule whose files it lacks.
struct HostProfile: Hashable, Sendable {
  var edition: Edition
  var servicePack: ServicePack
  var platform: Platform
  /// A host listed with no files has `unknown` where others have `not-applicable`.
  var hasNoFiles: Bool

  init(_ host: HostInventory) {
    edition = host.edition
    servicePack = host.servicePack
    platform = host.platform
    hasNoFiles = host.hasNoFiles
  }
}

/// One rule's result for one profile: the key under which writers cache its rendering.
struct BaselineKey: Hashable, Sendable {
  var profile: HostProfile
  var rule: Int32
}

/// Every rule's result for a profile: what a host of that profile gets for each rule none of whose
/// files it has. A rule whose result rests on the host's files (steps 6 and 7) is judged per host;
/// every other decision (steps 1 to 5) depends on the profile alone, so it is the baseline's.
/// Made once per profile and shared by the threads that judge and write its hosts, with the
/// renderings writers make of it (`rendering(_:make:)`).
final class ProfileBaseline: Sendable {
  let profile: HostProfile
  /// By rule position.
  let results: [RuleResult]
  let verdicts: [Verdict]
  /// Whether a report lists each result (not-applicable ones only when asked for).
  let listed: [Bool]
  /// Whether it lists any.
  let listsAny: Bool
  /// The results that ask for something to be installed, as the fleet summary counts them.
  let needed: [NeededRuleEntry]
  let tally: VerdictTally
  private let renderings = Mutex<[String: ProfileRendering]>([:])

  init(profile: HostProfile, results: [RuleResult], includeNotApplicable: Bool) {
    self.profile = profile
    self.results = results
    verdicts = results.map(\.verdict)
    listed = results.map { includeNotApplicable || $0.verdict != .notApplicable }
    listsAny = listed.contains(true)
    var tally = VerdictTally()
    var needed: [NeededRuleEntry] = []
    for (position, result) in results.enumerated() {
      tally.add(result.verdict)
      if result.verdict.needsAction {
        needed.append(NeededRuleEntry(position: Int32(position), verdict: result.verdict, servicePack: result.servicePack))
      }
    }
    self.tally = tally
    self.needed = needed
  }

  /// A writer's rendering of the listed results, made once per format (`key`) by the first
  /// thread that asks.
  func rendering(_ key: String, make: (ProfileBaseline) -> ProfileRendering) -> ProfileRendering {
    renderings.withLock { renderings in
      if let known = renderings[key] { return known }
      let made = make(self)
      renderings[key] = made
      return made
    }
  }
}

/// The listed results of a profile's baseline as a report format writes them, one after another
/// in rule order: a host's report copies the runs between its own results whole, instead of
/// rendering (or even looking up) each shared result again.
final class ProfileRendering: Sendable {
  let bytes: [UInt8]
  /// Where each rule's rendering starts (`rules + 1` entries; an unlisted rule's is empty).
  let starts: [Int]

  /// Renders every listed result of `baseline` with `render`.
  init(_ baseline: ProfileBaseline, render: (RuleResult, inout [UInt8]) -> Void) {
    var bytes: [UInt8] = []
    var starts: [Int] = []
    starts.reserveCapacity(baseline.results.count + 1)
    for position in baseline.results.indices {
      starts.append(bytes.count)
      if baseline.listed[position] { render(baseline.results[position], &bytes) }
    }
    starts.append(bytes.count)
    self.bytes = bytes
    self.starts = starts
  }

  /// The renderings of rules `from..<to`.
  func bytes(_ rules: Range<Int>) -> ArraySlice<UInt8> { bytes[starts[rules.lowerBound]..<starts[rules.upperBound]] }
}

/// A lock-guarded cache of what a profile gives, shared by the threads that judge hosts.
typealias ProfileCache<Value: Sendable> = LockedCache<HostProfile, Value>

/// A lock-guarded cache, shared by the threads that judge hosts: each value made once, by the
/// first thread that asks.
final class LockedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  private let cache = Mutex<[Key: Value]>([:])

  func value(for key: Key, compute: () -> Value) -> Value {
    cache.withLock { cache in
      if let known = cache[key] { return known }
      let computed = compute()
      cache[key] = computed
      return computed
    }
  }
}
