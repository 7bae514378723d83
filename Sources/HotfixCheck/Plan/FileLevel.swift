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

/// A file a needed rule asks for: the number of its name key and the level the fix ships.
struct FileNeed: Sendable, Hashable {
  /// The number of the base name's `FileNameKey` among the planner's (`HostPlanner.fileIDs`), -1
  /// for a name no rule lists.
  var file: Int32
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
