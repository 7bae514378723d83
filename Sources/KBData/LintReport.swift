/// What `kb lint` says about a knowledge base: rules, skips by reason, unread tables.
public struct LintReport: Sendable {
  public var articles: Int
  public var rulesWithFiles: Int
  public var rulesByServicePackOnly: Int
  public var skipped: [SkipReason: [String]]
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
        if rule.files.isEmpty { rulesByServicePackOnly += 1 } else { rulesWithFiles += 1 }
      case .skipped(let reason):
        skipped[reason, default: []].append(article.path)
      }
      warnings += article.warnings
    }
  }

  /// The report for a person: counts first, then every warning with its file and line.
  public var text: String {
    var lines = [
      "articles: \(articles)",
      "rules with files: \(rulesWithFiles)",
      "rules by service pack only: \(rulesByServicePackOnly)",
    ]
    for reason in SkipReason.allCases {
      lines.append("skipped, \(reason.rawValue): \(skipped[reason]?.count ?? 0)")
    }
    for path in skipped[.unreadable] ?? [] {
      lines.append("\(path): error: unreadable article")
    }
    lines.append("warnings: \(warnings.count)")
    lines += warnings.map(\.description)
    return lines.joined(separator: "\n")
  }
}
