import Foundation
import Synchronization
internal import SystemCalls

/// The rules to judge by, with the service pack facts beside them: the built-in catalog, the
/// articles of `--kb` folders, or both.
public struct KnowledgeBase: Sendable {
  /// Every article read, in path order, with its outcome (for `kb lint`).
  /// Empty when the facts came from a catalog (built-in or the rule cache).
  public private(set) var articles: [ParsedArticle]
  /// The rules, in id order; one per id (the later path, or the later source, wins on a duplicate
  /// id), with the `fixedIn` entries the service pack fix lists give (`FixLists.apply`).
  public internal(set) var rules: [Rule]
  /// The service packs' lists of fixed bugs read, one per id.
  public private(set) var fixLists: [ServicePackFixList]
  /// The service packs' contents read, one per id.
  public internal(set) var manifests: [ServicePackManifest]
  /// Where the rules came from, in the order the sources were added, with the rules each gave.
  public internal(set) var sources: [RuleSource]
  /// For each rule id (upper case), its index in `sources`.
  var sourceOfRule: [String: Int]
  /// Where a fix list names another service pack than the rule's own article (for `kb lint`).
  public private(set) var fixListDisagreements: [FixListDisagreement] = []
  /// The ids of rules a selection left out (`keepingOnlySecurityFixes`): rules that exist but are
  /// not judged in this run. An ignore list naming one is not naming a rule that does not exist.
  public internal(set) var rulesLeftOut: Set<String> = []
  /// What merging each security catalog did (`merging`), for `kb lint`.
  public internal(set) var catalogMerges: [BulletinCatalogMerge] = []
  /// The sources' NT 4.0 articles with no fix information of their own that no list made rules:
  /// a list of a source added later still can (`adding`).
  private(set) var candidates: [Rule] = []
  /// For each candidate id (upper case), its index in `sources`.
  private var sourceOfCandidate: [String: Int] = [:]

  /// The facts of parsed articles, as one source, with the fix lists among them applied; the
  /// `articles` the lists change (a rule given a `fixedIn`, a skipped article made a rule) carry
  /// the result.
  public init(articles: [ParsedArticle], source: RuleSource.Kind = .builtin(nil)) {
    var byID: [String: Rule] = [:]
    var candidates: [String: Rule] = [:]
    var lists: [String: ServicePackFixList] = [:]
    var contents: [String: ServicePackManifest] = [:]
    for article in articles {
      switch article.outcome {
      case .rule(let rule): byID[rule.id.uppercased()] = rule
      case .fixList(let list): lists[list.id.uppercased()] = list
      case .manifest(let manifest): contents[manifest.id.uppercased()] = manifest
      case .skipped:
        if let candidate = article.candidate { candidates[candidate.id.uppercased()] = candidate }
      }
    }
    let fixLists = lists.values.sorted { $0.id < $1.id }
    let applied = FixLists.apply(fixLists, to: Array(byID.values), candidates: Array(candidates.values))
    self.init(
      rules: applied.rules, fixLists: fixLists, manifests: contents.values.sorted { $0.id < $1.id }, source: source)
    fixListDisagreements = applied.disagreements
    let ruleIDs = Set(applied.rules.map { $0.id.uppercased() })
    self.candidates = candidates.values.filter { !ruleIDs.contains($0.id.uppercased()) }.sorted { $0.id < $1.id }
    sourceOfCandidate = Dictionary(self.candidates.map { ($0.id.uppercased(), 0) }, uniquingKeysWith: { _, last in last })
    let final = Dictionary(applied.rules.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
    self.articles = articles.map { article in
      guard let id = (article.rule ?? article.candidate)?.id.uppercased(), let rule = final[id] else { return article }
      var article = article
      article.outcome = .rule(rule)
      article.candidate = nil
      return article
    }
  }

  /// The facts of a catalog, as one source.
  public init(catalog: Catalog, source: RuleSource.Kind) {
    self.init(rules: catalog.rules, fixLists: catalog.fixLists, manifests: catalog.manifests, source: source)
    candidates = catalog.candidates
    sourceOfCandidate = Dictionary(candidates.map { ($0.id.uppercased(), 0) }, uniquingKeysWith: { _, last in last })
  }

  /// Facts already one per id and in id order.
  init(rules: [Rule], fixLists: [ServicePackFixList], manifests: [ServicePackManifest], source: RuleSource.Kind) {
    articles = []
    self.rules = rules
    self.fixLists = fixLists
    self.manifests = manifests
    sources = [RuleSource(kind: source, rules: rules.count)]
    sourceOfRule = Dictionary(rules.map { ($0.id.uppercased(), 0) }, uniquingKeysWith: { _, last in last })
  }

  /// The facts as a catalog: what `kb catalog` writes (without candidates: the built-in catalog's
  /// own lists are applied already) and the rule cache stores (with them, so that a list of
  /// another source can still make them rules, as it would after a parse).
  public func catalog(archive: ArchiveStamp, withCandidates: Bool = false) -> Catalog {
    Catalog(
      archive: archive, rules: rules, fixLists: fixLists, manifests: manifests, candidates: withCandidates ? candidates : [])
  }

  /// These facts with another source's added: its rules, lists and manifests replace those of the
  /// same id, and so do the articles it skipped for want of fix information (its reading of them).
  /// Then every source's fix lists are applied to every rule and skipped article (`FixLists.apply`
  /// drops list entries before it adds them, so this is safe to repeat): a `--kb` article that
  /// replaces a built-in rule keeps what the built-in lists say of it, and a skipped article of
  /// either source becomes a rule when a list of either names it.
  public func adding(_ other: KnowledgeBase) -> KnowledgeBase {
    var result = self
    result.articles += other.articles
    let offset = result.sources.count
    result.sources += other.sources
    var byID = Dictionary(rules.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    var candidates = Dictionary(self.candidates.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    let added = other.rules.map { ($0, true) } + other.candidates.map { ($0, false) }
    for (article, isRule) in added {
      let key = article.id.uppercased()
      if byID.removeValue(forKey: key) != nil, let replaced = result.sourceOfRule.removeValue(forKey: key) {
        result.sources[replaced].rules -= 1
      }
      candidates.removeValue(forKey: key)
      result.sourceOfCandidate.removeValue(forKey: key)
      if isRule {
        byID[key] = article
        result.sourceOfRule[key] = offset + (other.sourceOfRule[key] ?? 0)
      } else {
        candidates[key] = article
        result.sourceOfCandidate[key] = offset + (other.sourceOfCandidate[key] ?? 0)
      }
    }
    result.fixLists = KnowledgeBase.merged(fixLists, other.fixLists, id: \.id)
    let applied = FixLists.apply(result.fixLists, to: Array(byID.values), candidates: Array(candidates.values))
    for rule in applied.rules where byID[rule.id.uppercased()] == nil {
      let key = rule.id.uppercased()
      let source = result.sourceOfCandidate.removeValue(forKey: key) ?? offset
      result.sourceOfRule[key] = source
      result.sources[source].rules += 1
      candidates.removeValue(forKey: key)
    }
    result.candidates = candidates.values.sorted { $0.id < $1.id }
    result.rules = applied.rules
    result.fixListDisagreements = applied.disagreements
    result.manifests = KnowledgeBase.merged(manifests, other.manifests, id: \.id)
    return result
  }

  private static func merged<T>(_ base: [T], _ added: [T], id: (T) -> String) -> [T] {
    var byID = Dictionary(base.map { (id($0).uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    for item in added { byID[id(item).uppercased()] = item }
    return byID.values.sorted { id($0) < id($1) }
  }

  /// Where the rule with this id came from.
  public func source(ofRule id: String) -> RuleSource? {
    sourceOfRule[id.uppercased()].map { sources[$0] }
  }

  /// The rules built into the program: the catalog in `kb/catalog.tsv` (facts read from the NT 4.0
  /// part of a public KB archive), with the articles of the project's `kb/` folder replacing the
  /// catalog's rules of the same id. Read without parsing the archive's articles.
  public static func builtin() throws -> KnowledgeBase {
    let articles = bundled()
    guard let catalog = try BuiltinCatalog.read() else { return articles }
    var base = KnowledgeBase(catalog: catalog, source: .builtin(catalog.archive))
    // The kb/ articles are part of the built-in source, not a source of their own; the catalog's
    // fix lists apply to them as to its own rules (only to them: the catalog's are applied already).
    // Only the entries naming those articles: indexing all the lists' 6,000 entries for the one
    // seed article was 8.7M of the 147M instructions of `check` of one host (callgrind).
    let ids = Set(articles.rules.map { $0.id.uppercased() })
    let entries = catalog.fixLists.map { list in
      ServicePackFixList(id: list.id, title: list.title, entries: list.entries.filter { ids.contains($0.article.uppercased()) })
    }
    for rule in FixLists.apply(entries, to: articles.rules, candidates: []).rules {
      let key = rule.id.uppercased()
      if base.sourceOfRule[key] == nil { base.sources[0].rules += 1 }
      base.sourceOfRule[key] = 0
      base.rules.removeAll { $0.id.uppercased() == key }
      base.rules.append(rule)
    }
    base.rules.sort { $0.id < $1.id }
    base.fixLists = merged(base.fixLists, articles.fixLists, id: \.id)
    base.manifests = merged(base.manifests, articles.manifests, id: \.id)
    return base
  }

  /// The articles of the project's `kb/` folder, built into the program, parsed.
  public static func bundled() -> KnowledgeBase {
    let sources = bundledArticleSources.map { entry in
      (path: entry.path, bytes: [UInt8](Data(base64Encoded: entry.base64) ?? Data()))
    }
    return KnowledgeBase(articles: sources.map { ArticleParser.parse($0.bytes, path: $0.path) })
  }

  /// Reads every article (`*.md`) under each directory, in parallel; each directory is a source.
  ///
  /// A file that cannot be read becomes a skipped article; only a directory that does not exist throws.
  public static func load(directories: [URL]) throws -> KnowledgeBase {
    let bases = try directories.map { directory in
      try parse(paths: articlePaths(under: directory), source: .folder(directory.relativePath))
    }
    return combined(bases)
  }

  /// The facts of every article under each directory: for each, from the rule cache when it holds
  /// facts this very program read from that folder and nothing under it has changed since
  /// (RuleCache.swift); else parsed as `load` does, and stored in the cache for the next run. With a
  /// nil cache, `load`.
  ///
  /// A knowledge base from the cache has facts but no `articles`: `kb lint`, which reports on each
  /// article, uses `load`.
  public static func loadRules(directories: [URL], cache: RuleCache?) throws -> KnowledgeBase {
    guard let cache else { return try load(directories: directories) }
    let bases = try directories.map { directory -> KnowledgeBase in
      let source = RuleSource.Kind.folder(directory.relativePath)
      guard let key = RuleCache.key(directories: [directory.path]) else {
        return try parse(paths: articlePaths(under: directory), source: source)
      }
      if let catalog = cache.read(key: key) { return KnowledgeBase(catalog: catalog, source: source) }
      // A miss: walk and parse as `load` does, noting each folder's `stat` before it is listed and
      // each article's before it is read, so that any later change shows in the next run's check.
      var manifest = Manifest()
      let paths = try articlePaths(under: directory, visiting: { manifest.add($0) })
      for path in paths { manifest.add(path) }
      let base = parse(paths: paths, source: source)
      let stamp = ArchiveStamp(name: directory.lastPathComponent, revision: "-", date: nil, articles: paths.count)
      cache.write(base.catalog(archive: stamp, withCandidates: true), manifest: manifest, key: key)
      return base
    }
    return combined(bases)
  }

  /// Several sources as one, later ones replacing earlier facts of the same id.
  static func combined(_ bases: [KnowledgeBase]) -> KnowledgeBase {
    guard var result = bases.first else {
      return KnowledgeBase(rules: [], fixLists: [], manifests: [], source: .builtin(nil))
    }
    for base in bases.dropFirst() { result = result.adding(base) }
    return result
  }

  /// Parses the articles at these paths, in parallel.
  static func parse(paths: [String], source: RuleSource.Kind = .builtin(nil)) -> KnowledgeBase {
    let results = ResultSlots<ParsedArticle>(count: paths.count)
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let parsed: ParsedArticle
      do throws(SystemCallError) {
        parsed = ArticleParser.parse(try ArticleFiles.read(path), path: path)
      } catch {
        parsed = ParsedArticle(
          id: nil, path: path, outcome: .skipped(.unreadable),
          warnings: [ParseWarning(path: path, line: 0, message: "cannot read the file: \(error.reason)")])
      }
      results.set(index, parsed)
    }
    return KnowledgeBase(articles: results.values(), source: source)
  }

  /// The `.md` files under a directory (or the file itself), sorted.
  static func articlePaths(under directory: URL, visiting: ((String) -> Void)? = nil) throws -> [String] {
    guard let paths = ArticleFiles.markdownPaths(under: directory.path, visiting: visiting) else {
      throw KnowledgeBaseError.missing(directory.path)
    }
    return paths
  }

  /// The rule with this id (`Q256149` or `256149`), ignoring case.
  public func rule(id: String) -> Rule? {
    var key = id.uppercased()
    if !key.hasPrefix("Q") { key = "Q" + key }
    return rules.first { $0.id.uppercased() == key }
  }
}

/// A `--kb` folder that cannot be used.
public enum KnowledgeBaseError: Error, CustomStringConvertible {
  case missing(String)

  public var description: String {
    switch self {
    case .missing(let path): "\(path): error: no such file or directory (expected a folder of articles)"
    }
  }
}

/// Fixed slots that concurrent workers fill, one index each.
final class ResultSlots<Value: Sendable>: Sendable {
  private let storage: Mutex<[Value?]>

  init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

  func set(_ index: Int, _ value: Value) { storage.withLock { $0[index] = value } }

  func values() -> [Value] { storage.withLock { $0.compactMap { $0 } } }
}
