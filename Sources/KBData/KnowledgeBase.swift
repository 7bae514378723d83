import Foundation

/// The rules of a set of articles: the bundled `kb/`, or archives named with `--kb`.
public struct KnowledgeBase: Sendable {
  /// Every article read, in path order, with its outcome (for `kb lint`).
  /// Empty when the rules came from the rule cache (`loadRules(directories:cache:)`).
  public private(set) var articles: [ParsedArticle]
  /// The rules, in id order; one per id (the later path wins on a duplicate id).
  public private(set) var rules: [Rule]

  public init(articles: [ParsedArticle]) {
    self.articles = articles
    var byID: [String: Rule] = [:]
    for article in articles {
      if let rule = article.rule { byID[rule.id.uppercased()] = rule }
    }
    rules = byID.values.sorted { $0.id < $1.id }
  }

  /// Rules without their articles, as the rule cache gives them (already in id order, one per id).
  init(rules: [Rule]) {
    articles = []
    self.rules = rules
  }

  /// The articles built into the program from the project's `kb/` folder.
  public static func bundled() -> KnowledgeBase {
    let sources = bundledArticleSources.map { entry in
      (path: entry.path, bytes: [UInt8](Data(base64Encoded: entry.base64) ?? Data()))
    }
    return KnowledgeBase(articles: sources.map { ArticleParser.parse($0.bytes, path: $0.path) })
  }

  /// Reads every article (`*.md`) under each directory, in parallel.
  ///
  /// A file that cannot be read becomes a skipped article; only a directory
  /// that does not exist throws.
  public static func load(directories: [URL]) throws -> KnowledgeBase {
    try parse(paths: directories.flatMap { try articlePaths(under: $0) }.sorted())
  }

  /// The rules of every article under each directory: from the rule cache when it holds rules this
  /// very program read from these folders and no folder or article has changed since (RuleCache.swift);
  /// else parsed as `load` does, and stored in the cache for the next run. With a nil cache, `load`.
  ///
  /// A knowledge base from the cache has rules but no `articles`: `kb lint`, which reports on each
  /// article, uses `load`.
  public static func loadRules(directories: [URL], cache: RuleCache?) throws -> KnowledgeBase {
    guard let cache, let key = RuleCache.key(directories: directories.map(\.path)) else {
      return try load(directories: directories)
    }
    if let rules = cache.read(key: key) { return KnowledgeBase(rules: rules) }
    // A miss: walk and parse as `load` does, noting each folder's `stat` before it is listed and
    // each article's before it is read, so that any later change shows in the next run's check.
    var manifest = Manifest()
    let paths = try directories.flatMap { try articlePaths(under: $0, visiting: { manifest.add($0) }) }.sorted()
    for path in paths { manifest.add(path) }
    let base = parse(paths: paths)
    cache.write(base.rules, manifest: manifest, key: key)
    return base
  }

  /// Parses the articles at these paths, in parallel.
  static func parse(paths: [String]) -> KnowledgeBase {
    let results = ResultSlots<ParsedArticle>(count: paths.count)
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let parsed: ParsedArticle
      if let bytes = ArticleFiles.read(path) {
        parsed = ArticleParser.parse(bytes, path: path)
      } else {
        parsed = ParsedArticle(
          id: nil, path: path, outcome: .skipped(.unreadable),
          warnings: [ParseWarning(path: path, line: 0, message: "cannot read the file")])
      }
      results.set(index, parsed)
    }
    return KnowledgeBase(articles: results.values())
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
final class ResultSlots<Value>: @unchecked Sendable {
  private var storage: [Value?]
  private let lock = NSLock()

  init(count: Int) { storage = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.lock()
    storage[index] = value
    lock.unlock()
  }

  func values() -> [Value] { storage.compactMap { $0 } }
}
