import KBData

/// A file's level as a fix ships it (or a host holds it): its version, its date, or both.
struct FileLevel: Sendable, Hashable {
  var version: FileVersion?
  var date: FileDate?

  init(version: FileVersion?, date: FileDate?) {
    self.version = version
    self.date = date
  }

  init(_ row: RuleFile) { self.init(version: row.version, date: row.date) }

  /// Compared as the evaluator compares (`VerdictRules.compare`, contract section 4, step 6);
  /// nil when the two cannot be compared.
  func isAtOrAbove(_ other: FileLevel) -> Bool? {
    switch VerdictRules.compare(found: (version?.parts, date), required: (other.version?.parts, other.date)) {
    case .current: true
    case .older: false
    case .undecided: nil
    }
  }
}

/// A file a needed rule asks for: its name key and the level the fix ships.
struct FileNeed: Sendable, Hashable {
  /// The base name's `FileNameKey`.
  var key: String
  /// The name as the article spells it.
  var name: String
  var level: FileLevel
}

extension Rule {
  /// The rows that judge a host of this build line and platform (contract section 4, steps 2 and
  /// 4, `VerdictRules.rowCounts`), and of this service pack when one is given (`judges`).
  func rows(line: BuildLine, platform: Platform, servicePack: ServicePack? = nil) -> [RuleFile] {
    files.filter { row in
      VerdictRules.rowCounts(
        rowLine: row.line, rowPlatform: row.platform, judgesServicePack: servicePack.map { judges(row, servicePack: $0) } ?? true,
        line: line, platform: platform)
    }
  }
}

extension RuleResult {
  /// The files this result finds older than the fix: what installing the hotfix must bring up.
  var fileNeeds: [FileNeed] { Self.fileNeeds(evidence) }

  /// The files `evidence` finds older than the fix, each once.
  static func fileNeeds(_ evidence: [FileEvidence]) -> [FileNeed] {
    var needs: [FileNeed] = []
    for evidence in evidence where evidence.result == .older {
      let need = FileNeed(
        key: FileNameKey.of(evidence.name), name: evidence.name,
        level: FileLevel(version: evidence.requiredVersion, date: evidence.requiredDate))
      // A result lists a few older copies: looking through them beats hashing each need into a
      // set made per result, which was 4% of planning a fleet (perf).
      if !needs.contains(need) { needs.append(need) }
    }
    return needs
  }
}
