import KBData

/// A rule as judging reads it, with no reference inside: what the functions of `VerdictRules`
/// say of the rule, worked out once. Both judging threads read the matched rules of every host;
/// reading a `Rule` in place still copied it, or at least retained its arrays and sets, and those
/// shared counts were the largest cost of judging (perf).
struct PrecomputedRule: Sendable {
  /// A bit per host edition the rule applies to (`Rule.applies(to:)`, step 1).
  private let editions: UInt8
  /// A bit per build line, platform and service pack that has rows (`VerdictRules.rowCounts`, step 4).
  private let lines: UInt64
  private let fixedIn: (standard: ServicePack?, terminalServer: ServicePack?)
  private let requires: (standard: ServicePack?, terminalServer: ServicePack?)
  /// Where the rule's rows are in the list of `PrecomputedRow` they were made with.
  let rows: Range<Int>
  /// Set when the entry is a service pack manifest, not a hotfix (`ManifestScope`).
  let manifest: ManifestScope?

  /// The facts of `rule`, whose rows are at `rows` of the list they are kept in.
  init(_ rule: Rule, rows: Range<Int>, manifest: ManifestScope? = nil) {
    editions = Edition.allCases.reduce(0) { rule.applies(to: $1) ? $0 | $1.bit : $0 }
    var lines: UInt64 = 0  // a row counts for its own line only
    for file in rule.files {
      let row = PrecomputedRow(file, of: rule)
      for platform in Platform.allCases {
        for pack in ServicePack.allCases where row.counts(line: row.line, platform: platform, servicePack: pack) {
          lines |= Self.bit(row.line, platform, pack)
        }
      }
    }
    self.lines = lines
    fixedIn = (rule.fixingServicePack(for: .standard), rule.fixingServicePack(for: .terminalServer))
    requires = (rule.requirement(for: .standard), rule.requirement(for: .terminalServer))
    self.rows = rows
    self.manifest = manifest
  }

  /// Step 1 (`Rule.applies(to:)`).
  func applies(to edition: Edition) -> Bool { editions & edition.bit != 0 }

  /// Step 4: whether any row counts for a host of this line, platform and service pack.
  func hasRows(line: BuildLine, platform: Platform, servicePack: ServicePack) -> Bool {
    lines & Self.bit(line, platform, servicePack) != 0
  }

  /// The lowest service pack of this line that contains the fix (`Rule.fixingServicePack(for:)`).
  func fixingServicePack(for line: BuildLine) -> ServicePack? { line == .standard ? fixedIn.standard : fixedIn.terminalServer }

  /// The highest service pack of this line the fix must be installed on (`Rule.requirement(for:)`).
  func requirement(for line: BuildLine) -> ServicePack? { line == .standard ? requires.standard : requires.terminalServer }

  private static func bit(_ line: BuildLine, _ platform: Platform, _ servicePack: ServicePack) -> UInt64 {
    let number: UInt64
    switch platform {
    case .intel: number = 0
    case .alpha: number = 1
    case .mips: number = 2
    case .ppc: number = 3
    }
    let column = UInt64(servicePack.bit.trailingZeroBitCount)  // 0 to 7
    return 1 << ((line == .standard ? number : number + 4) * 8 + column)
  }
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
struct PrecomputedRow: Sendable {
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

  /// Steps 2 and 4 (`VerdictRules.rowCounts`).
  @inline(__always)
  func counts(line: BuildLine, platform: Platform, servicePack: ServicePack) -> Bool {
    VerdictRules.rowCounts(
      rowLine: self.line, rowPlatform: self.platform, judgesServicePack: servicePacks & servicePack.bit != 0,
      line: line, platform: platform)
  }

  /// Step 6 (`VerdictRules.compare`) for a copy found at `version` and `date`.
  @inline(__always)
  func compare(version found: (UInt32, UInt32, UInt32, UInt32)?, date foundDate: FileDate?) -> CopyComparison {
    VerdictRules.compare(found: (found, foundDate), required: (version, date))
  }

  /// What one copy of the row's file, found at `version` and `date`, says: nothing when the row
  /// is for another line, platform or service pack. The copy's version and date, not the copy:
  /// an `InventoryFile` passed from a span was copied, its path retained and released, 2.6% of a
  /// fleet summary audit's CPU (perf).
  @inline(__always)
  func seen(
    version found: (UInt32, UInt32, UInt32, UInt32)?, date foundDate: FileDate?, line: BuildLine, platform: Platform,
    servicePack: ServicePack
  ) -> CopyFindings {
    counts(line: line, platform: platform, servicePack: servicePack) ? CopyFindings(compare(version: found, date: foundDate)) : []
  }
}

extension ServicePack {
  /// The service pack's bit in `PrecomputedRow.servicePacks`.
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
  /// The edition's bit in `PrecomputedRule`.
  fileprivate var bit: UInt8 {
    switch self {
    case .workstation: 1
    case .server: 2
    case .enterprise: 4
    case .terminalServer: 8
    }
  }
}
