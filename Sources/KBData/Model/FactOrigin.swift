/// Where a fact of a rule was read: a line of the rule's own article, or of another article
/// (a service pack's list of fixed bugs) that `article` names.
///
/// Provenance, not part of the fact: two entries that state the same fact compare equal
/// whichever line they were read from.
public struct FactOrigin: Sendable, Hashable, CustomStringConvertible {
  /// The article that gave the fact when it is not the rule's own (`Q241211`); nil for the rule's own.
  public var article: String?
  /// The 1-based line in that article; 0 when unknown.
  public var line: Int

  public init(article: String? = nil, line: Int) {
    self.article = article
    self.line = line
  }

  /// `line 88`, or `Q241211 line 120` for another article's line.
  public var description: String {
    article.map { "\($0) line \(line)" } ?? "line \(line)"
  }
}

/// Where a rule's title and editions were read (its other facts carry their own `FactOrigin`).
public struct RuleOrigin: Sendable, Hashable {
  /// The line holding the title (the front matter's `title:` or the `## Q` heading).
  public var title: Int?
  /// For each edition, the "applies to" line that named it.
  public var editions: [Edition: Int]

  public init(title: Int? = nil, editions: [Edition: Int] = [:]) {
    self.title = title
    self.editions = editions
  }
}
