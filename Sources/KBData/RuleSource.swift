/// Where a knowledge base's rules came from: the built-in catalog, a `--kb` folder or a security
/// catalog (`--catalog`), and how many of the rules in force each gave.
public struct RuleSource: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    /// The catalog the program carries (and the articles of its `kb/` folder), read from this archive.
    case builtin(ArchiveStamp?)
    /// The articles under a folder named with `--kb`.
    case folder(String)
    /// An HFNetChk/MBSA catalog (`mssecure.xml`) named with `--catalog`.
    case catalog(BulletinCatalogStamp)
  }

  public var kind: Kind
  /// The rules in force from this source (a rule replaced by a later source counts for that one).
  public var rules: Int
  /// For a security catalog: the rules of other sources it gave a bulletin (they count for those).
  public var merged: Int

  public init(kind: Kind, rules: Int, merged: Int = 0) {
    self.kind = kind
    self.rules = rules
    self.merged = merged
  }

  /// `1,740 rules from the built-in catalog (kbarchive-nt, revision … of 2005-06-30, 9,664 articles)`.
  public var description: String {
    let count = "\(rules) rule\(rules == 1 ? "" : "s")"
    switch kind {
    case .builtin(let stamp?): return "\(count) from the built-in catalog (\(stamp))"
    case .builtin(nil): return "\(count) from the built-in articles"
    case .folder(let path): return "\(count) from \(path)"
    case .catalog(let stamp): return "\(count) from the security catalog \(stamp), which names the bulletins of \(merged) more"
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

  /// `built-in`, `folder` or `catalog`, for reports.
  public var kindName: String {
    switch kind {
    case .builtin: "built-in"
    case .folder: "folder"
    case .catalog: "catalog"
    }
  }

  /// The folder's or security catalog's path, nil for the built-in catalog.
  public var path: String? {
    switch kind {
    case .builtin: nil
    case .folder(let path): path
    case .catalog(let stamp): stamp.path
    }
  }

  /// The security catalog's stamp, nil for other sources.
  public var securityCatalog: BulletinCatalogStamp? {
    if case .catalog(let stamp) = kind { return stamp }
    return nil
  }

  /// The archive the built-in catalog was read from.
  public var archive: ArchiveStamp? {
    if case .builtin(let stamp) = kind { return stamp }
    return nil
  }
}
