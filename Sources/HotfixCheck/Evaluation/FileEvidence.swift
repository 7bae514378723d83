import KBData

/// How one live copy of a file compares with the row of the fix.
public enum CopyComparison: String, Sendable, Comparable {
  /// At or above the fix.
  case current
  /// Neither a comparable version nor a date on both sides.
  case undecided
  /// Below the fix.
  case older

  private var rank: Int {
    switch self {
    case .current: 0
    case .undecided: 1
    case .older: 2
    }
  }

  public static func < (a: CopyComparison, b: CopyComparison) -> Bool { a.rank < b.rank }
}

/// Found against required, for one file: the evidence behind a verdict.
public struct FileEvidence: Sendable, Hashable {
  /// The file name as the article spells it.
  public var name: String
  /// The path on the host.
  public var path: String
  public var requiredVersion: FileVersion?
  public var requiredDate: FileDate?
  public var foundVersion: FileVersion?
  public var foundDate: FileDate?
  public var result: CopyComparison

  /// Compares a host's file with a row: by version when both have one, else by date, else undecided.
  public init(row: RuleFile, file: InventoryFile) {
    self.init(row: row, file: file, result: Self.compare(row, file))
  }

  init(row: RuleFile, file: InventoryFile, result: CopyComparison) {
    name = row.name
    path = file.path
    requiredVersion = row.version
    requiredDate = row.date
    foundVersion = file.version
    foundDate = file.date
    self.result = result
  }

  /// By version when both have one, else by date, else undecided (`VerdictRules.compare`).
  static func compare(_ row: RuleFile, _ file: InventoryFile) -> CopyComparison {
    VerdictRules.compare(found: (file.version?.parts, file.date), required: (row.version?.parts, row.date))
  }
}
