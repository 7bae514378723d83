/// A file a security catalog checks at another version than the rule's article lists it: both
/// facts are kept, the article's judges (contract section 2), and `kb lint` lists each.
public struct CatalogFileDisagreement: Sendable, Hashable, CustomStringConvertible {
  /// The rule's id, `Q283001`.
  public var rule: String
  /// The catalog's bulletins for it, `MS01-009`.
  public var bulletin: String?
  /// The article's row (it judges) and the catalog's.
  public var article: RuleFile
  public var catalog: RuleFile

  public init(rule: String, bulletin: String?, article: RuleFile, catalog: RuleFile) {
    self.rule = rule
    self.bulletin = bulletin
    self.article = article
    self.catalog = catalog
  }

  /// `Q283001 (MS01-009): Raspptpe.sys: its article says 4.0.1381.7086 (line 97),
  /// mssecure.xml line 4810 says 4.0.1381.7090; the article's is judged`.
  public var description: String {
    let named = bulletin.map { "\(rule) (\($0))" } ?? rule
    let own = article.version?.text ?? "-"
    let theirs = catalog.version?.text ?? "-"
    let line = article.origin.map { " (\($0))" } ?? ""
    let where_ = catalog.origin.map { "\($0)" } ?? "the catalog"
    return "\(named): \(article.name): its article says \(own)\(line), \(where_) says \(theirs); the article's is judged"
  }
}

/// What merging one security catalog into the rules did, for `kb lint`.
public struct BulletinCatalogMerge: Sendable {
  public var catalog: BulletinCatalog
  /// Rules the catalog alone gives (no article rule has their Q number), in id order.
  public var newRules: [String] = []
  /// Rules of articles it gave bulletins (and files) to, in id order.
  public var merged: [String] = []
  /// Files added to article rules that their articles do not list.
  public var filesAdded = 0
  /// NT 4.0 patches that check no file and name no fixing service pack, with no article rule to
  /// name the bulletin of: not rules.
  public var notRules: [String] = []
  public var disagreements: [CatalogFileDisagreement] = []
  /// Its own rules (`newRules`) given a `fixedIn` by a service pack's fix list, in id order.
  public var fixedByList: [String] = []
  /// Where a fix list names another service pack than the catalog's `FixedInSP` for its own rules.
  public var fixListDisagreements: [FixListDisagreement] = []
  /// Editions, `fixedIn` and `requires` it gives otherwise than the article rules it merged with.
  public var factDisagreements: [CatalogFactDisagreement] = []

  init(catalog: BulletinCatalog) { self.catalog = catalog }
}

extension KnowledgeBase {
  /// These rules with security catalogs' merged in (contract section 2). A catalog's rule and a
  /// rule of the same Q number are one rule: the rule's facts stand; the catalog adds its
  /// bulletins (with their titles and dates), what replaces the hotfix, and the files the rule
  /// does not list (their origin names the catalog). A file it lists at another version is kept in
  /// `disputedFiles`, the rule's row judges. A catalog rule with no such rule is a rule of its
  /// own (titled and edition'd by its article when that article was read but gave no rule);
  /// one with no file and no fixing service pack is not a rule. Of several catalogs, a later
  /// one's rule replaces an earlier one's of the same Q number.
  ///
  /// Merged last, after every article source: the fix lists apply to the articles' rules before
  /// the catalog's files join them (a list gives a `fixedIn` only to a rule with no rows of the
  /// build line, and a catalog's rows are no article's). A rule of the catalog alone gets them
  /// here, as an article's rule would: its rows, and its `FixedInSP`, are its own.
  public func merging(_ catalogs: [BulletinCatalog]) -> KnowledgeBase {
    guard !catalogs.isEmpty else { return self }
    var result = self
    var byID = Dictionary(rules.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    let articles = Dictionary(candidates.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    var entries: [String: (rule: Rule, catalog: Int)] = [:]
    for (index, catalog) in catalogs.enumerated() {
      for entry in catalog.entries { entries[entry.id.uppercased()] = (entry, index) }
    }
    var merges = catalogs.map { BulletinCatalogMerge(catalog: $0) }
    let offset = sources.count
    for (key, (entry, index)) in entries.sorted(by: { $0.key < $1.key }) {
      if let rule = byID[key] {
        let (joined, added, disagreements) = Self.merged(rule, entry)
        byID[key] = joined
        merges[index].merged.append(rule.id)
        merges[index].filesAdded += added
        merges[index].disagreements += disagreements
        merges[index].factDisagreements += CatalogFactDisagreement.between(rule, entry)
      } else {
        var rule = entry
        if let article = articles[key] {
          rule.title = article.title
          rule.origin = article.origin
          if !article.editions.isEmpty { rule.editions = article.editions }
        }
        // The service packs' fix lists, as an article's rule gets them (`FixLists.apply`: the
        // catalog's FixedInSP is the rule's own and wins; a list gives a line no fix of the rule's).
        // Without files, a fixing service pack or a list naming it, the entry is no rule.
        let listed = FixLists.apply(fixLists, to: [rule], candidates: [])
        guard let applied = listed.rules.first else {
          merges[index].notRules.append(entry.id)
          continue
        }
        rule = applied
        merges[index].fixListDisagreements += listed.disagreements
        if rule.fixedIn.contains(where: { $0.source != nil }) { merges[index].fixedByList.append(rule.id) }
        byID[key] = rule
        result.sourceOfRule[key] = offset + index
        merges[index].newRules.append(rule.id)
      }
    }
    result.sources += catalogs.indices.map {
      RuleSource(kind: .catalog(catalogs[$0].stamp), rules: merges[$0].newRules.count, merged: merges[$0].merged.count)
    }
    result.rules = byID.values.sorted { $0.id < $1.id }
    result.catalogMerges = merges
    return result
  }

  /// An article's rule with a catalog's facts of the same Q number added: the rows added, and
  /// the rows it lists at another version.
  static func merged(_ rule: Rule, _ entry: Rule) -> (Rule, added: Int, [CatalogFileDisagreement]) {
    var joined = rule
    for bulletin in entry.bulletins {
      // The catalog's carries the bulletin's title and date; an article's title only the id.
      if let known = joined.bulletins.firstIndex(where: { $0.id == bulletin.id }) {
        joined.bulletins[known] = bulletin
      } else {
        joined.bulletins.append(bulletin)
      }
    }
    joined.bulletins.sort()
    for replacement in entry.replacedBy where !joined.replacedBy.contains(replacement) { joined.replacedBy.append(replacement) }
    var added = 0
    var disagreements: [CatalogFileDisagreement] = []
    for row in entry.files {
      let listed = rule.files.filter {
        $0.matchKey == row.matchKey && $0.line == row.line && ($0.platform == nil || row.platform == nil || $0.platform == row.platform)
      }
      guard !listed.isEmpty else {
        joined.files.append(row)
        added += 1
        continue
      }
      // Listed by the article: its row judges. Only two versions that differ disagree.
      guard let version = row.version, let versioned = listed.first(where: { $0.version != nil }),
        !listed.contains(where: { $0.version == version })
      else { continue }
      if !joined.disputedFiles.contains(row) { joined.disputedFiles.append(row) }
      disagreements.append(CatalogFileDisagreement(rule: rule.id, bulletin: entry.bulletins.listed, article: versioned, catalog: row))
    }
    return (joined, added, disagreements)
  }
}

extension KnowledgeBase {
  /// Only the security fixes (`--only security`): the rules a bulletin names, each source
  /// counting those it gave. Service pack manifests name no bulletin and go too.
  public func keepingOnlySecurityFixes() -> KnowledgeBase {
    var result = self
    result.rules = rules.filter(\.isSecurityFix)
    result.rulesLeftOut = rulesLeftOut.union(rules.lazy.filter { !$0.isSecurityFix }.map(\.id))
    result.manifests = []
    for index in result.sources.indices { result.sources[index].rules = 0 }
    for rule in result.rules {
      if let source = sourceOfRule[rule.id.uppercased()] { result.sources[source].rules += 1 }
    }
    return result
  }
}

extension KnowledgeBase {
  /// No rules and no source: what security catalogs alone are merged into (`--no-builtin --catalog`).
  public static var empty: KnowledgeBase {
    var base = KnowledgeBase(rules: [], fixLists: [], manifests: [], source: .builtin(nil))
    base.sources = []
    return base
  }
}
