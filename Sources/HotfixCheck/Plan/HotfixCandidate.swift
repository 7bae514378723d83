import Foundation
import KBData
import Synchronization

/// A level as `VerdictRules.compare` reads it: no reference to count per comparison.
typealias ComparedLevel = (version: (UInt32, UInt32, UInt32, UInt32)?, date: FileDate?)

/// What installing one hotfix puts on a host of one build line, platform and service pack: the
/// same for every such host, so made once (`HotfixFilesTable`) and shared by their candidates.
/// Making each host's candidates afresh (filtering the rule's rows, keying and levelling them)
/// was 3.8% of planning a fleet, and copying their seven references another 3% (perf).
final class HotfixFiles: Sendable {
  let id: String
  let title: String
  /// The rule's place among the planner's rules; nil for a result of a rule it does not know.
  let rule: Int?
  /// Whether a security bulletin names it: such hotfixes are installed first where they can be.
  let isSecurityFix: Bool
  /// Later hotfixes that replace it, as a security catalog says (`Rule.replacedBy`).
  let replacedBy: [Replacement]
  /// Each row's file (`HostPlanner.fileIDs`, the number of its `FileNameKey`) and level: the
  /// hotfix's rows for the host's build line, platform and service pack (`Rule.rows`).
  let files: [Int32]
  let levels: [ComparedLevel]
  /// The files of `files`, each once, ascending.
  let distinctFiles: [Int32]
  /// The newest date among its rows, to install older hotfixes first.
  let newest: FileDate?
  /// The newest date among the rows of the host's build line and platform (of every service
  /// pack), when each of them is dated: what `HostPlanner.predates` compares with a release.
  let allDatedUpTo: FileDate?

  /// The hotfix of `rule` (at `position` among the planner's rules) for hosts of `line`,
  /// `platform` and `servicePack`, its rows' files numbered by `fileIDs`.
  init(
    _ rule: Rule, position: Int, line: BuildLine, platform: Platform, servicePack: ServicePack, fileIDs: [String: Int32]
  ) {
    id = rule.id
    title = rule.title
    self.rule = position
    isSecurityFix = rule.isSecurityFix
    replacedBy = rule.replacedBy
    let rows = rule.rows(line: line, platform: platform, servicePack: servicePack)
    files = rows.map { fileIDs[$0.matchKey] ?? -1 }
    levels = rows.map { ($0.version?.parts, $0.date) }
    distinctFiles = Array(Set(files)).sorted()
    newest = rows.compactMap(\.date).max()
    let lineRows = rule.rows(line: line, platform: platform)
    allDatedUpTo = lineRows.allSatisfy { $0.date != nil } ? lineRows.compactMap(\.date).max() : nil
  }

  /// A hotfix the planner has no rule of (or whose result has another title): its id and title, no rows.
  init(id: String, title: String, rule: Int? = nil) {
    self.id = id
    self.title = title
    self.rule = rule
    isSecurityFix = false
    replacedBy = []
    files = []
    levels = []
    distinctFiles = []
    newest = nil
    allDatedUpTo = nil
  }

  private init(_ other: HotfixFiles, title: String) {
    id = other.id
    self.title = title
    rule = other.rule
    isSecurityFix = other.isSecurityFix
    replacedBy = other.replacedBy
    files = other.files
    levels = other.levels
    distinctFiles = other.distinctFiles
    newest = other.newest
    allDatedUpTo = other.allDatedUpTo
  }

  /// The same hotfix under another title (a result's, when it differs from the rule's).
  func titled(_ title: String) -> HotfixFiles { HotfixFiles(self, title: title) }

  /// True when installing this hotfix brings the file of `need` to at least the level it asks for.
  func satisfies(_ need: PlannedNeed) -> Bool {
    files.indices.contains { files[$0] == need.file && VerdictRules.compare(found: levels[$0], required: need.level) == .current }
  }
}

/// A file a candidate needs, as the cover reads it: its number (`HostPlanner.fileIDs`, -1 for a
/// file no rule lists) and the level the fix ships.
struct PlannedNeed: Sendable {
  var file: Int32
  var level: ComparedLevel
}

/// A needed rule left after the service pack: its hotfix, and what it needs on this host.
struct HotfixCandidate: Sendable {
  let hotfix: HotfixFiles
  /// The host records it as installed, yet its files are older: a reinstall.
  var regressed: Bool
  /// The files older than the fix on this host.
  var needs: [PlannedNeed]

  var id: String { hotfix.id }
  var title: String { hotfix.title }
  var newest: FileDate? { hotfix.newest }
  var isSecurityFix: Bool { hotfix.isSecurityFix }

  /// True when installing this hotfix brings the file of `need` to at least the level it asks for.
  func satisfies(_ need: PlannedNeed) -> Bool { hotfix.satisfies(need) }

  /// Orders optional dates, a missing date first.
  static func isEarlier(_ a: FileDate?, _ b: FileDate?) -> Bool {
    switch (a, b) {
    case (nil, nil): false
    case (nil, _): true
    case (_, nil): false
    case let (x?, y?): x < y
    }
  }
}

/// The hotfixes of every rule for hosts of one build line, platform and service pack, each made
/// when a plan first needs it.
final class HotfixFilesTable: Sendable {
  private let made: Mutex<[HotfixFiles?]>

  init(rules: Int) { made = Mutex(Array(repeating: nil, count: rules)) }

  func files(_ position: Int, make: () -> HotfixFiles) -> HotfixFiles {
    made.withLock { made in
      if let known = made[position] { return known }
      let files = make()
      made[position] = files
      return files
    }
  }
}

/// The build line, platform and service pack a hotfix's rows are chosen by.
struct HotfixFilesKey: Hashable, Sendable {
  var line: BuildLine
  var platform: Platform
  var servicePack: ServicePack
}
