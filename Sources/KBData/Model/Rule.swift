/// One Knowledge Base article as a rule: which hosts it concerns and what fixes it.
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

  public init(
    id: String, title: String, editions: Set<Edition> = [], requires: [ServicePackRef] = [],
    fixedIn: [ServicePackRef] = [], files: [RuleFile] = []
  ) {
    self.id = id
    self.title = title
    self.editions = editions
    self.requires = requires
    self.fixedIn = fixedIn
    self.files = files
  }

  /// The `requires` entry of a build line, the highest if the article names several.
  public func requirement(for line: BuildLine) -> ServicePack? {
    requires.filter { $0.line == line }.map(\.servicePack).max()
  }

  /// The `fixedIn` entry of a build line, the lowest if the article names several.
  public func fixingServicePack(for line: BuildLine) -> ServicePack? {
    fixedIn.filter { $0.line == line }.map(\.servicePack).min()
  }

  /// True when the rule concerns a host of this edition (Enterprise counts as Server).
  public func applies(to edition: Edition) -> Bool {
    if editions.isEmpty || editions.contains(edition) { return true }
    return edition == .enterprise && editions.contains(.server)
  }
}

/// One row of a file list: the file as the fix ships it.
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

  public init(
    edition: Edition? = nil, platform: Platform? = nil, name: String, version: FileVersion? = nil,
    date: FileDate? = nil, size: Int? = nil
  ) {
    self.edition = edition
    self.platform = platform
    self.name = name
    self.version = version
    self.date = date
    self.size = size
  }

  /// The build line of this row.
  public var line: BuildLine { BuildLine(editionTag: edition) }

  /// The name with ASCII letters in lower case, the key files are matched on.
  public var matchKey: String {
    String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
