/// One of Microsoft's "List of Bugs Fixed in Windows NT 4.0 Service Pack N" articles, as facts:
/// for each article number it lists, the service pack (and build line) that fixed it.
///
/// A rule whose own article names no fixing service pack for a build line, but whose number a
/// list names for that line, is fixed in that list's service pack (contract section 2).
public struct ServicePackFixList: Sendable, Hashable {
  /// The list article's id, `Q241211`.
  public var id: String
  public var title: String
  /// Every article number the list names, with its service pack and the list line that names it.
  public var entries: [Entry]

  public init(id: String, title: String, entries: [Entry] = []) {
    self.id = id
    self.title = title
    self.entries = entries
  }

  /// One listed article: "Q123456 …" under a service pack's heading.
  public struct Entry: Sendable, Hashable {
    /// The listed article's id, `Q123456`.
    public var article: String
    /// `.terminalServer` for Terminal Server Edition's service pack, nil for the standard build.
    public var edition: Edition?
    public var servicePack: ServicePack
    /// The line of the list article that names it.
    public var line: Int

    public init(article: String, edition: Edition? = nil, servicePack: ServicePack, line: Int) {
      self.article = article
      self.edition = edition
      // TSE has no SP6a (contract section 1): see `ServicePackRef.normalised`.
      self.servicePack = ServicePackRef.normalised(servicePack, edition)
      self.line = line
    }

    /// The build line the entry belongs to.
    public var buildLine: BuildLine { BuildLine(editionTag: edition) }
  }
}
