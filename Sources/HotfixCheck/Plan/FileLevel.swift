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

  /// Compared as the evaluator compares (contract section 4, step 6): by version when both
  /// have one, else by date when both have one; nil when the two cannot be compared.
  func isAtOrAbove(_ other: FileLevel) -> Bool? {
    if let mine = version, let theirs = other.version { return mine >= theirs }
    if let mine = date, let theirs = other.date { return mine >= theirs }
    return nil
  }
}

/// A file a needed rule asks for: its name key and the level the fix ships.
struct FileNeed: Sendable, Hashable {
  /// Lower-case base name.
  var key: String
  /// The name as the article spells it.
  var name: String
  var level: FileLevel
}

extension Rule {
  /// The rows that judge a host of this build line and platform (contract section 4, steps 2 and
  /// 4), and of this service pack when one is given (`judges`).
  func rows(line: BuildLine, platform: Platform, servicePack: ServicePack? = nil) -> [RuleFile] {
    files.filter { row in
      row.line == line && (row.platform == nil || row.platform == platform) && (servicePack.map { judges(row, servicePack: $0) } ?? true)
    }
  }
}

extension RuleResult {
  /// The files this result finds older than the fix: what installing the hotfix must bring up.
  var fileNeeds: [FileNeed] {
    var seen = Set<FileNeed>()
    var needs: [FileNeed] = []
    for evidence in self.evidence where evidence.result == .older {
      let need = FileNeed(
        key: evidence.name.lowercased(), name: evidence.name,
        level: FileLevel(version: evidence.requiredVersion, date: evidence.requiredDate))
      if seen.insert(need).inserted { needs.append(need) }
    }
    return needs
  }
}
