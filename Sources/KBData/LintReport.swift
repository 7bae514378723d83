/// What `kb lint` says about a knowledge base: rules, skips by reason, unread tables.
public struct LintReport: Sendable {
  public var articles: Int
  public var rulesWithFiles: Int
  public var rulesByServicePackOnly: Int
  public var skipped: [SkipReason: [String]]
  /// The service pack fix lists and manifests read (ids): facts, not rules.
  public var fixLists: [String] = []
  public var manifests: [String] = []
  /// Where a fix list names another service pack than the rule's own article (the article's is kept).
  public var fixListDisagreements: [FixListDisagreement] = []
  /// Rules with a `fixedIn` entry a fix list gave (`"source"`).
  public var rulesWithListedFix: Int = 0
  public var warnings: [ParseWarning]
  /// What merging each security catalog (`--catalog`) did.
  public var catalogMerges: [BulletinCatalogMerge] = []

  public init(_ base: KnowledgeBase) {
    articles = base.articles.count
    rulesWithFiles = 0
    rulesByServicePackOnly = 0
    skipped = [:]
    warnings = []
    for article in base.articles {
      switch article.outcome {
      case .rule(let rule):
        if rule.fixedIn.contains(where: { $0.source != nil }) { rulesWithListedFix += 1 }
        if rule.files.isEmpty { rulesByServicePackOnly += 1 } else { rulesWithFiles += 1 }
      case .skipped(let reason):
        skipped[reason, default: []].append(article.path)
      case .fixList(let list):
        fixLists.append(list.id)
      case .manifest(let manifest):
        manifests.append(manifest.id)
      }
      warnings += article.warnings
    }
    fixListDisagreements = base.fixListDisagreements
    catalogMerges = base.catalogMerges
  }

  /// Warnings about table-like blocks the reader saw but could not read into rows.
  public var unreadTables: [ParseWarning] { warnings.filter(\.isUnreadTable) }

  /// The report for a person: counts first, then every unread table and other warning with its file and line.
  public var text: String {
    let tables = unreadTables
    let others = warnings.filter { !$0.isUnreadTable }
    var lines = [
      "articles: \(articles)",
      "rules: \(rulesWithFiles + rulesByServicePackOnly)",
      "rules with files: \(rulesWithFiles)",
      "rules by service pack only: \(rulesByServicePackOnly)",
    ]
    lines.append("service pack fix lists: \(fixLists.count)")
    lines.append("rules with fixedIn from a fix list: \(rulesWithListedFix)")
    lines.append("service pack manifests: \(manifests.count)")
    for reason in SkipReason.allCases {
      lines.append("skipped, \(reason.rawValue): \(skipped[reason]?.count ?? 0)")
    }
    for path in skipped[.unreadable] ?? [] {
      lines.append("\(path): error: unreadable article")
    }
    let tableArticles = Set(tables.map(\.path)).count
    lines.append("warnings: \(warnings.count)")
    lines.append("table-like blocks not read: \(tables.count) in \(tableArticles) article(s)")
    lines += tables.map(\.description)
    lines.append("fix list disagreements: \(fixListDisagreements.count)")
    lines += fixListDisagreements.map(\.description)
    if !others.isEmpty {
      lines.append("other warnings: \(others.count)")
      lines += others.map(\.description)
    }
    if !catalogMerges.isEmpty { lines += catalogLines }
    return lines.joined(separator: "\n")
  }
}

extension ParseWarning {
  /// True for "a table-like block was seen here but gave no file row".
  var isUnreadTable: Bool { message.hasPrefix("table") }
}

extension LintReport {
  /// Each security catalog: what it holds, the NT 4.0 rules it gave alone and merged with the
  /// articles', what it skipped and why, and where it disagrees with an article on a file.
  var catalogLines: [String] {
    var lines = ["security catalogs: \(catalogMerges.count)"]
    for merge in catalogMerges {
      let catalog = merge.catalog
      lines.append("\(catalog.stamp): \(catalog.bulletins) bulletins, \(catalog.patches) patches")
      lines.append("  NT 4.0 patches: \(catalog.ntPatches), one rule per Q number: \(catalog.entries.count)")
      lines.append("  NT 4.0 rules from the catalog alone: \(merge.newRules.count)")
      lines.append("    given fixed in by a service pack fix list: \(merge.fixedByList.count)\(Self.list(merge.fixedByList))")
      lines += merge.fixListDisagreements.map { "    fix list disagreement: \($0)" }
      lines.append(
        "  NT 4.0 rules merged with article rules: \(merge.merged.count) (files added that the articles do not list: \(merge.filesAdded))")
      lines.append(
        "  not rules (no file check, no fixing service pack, no article rule): \(merge.notRules.count)\(Self.list(merge.notRules))")
      lines.append("  NT 4.0 patches with no Q number: \(catalog.withoutQNumber.count)")
      lines += catalog.withoutQNumber.map { "    " + $0 }
      let products = catalog.otherProducts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
      let more = products.count > 8 ? ", and \(products.count - 8) more products" : ""
      let byProduct = products.isEmpty ? "" : " (patches by product: \(products.prefix(8).joined(separator: ", "))\(more))"
      lines.append("  patches not for NT 4.0, skipped: \(catalog.patchesNotForNT)\(byProduct)")
      lines.append("  file checks left out (deletions, unsupported, nothing to compare): \(catalog.fileChecksLeftOut)")
      lines.append(
        "  replacements: \(catalog.replacements(.catalog)) as the catalog says, \(catalog.replacements(.laterFiles)) by a later bulletin checking the same files"
      )
      lines.append("  catalog warnings: \(catalog.warnings.count)")
      lines += catalog.warnings.map { "    \($0)" }
    }
    let disagreements = catalogMerges.flatMap(\.disagreements)
    lines.append("catalog disagreements (a file's version, the article's judged): \(disagreements.count)")
    lines += disagreements.map { "  \($0)" }
    let facts = catalogMerges.flatMap(\.factDisagreements)
    lines.append("catalog disagreements (editions, fixed in, requires; the article's kept): \(facts.count)")
    lines += facts.map { "  \($0)" }
    return lines
  }

  /// `: Q1, Q2, Q3` for a short list of ids.
  private static func list(_ ids: [String]) -> String { ids.isEmpty ? "" : " (" + ids.joined(separator: ", ") + ")" }
}
