/// The facts the project's parser read from a set of articles, without the articles: rules,
/// service pack fix lists and manifests, and which archive they came from.
///
/// The program carries one (`kb/catalog.tsv`, the NT 4.0 part of a public KB archive) as its
/// built-in rules; the rule cache stores one per set of `--kb` folders. Its text form is
/// `CatalogText`.
public struct Catalog: Sendable, Equatable {
  /// The archive the facts were read from.
  public var archive: ArchiveStamp
  /// One rule per id, in id order.
  public var rules: [Rule]
  public var fixLists: [ServicePackFixList]
  public var manifests: [ServicePackManifest]
  /// NT 4.0 articles with no fix information of their own, which a fix list of another source
  /// could still make rules (`FixLists.apply`). The rule cache keeps them; the built-in catalog
  /// does not (its own lists are applied already).
  public var candidates: [Rule]

  public init(
    archive: ArchiveStamp, rules: [Rule], fixLists: [ServicePackFixList] = [], manifests: [ServicePackManifest] = [],
    candidates: [Rule] = []
  ) {
    self.archive = archive
    self.rules = rules
    self.fixLists = fixLists
    self.manifests = manifests
    self.candidates = candidates
  }
}

/// Which archive a catalog was read from: a name, a digest of its articles and the newest
/// "Last Modified" date among them, so a reader can tell two archives (or two states of one) apart.
public struct ArchiveStamp: Sendable, Hashable, CustomStringConvertible {
  /// The archive folder's name (`kbarchive-nt`).
  public var name: String
  /// A 64-bit digest of every article's path and bytes, in hex: changes when any article does.
  public var revision: String
  /// The newest "Last Modified" date of its articles, nil when none gives one.
  public var date: FileDate?
  /// How many articles were read.
  public var articles: Int

  public init(name: String, revision: String, date: FileDate?, articles: Int) {
    self.name = name
    self.revision = revision
    self.date = date
    self.articles = articles
  }

  /// `kbarchive-nt, revision 0123456789abcdef of 2005-06-30, 9,664 articles`.
  public var description: String {
    var text = "\(name), revision \(revision)"
    if let date { text += " of \(date)" }
    return text + ", \(articles) articles"
  }
}
