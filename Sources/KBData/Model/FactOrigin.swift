/// Where a fact of a rule was read: a line of the rule's own article, of another article
/// (a service pack's list of fixed bugs) that `article` names, or of a security catalog
/// (`mssecure.xml`) that `catalog` names.
///
/// Provenance, not part of the fact: two entries that state the same fact compare equal
/// whichever line they were read from.
public struct FactOrigin: Sendable, Hashable, CustomStringConvertible {
  /// The other document: an article id (`article`) or a catalog's path (`catalog`). One string
  /// and a flag rather than two optional strings: every copy of a file row copies this, and a
  /// second string was a second retain per copy (callgrind: `check` of one host on the built-in
  /// catalog, 1.1M of 144M instructions in RuleFile copies).
  private var document: String?
  private var isCatalog: Bool
  /// The 1-based line in that article or catalog; 0 when unknown.
  public var line: Int

  /// `catalog`, when given, wins over `article`.
  public init(article: String? = nil, catalog: String? = nil, line: Int) {
    document = catalog ?? article
    isCatalog = catalog != nil
    self.line = line
  }

  /// The article that gave the fact when it is not the rule's own (`Q241211`); nil for the rule's own.
  public var article: String? {
    get { isCatalog ? nil : document }
    set { (document, isCatalog) = (newValue, false) }
  }

  /// The security catalog that gave the fact (`mssecure-2001-10-04.xml`, as named on the command
  /// line), nil for an article's. Kept apart from `article`: a fix list's entries (`article` set)
  /// are dropped and applied again when sources join, a catalog's are not.
  public var catalog: String? {
    get { isCatalog ? document : nil }
    set { (document, isCatalog) = (newValue, newValue != nil) }
  }

  /// `line 88`, `Q241211 line 120` for another article's line, `mssecure.xml line 4120` for a catalog's.
  public var description: String {
    document.map { "\($0) line \(line)" } ?? "line \(line)"
  }
}

/// Where a rule's title and editions were read (its other facts carry their own `FactOrigin`).
public struct RuleOrigin: Sendable, Hashable {
  /// The line holding the title (the front matter's `title:` or the `## Q` heading).
  public var title: Int?
  /// For each edition, the "applies to" line that named it.
  public var editions: EditionLines

  public init(title: Int? = nil, editions: EditionLines = [:]) {
    self.title = title
    self.editions = editions
  }
}

/// A line number for each of the four editions: a dictionary in use, four fields inside (a
/// `[Edition: Int]` set per edition line was 6.7M of the 139M instructions of `check` of one host
/// on the built-in catalog, callgrind).
public struct EditionLines: Sendable, Hashable, ExpressibleByDictionaryLiteral {
  private var lines: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)

  public init(dictionaryLiteral elements: (Edition, Int)...) {
    for (edition, line) in elements { self[edition] = line }
  }

  /// The line that named the edition; nil when none did.
  public subscript(edition: Edition) -> Int? {
    get {
      let line: Int32
      switch edition {
      case .workstation: line = lines.0
      case .server: line = lines.1
      case .enterprise: line = lines.2
      case .terminalServer: line = lines.3
      }
      return line > 0 ? Int(line) : nil
    }
    set {
      let line = Int32(clamping: newValue ?? 0)
      switch edition {
      case .workstation: lines.0 = line
      case .server: lines.1 = line
      case .enterprise: lines.2 = line
      case .terminalServer: lines.3 = line
      }
    }
  }

  public static func == (a: EditionLines, b: EditionLines) -> Bool { a.lines == b.lines }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(lines.0)
    hasher.combine(lines.1)
    hasher.combine(lines.2)
    hasher.combine(lines.3)
  }
}
