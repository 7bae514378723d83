/// One Knowledge Base article as a rule: which hosts it concerns and what fixes it.
///
/// Rules compare by their facts; `origin` and the entries' origins (where each was read) are not compared.
public struct Rule: Sendable, Hashable {
  /// The article id, `Q256149`.
  public var id: String
  public var title: String
  /// The NT 4.0 editions under "The information in this article applies to"; empty when none is named.
  public var editions: Set<Edition>
  /// Service packs a hotfix must be installed on, per build line.
  public var requires: [ServicePackRef]
  /// Service packs that first contain the fix, per build line.
  public var fixedIn: [ServicePackRef]
  /// The rows of the article's English NT 4.0 file lists.
  public var files: [RuleFile]
  /// Where the title and editions were read.
  public var origin: RuleOrigin
  /// What security bulletins add, in one optional reference, nil for most rules: judging copies
  /// every matched rule, and three more arrays were three more retains per copy (callgrind, `check`
  /// of one host on the built-in catalog: Rule copies 1.4M to 5.3M instructions).
  private var security: SecurityFacts?

  /// The security bulletins the fix belongs to, oldest first: a security catalog's, or the one
  /// the article's title begins with (`MS99-047: ...`). Empty for a fix that is not a security fix.
  public var bulletins: [SecurityBulletin] {
    get { security?.bulletins ?? [] }
    set { security = SecurityFacts.make(newValue, disputedFiles, replacedBy) }
  }

  /// A security catalog's rows for files the article lists at another version (the catalog often
  /// checks a later re-release): kept as facts beside the article's rows, which judge (`kb lint`
  /// lists each).
  public var disputedFiles: [RuleFile] {
    get { security?.disputedFiles ?? [] }
    set { security = SecurityFacts.make(bulletins, newValue, replacedBy) }
  }

  /// Later hotfixes that replace this one, as a security catalog gives them.
  public var replacedBy: [Replacement] {
    get { security?.replacedBy ?? [] }
    set { security = SecurityFacts.make(bulletins, disputedFiles, newValue) }
  }

  /// With `bulletins` nil, the bulletin the title begins with, if any (`SecurityBulletin.named`).
  public init(
    id: String, title: String, editions: Set<Edition> = [], requires: [ServicePackRef] = [],
    fixedIn: [ServicePackRef] = [], files: [RuleFile] = [], origin: RuleOrigin = RuleOrigin(),
    bulletins: [SecurityBulletin]? = nil
  ) {
    self.id = id
    self.title = title
    self.editions = editions
    self.requires = requires
    self.fixedIn = fixedIn
    self.files = files
    self.origin = origin
    security = SecurityFacts.make(bulletins ?? SecurityBulletin.named(inTitle: title, line: origin.title).map { [$0] } ?? [], [], [])
  }

  public static func == (a: Rule, b: Rule) -> Bool {
    a.id == b.id && a.title == b.title && a.editions == b.editions && a.requires == b.requires
      && a.fixedIn == b.fixedIn && a.files == b.files && a.bulletins == b.bulletins
      && a.disputedFiles == b.disputedFiles && a.replacedBy == b.replacedBy
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
    hasher.combine(title)
    hasher.combine(editions)
    hasher.combine(requires)
    hasher.combine(fixedIn)
    hasher.combine(files)
  }

  /// The `requires` entry of a build line, the highest if the article names several.
  public func requirement(for line: BuildLine) -> ServicePack? {
    requires.filter { $0.line == line }.map(\.servicePack).max()
  }

  /// The `fixedIn` entry of a build line, the lowest if the article names several.
  public func fixingServicePack(for line: BuildLine) -> ServicePack? {
    fixedIn.filter { $0.line == line }.map(\.servicePack).min()
  }

  /// Whether `row` judges a host of its build line at `servicePack` (contract section 4, step 2):
  /// a row for every service pack does; a row for some (`RuleFile.servicePacks`) does when they
  /// include the host's, or when no row of the line is for the host's service pack (then every
  /// build judges, as when builds are not told apart).
  public func judges(_ row: RuleFile, servicePack: ServicePack) -> Bool {
    guard let range = row.servicePacks, !range.contains(servicePack) else { return true }
    return !files.contains { $0.line == row.line && $0.servicePacks?.contains(servicePack) == true }
  }

  /// True for a security fix: a bulletin names it (what `--only security` keeps).
  public var isSecurityFix: Bool { !bulletins.isEmpty }

  /// True when the rule concerns a host of this edition (Enterprise counts as Server).
  public func applies(to edition: Edition) -> Bool {
    if editions.isEmpty || editions.contains(edition) { return true }
    return edition == .enterprise && editions.contains(.server)
  }
}

/// One row of a file list: the file as the fix ships it.
///
/// Equal rows state the same fact: `origin` (the line it was read from) is not compared.
public struct RuleFile: Sendable, Hashable {
  /// `.terminalServer` for a TSE row, `nil` for the standard build.
  public var edition: Edition?
  /// `nil` where neither the row nor its heading names one.
  public var platform: Platform?
  /// The base name as the article spells it; matched without regard to case.
  public var name: String
  public var version: FileVersion?
  public var date: FileDate?
  /// Exact size in bytes, `nil` where the article gives none (`105 KB`).
  public var size: Int?
  /// The article line the row was read from.
  public var origin: FactOrigin?
  /// The service packs of its build line whose hosts this build of the file is for, where one
  /// rule ships different builds for different service packs (a security catalog's Q243835: one
  /// patch for SP4 and SP5, another for SP6a); nil, as in every article, for every host of the
  /// line. `Rule.judges(_:servicePack:)` says which rows judge a host.
  public var servicePacks: ClosedRange<ServicePack>?

  public init(
    edition: Edition? = nil, platform: Platform? = nil, name: String, version: FileVersion? = nil,
    date: FileDate? = nil, size: Int? = nil, origin: FactOrigin? = nil, servicePacks: ClosedRange<ServicePack>? = nil
  ) {
    self.servicePacks = servicePacks
    self.edition = edition
    self.platform = platform
    self.name = name
    self.version = version
    self.date = date
    self.size = size
    self.origin = origin
  }

  public static func == (a: RuleFile, b: RuleFile) -> Bool {
    a.edition == b.edition && a.platform == b.platform && a.name == b.name && a.version == b.version
      && a.date == b.date && a.size == b.size && a.servicePacks == b.servicePacks
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(edition)
    hasher.combine(platform)
    hasher.combine(name)
    hasher.combine(version)
    hasher.combine(date)
    hasher.combine(size)
  }

  /// The build line of this row.
  public var line: BuildLine { BuildLine(editionTag: edition) }

  /// The name with ASCII letters in lower case, the key files are matched on.
  public var matchKey: String {
    // Written in place, with no array between: mapping the bytes into one and decoding it was
    // 4.3M of the 140M instructions of `check` of one host on the built-in catalog (callgrind).
    let utf8 = name.utf8
    return String(unsafeUninitializedCapacity: utf8.count) { buffer in
      var count = 0
      for byte in utf8 {
        buffer[count] = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
        count += 1
      }
      return count
    }
  }
}

/// A rule's bulletins, disputed rows and replacements (`Rule.bulletins`), never changed in place.
final class SecurityFacts: Sendable {
  let bulletins: [SecurityBulletin]
  let disputedFiles: [RuleFile]
  let replacedBy: [Replacement]

  private init(_ bulletins: [SecurityBulletin], _ disputedFiles: [RuleFile], _ replacedBy: [Replacement]) {
    self.bulletins = bulletins
    self.disputedFiles = disputedFiles
    self.replacedBy = replacedBy
  }

  /// Nil when all three are empty.
  static func make(_ bulletins: [SecurityBulletin], _ disputedFiles: [RuleFile], _ replacedBy: [Replacement]) -> SecurityFacts? {
    bulletins.isEmpty && disputedFiles.isEmpty && replacedBy.isEmpty ? nil : SecurityFacts(bulletins, disputedFiles, replacedBy)
  }
}
