import KBData

// Contract section 4, the verdict rules, stated once. Everything that judges calls these:
// `Evaluator.judge(_:)` (check, and the XML, JSON, CSV and HTML reports), `Evaluator.judgeNeeded`
// (audit's fleet summary), `Evaluator.judge(_:against:)` (one rule, for tests and callers),
// `HostPlanner.decideAgain` (a host as if it had another service pack; `judgeAgain` wraps it
// for tests), and the readers' `FileNameIndex` (the file-name key). `PrecomputedRule` and
// `PrecomputedRow` hold what these functions say of each rule, worked out once per rule; they
// hold no rule of their own.

extension Rule {
  /// Step 1, edition: the rule concerns a host of `edition` when it names no edition or names
  /// this one; Enterprise Edition runs the Server binaries, so it counts as held where Server is.
  func applies(to edition: Edition) -> Bool {
    if editions.isEmpty || editions.contains(edition) { return true }
    return edition == .enterprise && editions.contains(.server)
  }
}

/// Steps 2 to 7 and the pieces they share.
enum VerdictRules {
  /// Steps 2 and 4: a row counts for a host of `line` and `platform` when it is of that build line,
  /// names that platform or none, and judges the host's service pack (`Rule.judges(_:servicePack:)`:
  /// every article row does; a security catalog may ship one build per service pack).
  @inline(__always)
  static func rowCounts(rowLine: BuildLine, rowPlatform: Platform?, judgesServicePack: Bool, line: BuildLine, platform: Platform) -> Bool {
    rowLine == line && (rowPlatform == nil || rowPlatform == platform) && judgesServicePack
  }

  /// Step 6: a copy against a row: by version when both have one, else by date when both have
  /// one, else undecided. Versions compare part by part (missing parts are 0).
  @inline(__always)
  static func compare(
    found: (version: (UInt32, UInt32, UInt32, UInt32)?, date: FileDate?),
    required: (version: (UInt32, UInt32, UInt32, UInt32)?, date: FileDate?)
  ) -> CopyComparison {
    if let need = required.version, let has = found.version { return has < need ? .older : .current }
    if let need = required.date, let has = found.date { return has < need ? .older : .current }
    return .undecided
  }

  /// Steps 1 to 7 for one host and one rule: which step decides, and with what.
  ///
  /// `seen` is what steps 5 and 6 found among the host's live copies of the rule's files
  /// (`CopyFindings`); `recorded` says whether the host records the rule's hotfix as installed.
  static func decide(_ host: HostProfile, _ rule: PrecomputedRule, recorded: @autoclosure () -> Bool, seen: CopyFindings) -> Decision {
    // 1. Edition.
    guard rule.applies(to: host.edition) else { return .otherEditions }
    // 2. Build line: only this line's entries count from here on.
    let (line, platform) = (host.edition.buildLine, host.platform)
    // A service pack manifest (contract section 2) speaks only for hosts of its line and platform
    // at or above its service pack; it has no `fixedIn` or `requires`: steps 3 and 4 pass it on.
    if let manifest = rule.manifest, !manifest.covers(line: line, platform: platform, servicePack: host.servicePack) {
      return .outsideManifest(manifest.servicePack)
    }
    if let later = rule.manifest?.supersession(for: host.servicePack) { return .manifestSuperseded(by: later) }
    // 3. Fixed by a service pack (the lowest `fixedIn` entry of the line).
    let fixedIn = rule.fixingServicePack(for: line)
    if let fixedIn, host.servicePack >= fixedIn { return .fixedBy(fixedIn) }
    // 4. Rows of this line and platform.
    guard rule.hasRows(line: line, platform: platform, servicePack: host.servicePack) else {
      if let fixedIn { return .servicePackNeeded(fixedIn) }
      return .noRows
    }
    // 5. Files: the host's live copies of the rows' files (absence proves nothing on a host that
    // listed no file at all).
    if !seen.contains(.found) { return host.hasNoFiles ? .noFilesListed : .filesAbsent }
    // 6. Compare: the worst copy counts.
    if !seen.contains(.older) { return seen.contains(.undecided) ? .filesUndecided : .filesCurrent }
    // 7. Older. A file older than a manifest's copy: the service pack was partly overwritten (an
    // older component reinstalled from the CD); reapply the host's own service pack, which is the
    // manifest's when the host is at it (reapplying an older one would take its other files back).
    if let manifest = rule.manifest { return .servicePackOverwritten(listed: manifest.servicePack, reapply: host.servicePack) }
    // A host whose hotfix list could not be read (`hotfixes="unknown"`) records none, or only
    // those a collector found another way: `regressed` only for those, and the reason of the
    // others says they may be (`RuleResult.noting`).
    if recorded() { return .regressed }
    if let required = rule.requirement(for: line), host.servicePack < required { return .prerequisite(required) }
    return .filesOlder
  }
}

// Step 5's key is `FileNameKey` (KBData, Model/FileNameKey.swift): the readers' filter, the rule
// index, the planner and the catalogs' merging all match file names on it.

/// Steps 5 and 6 for one rule on one host: whether the host has a live copy of the file of a
/// row of its line and platform, and whether any such copy is older or undecided.
struct CopyFindings: OptionSet, Sendable {
  /// Bits 0 to 2; `RuleIndex.copyFindings` keeps its own mark in bit 7.
  let rawValue: UInt8
  static let found = CopyFindings(rawValue: 1)
  static let older = CopyFindings(rawValue: 2)
  static let undecided = CopyFindings(rawValue: 4)

  init(rawValue: UInt8) { self.rawValue = rawValue }

  /// What one copy says, compared with a row that counts for the host.
  init(_ comparison: CopyComparison) {
    switch comparison {
    case .current: self = .found
    case .older: self = [.found, .older]
    case .undecided: self = [.found, .undecided]
    }
  }

  /// What the copies a result lists as evidence say (they are those of rows that count).
  init(_ evidence: [FileEvidence]) {
    self = evidence.reduce(into: []) { $0.formUnion(CopyFindings($1.result)) }
  }
}
