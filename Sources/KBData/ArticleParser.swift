/// Reads one Knowledge Base article (markdown) into a rule or a skip reason.
public enum ArticleParser {
  /// Parses an article's bytes; never throws, never traps: bad input is a skip with a warning.
  public static func parse(_ bytes: [UInt8], path: String) -> ParsedArticle {
    // Placeholder until the article reader lands (issue 2/3 parser work).
    ParsedArticle(id: nil, path: path, outcome: .skipped(.unreadable))
  }
}
