import KBData

/// A rule as judging reads it, with no reference inside. Both judging threads read the matched
/// rules of every host; reading a `Rule` in place still copied it, or at least retained its
/// arrays and sets, and those shared counts were the largest cost of judging (perf).
struct RuleFacts: Sendable {
  /// A bit per edition the article names (`Edition.bit`); 0 when it names none.
  private let editions: UInt8
  private let fixedIn: (standard: ServicePack?, terminalServer: ServicePack?)
  private let requires: (standard: ServicePack?, terminalServer: ServicePack?)
  /// Where the rule's rows are in the list of `RowFacts` they were made with.
  let rows: Range<Int>
  /// Set when the entry is a service pack manifest, not a hotfix (`ManifestScope`).
  let manifest: ManifestScope?

  init(_ rule: Rule, rows: Range<Int>, manifest: ManifestScope? = nil) {
    editions = rule.editions.reduce(0) { $0 | $1.bit }
    fixedIn = (rule.fixingServicePack(for: .standard), rule.fixingServicePack(for: .terminalServer))
    requires = (rule.requirement(for: .standard), rule.requirement(for: .terminalServer))
    self.rows = rows
    self.manifest = manifest
  }

  /// Step 1: the rule concerns a host of this edition (Enterprise counts as Server).
  func applies(to edition: Edition) -> Bool {
    editions == 0 || editions & edition.bit != 0 || (edition == .enterprise && editions & Edition.server.bit != 0)
  }

  /// The lowest service pack of this line that contains the fix.
  func fixingServicePack(for line: BuildLine) -> ServicePack? { line == .standard ? fixedIn.standard : fixedIn.terminalServer }

  /// The highest service pack of this line the fix must be installed on.
  func requirement(for line: BuildLine) -> ServicePack? { line == .standard ? requires.standard : requires.terminalServer }
}

/// Which hosts a service pack manifest speaks for: those of its build line and platform at or
/// above its service pack (contract section 2). A host below it never had these copies; a host of
/// another line or platform has other builds of the files. A host at or above a later service
/// pack's manifest of the same build is judged by that one alone: the later pack holds the same
/// files at their level or newer, and two manifests would report one overwritten file twice.
struct ManifestScope: Sendable, Hashable {
  let line: BuildLine
  /// Nil when the article names no platform: it then speaks for every platform.
  let platform: Platform?
  let servicePack: ServicePack
  /// The lowest later service pack with a manifest of the same line and platform, if any.
  let supersededAt: ServicePack?

  /// The scope of `manifest` among all the manifests judged (`others` may include it).
  init(_ manifest: ServicePackManifest, among others: [ServicePackManifest]) {
    line = manifest.servicePack.line
    platform = manifest.platform
    servicePack = manifest.servicePack.servicePack
    supersededAt = others.filter {
      $0.servicePack.line == manifest.servicePack.line && $0.platform == manifest.platform
        && $0.servicePack.servicePack > manifest.servicePack.servicePack
    }.map(\.servicePack.servicePack).min()
  }

  func covers(line: BuildLine, platform: Platform, servicePack: ServicePack) -> Bool {
    self.line == line && (self.platform == nil || self.platform == platform) && servicePack >= self.servicePack
  }

  /// The later service pack whose manifest judges this host instead, if the host is at or above it.
  func supersession(for servicePack: ServicePack) -> ServicePack? {
    supersededAt.flatMap { servicePack >= $0 ? $0 : nil }
  }
}

/// A rule row as judging reads it: the build line, platform and level of the fix.
struct RowFacts: Sendable {
  let line: BuildLine
  let platform: Platform?
  let version: (UInt32, UInt32, UInt32, UInt32)?
  let date: FileDate?
  /// A bit per service pack (`ServicePack.allCases` order) whose hosts the row judges
  /// (`Rule.judges`); all set for a row of every service pack, as every article's is.
  let servicePacks: UInt8

  /// A row of `rule` (nil: a row for every service pack).
  init(_ row: RuleFile, of rule: Rule? = nil) {
    line = row.line
    platform = row.platform
    version = row.version?.parts
    date = row.date
    var bits: UInt8 = 0xFF
    if let rule, row.servicePacks != nil {
      bits = 0
      for (bit, pack) in ServicePack.allCases.enumerated() where rule.judges(row, servicePack: pack) { bits |= 1 << bit }
    }
    servicePacks = bits
  }

  /// Whether the row concerns a host of this line, platform and service pack (a row naming no
  /// platform concerns all).
  func counts(line: BuildLine, platform: Platform, servicePack: ServicePack) -> Bool {
    self.line == line && (self.platform == nil || self.platform == platform) && servicePacks & servicePack.bit != 0
  }

  /// By version when both have one, else by date, else undecided. The file is read in place.
  func compare(_ file: UnsafePointer<InventoryFile>) -> Comparison {
    if let required = version, let found = file.pointee.version?.parts { return found < required ? .older : .current }
    if let required = date, let found = file.pointee.date { return found < required ? .older : .current }
    return .undecided
  }
}

/// Steps 5 and 6 for one rule on one host: whether the host has a live copy of the file of a
/// row of its line and platform, and whether any such copy is older or undecided.
struct CopiesSeen: OptionSet, Sendable {
  /// Bits 0 to 2; `RuleIndex.copiesSeen` keeps its own mark in bit 7.
  let rawValue: UInt8
  static let found = CopiesSeen(rawValue: 1)
  static let older = CopiesSeen(rawValue: 2)
  static let undecided = CopiesSeen(rawValue: 4)

  init(rawValue: UInt8) { self.rawValue = rawValue }

  /// What one copy of a row's file says (nothing when the row is for another line or platform).
  init(_ row: RowFacts, _ file: UnsafePointer<InventoryFile>, line: BuildLine, platform: Platform, servicePack: ServicePack) {
    guard row.counts(line: line, platform: platform, servicePack: servicePack) else {
      self = []
      return
    }
    switch row.compare(file) {
    case .current: self = .found
    case .older: self = [.found, .older]
    case .undecided: self = [.found, .undecided]
    }
  }
}

extension ServicePack {
  /// The service pack's bit in `RowFacts.servicePacks`.
  fileprivate var bit: UInt8 {
    switch self {
    case .sp0: 1
    case .sp1: 2
    case .sp2: 4
    case .sp3: 8
    case .sp4: 16
    case .sp5: 32
    case .sp6: 64
    case .sp6a: 128
    }
  }
}

extension Edition {
  /// The edition's bit in `RuleFacts`.
  fileprivate var bit: UInt8 {
    switch self {
    case .workstation: 1
    case .server: 2
    case .enterprise: 4
    case .terminalServer: 8
    }
  }
}
