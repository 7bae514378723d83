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
    return lines.joined(separator: "\n")
  }
}

extension ParseWarning {
  /// True for "a table-like block was seen here but gave no file row".
  var isUnreadTable: Bool { message.hasPrefix("table") }
}
