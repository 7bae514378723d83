/// Where a knowledge base's rules came from: the built-in catalog or a `--kb` folder, and how many
/// of the rules in force each gave.
public struct RuleSource: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// The catalog the program carries (and the articles of its `kb/` folder), read from this archive.
    case builtin(ArchiveStamp?)
    /// The articles under a folder named with `--kb`.
    case folder(String)
  }

  public var kind: Kind
  /// The rules in force from this source (a rule replaced by a later source counts for that one).
  public var rules: Int

  public init(kind: Kind, rules: Int) {
    self.kind = kind
    self.rules = rules
  }

  /// `1,740 rules from the built-in catalog (kbarchive-nt, revision … of 2005-06-30, 9,664 articles)`.
  public var description: String {
    let count = "\(rules) rule\(rules == 1 ? "" : "s")"
    switch kind {
    case .builtin(let stamp?): return "\(count) from the built-in catalog (\(stamp))"
    case .builtin(nil): return "\(count) from the built-in articles"
    case .folder(let path): return "\(count) from \(path)"
    }
  }

  /// What a run judged by, for a person: `2029 rules from the built-in catalog (…)`, or with several
  /// sources `2030 rules: 2029 rules from the built-in catalog (…); 1 rule from kb`.
  public static func summary(rules: Int, sources: [RuleSource]) -> String {
    let used = sources.filter { $0.rules > 0 || $0.path != nil }
    if used.count == 1, used[0].rules == rules { return used[0].description }
    let count = "\(rules) rule\(rules == 1 ? "" : "s")"
    return used.isEmpty ? count : count + ": " + used.map(\.description).joined(separator: "; ")
  }

  /// `built-in` or `folder`, for reports.
  public var kindName: String {
    if case .folder = kind { return "folder" }
    return "built-in"
  }

  /// The folder's path, nil for the built-in catalog.
  public var path: String? {
    if case .folder(let path) = kind { return path }
    return nil
  }

  /// The archive the built-in catalog was read from.
  public var archive: ArchiveStamp? {
    if case .builtin(let stamp) = kind { return stamp }
    return nil
  }
}
