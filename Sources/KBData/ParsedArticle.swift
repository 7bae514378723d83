/// Why an article did not become a rule.
public enum SkipReason: String, Sendable, CaseIterable {
  /// The article does not concern Windows NT 4.0.
  case notNT4 = "not NT 4.0"
  /// NT 4.0, but neither a file list nor a fixing service pack.
  case noFixInformation = "no fix information"
  /// The file could not be read as an article (binary, truncated, no heading).
  case unreadable = "unreadable"
}

/// Something the reader noticed in an article and could not use, with where.
public struct ParseWarning: Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var message: String

  public init(path: String, line: Int, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  /// `path:line: warning: message`.
  public var description: String { "\(path):\(line): warning: \(message)" }
}

/// What reading one article gave: a rule, or the reason it was skipped.
public struct ParsedArticle: Sendable {
  public enum Outcome: Sendable {
    case rule(Rule)
    case skipped(SkipReason)
    /// A service pack's list of fixed bugs: not a rule, but facts for other rules' `fixedIn`.
    case fixList(ServicePackFixList)
    /// A service pack's contents: not a rule, but the files a host at that service pack must have.
    case manifest(ServicePackManifest)
  }

  /// The article's id (`Q256149`), when one could be read.
  public var id: String?
  /// The file it came from.
  public var path: String
  public var outcome: Outcome
  /// Table-like blocks that were seen but not read, and other doubts.
  public var warnings: [ParseWarning]
  /// For an NT 4.0 article skipped for `.noFixInformation` ("corrected in the latest service
  /// pack"): the rule it would be (id, title, editions, requires; no `fixedIn`, no files), which
  /// becomes a rule when a service pack's fix list names it (contract section 2). Nil otherwise.
  public var candidate: Rule?

  public init(id: String?, path: String, outcome: Outcome, warnings: [ParseWarning] = []) {
    self.id = id
    self.path = path
    self.outcome = outcome
    self.warnings = warnings
  }

  /// The rule, if the article became one.
  public var rule: Rule? {
    if case .rule(let rule) = outcome { return rule }
    return nil
  }
}
