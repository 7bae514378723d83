import Foundation
import KBData

/// One rule's result for one profile: the key under which writers cache its rendering.
struct BaselineKey: Hashable, Sendable {
  var profile: HostProfile
  var rule: Int32
}

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

/// A profile's baseline as the fleet summary counts it: every rule's verdict, their tally,
/// and the rules that ask for something to be installed.
final class ProfileOutcomes: Sendable {
  let verdicts: [Verdict]
  let tally: VerdictTally
  let needed: [NeededRule]

  /// Every rule's outcome, in rule order, positions set.
  init(_ outcomes: [NeededRule]) {
    verdicts = outcomes.map(\.verdict)
    var tally = VerdictTally()
    for outcome in outcomes { tally.add(outcome.verdict) }
    self.tally = tally
    needed = outcomes.filter(\.verdict.needsAction)
  }
}

/// A lock-guarded cache of what a profile gives, shared by the threads that judge hosts.
final class ProfileCache<Value>: @unchecked Sendable {
  private var cache: [HostProfile: Value] = [:]
  private let lock = NSLock()

  func value(for key: HostProfile, compute: () -> Value) -> Value {
    lock.lock()
    defer { lock.unlock() }
    if let known = cache[key] { return known }
    let computed = compute()
    cache[key] = computed
    return computed
  }
}
