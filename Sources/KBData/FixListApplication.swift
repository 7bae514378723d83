/// A rule's own fixing service pack and a fix list's for the same build line, when they differ:
/// the article wins (contract section 2), and `kb lint` lists the disagreement.
public struct FixListDisagreement: Sendable, Hashable, CustomStringConvertible {
  /// The rule's id, `Q123456`.
  public var rule: String
  /// `.terminalServer` for TSE's line, nil for the standard build.
  public var edition: Edition?
  /// What the rule's own article says.
  public var own: ServicePack
  /// What the list says.
  public var listed: ServicePack
  /// The list and the line of it that names the rule.
  public var origin: FactOrigin

  public init(rule: String, edition: Edition?, own: ServicePack, listed: ServicePack, origin: FactOrigin) {
    self.rule = rule
    self.edition = edition
    self.own = own
    self.listed = listed
    self.origin = origin
  }

  /// `Q123456: its article says SP5, Q241211 line 120 says SP6 (standard line); the article's is kept`.
  public var description: String {
    let line = edition == .terminalServer ? "Terminal Server Edition" : "standard line"
    return "\(rule): its article says \(own.displayName), \(origin) says \(listed.displayName) (\(line)); the article's is kept"
  }
}

/// Applies service packs' lists of fixed bugs to rules (contract section 2).
public enum FixLists {
  /// The rules with the `fixedIn` entries the lists give, and where a list and an article disagree.
  ///
  /// - A rule whose own article gives no fix for a build line (no `fixedIn` entry and no file rows
  ///   of that line) gets, for that line, the lowest service pack the lists name it under, with
  ///   `origin` the list and its line (the JSON's `"source"`). File rows count as the article's own
  ///   fix: a hotfix for a line is no proof that the listed pack holds it (Q177245's TSE files are
  ///   a hotfix made after TSE SP4, which Q150734 lists it under).
  /// - Where the article gives a number, it is kept; a list naming another is a disagreement.
  /// - A list entry counts only for a line the rule concerns: TSE's when its editions are none or
  ///   hold `terminal-server`, the standard line's when they are none or hold another edition.
  /// - `candidates` (NT 4.0 articles with no fix information of their own, `ParsedArticle.candidate`)
  ///   become rules when a list gives them an entry; a rule of the same id wins over a candidate.
  /// - Entries that came from lists before (`source` set) are dropped first, so applying again, as
  ///   when rules from `--kb` folders join the built-in ones, gives the same as applying once.
  /// The result is in id order.
  public static func apply(
    _ lists: [ServicePackFixList], to rules: [Rule], candidates: [Rule]
  ) -> (rules: [Rule], disagreements: [FixListDisagreement]) {
    // Article id → build line → every list entry naming it, lowest service pack first.
    var named: [String: [BuildLine: [(ServicePackFixList.Entry, String)]]] = [:]
    for list in lists.sorted(by: { $0.id < $1.id }) {
      for entry in list.entries {
        named[entry.article.uppercased(), default: [:]][entry.buildLine, default: []].append((entry, list.id))
      }
    }
    var disagreements: [FixListDisagreement] = []
    var result: [String: Rule] = [:]
    func applied(_ rule: Rule) -> Rule? {
      var rule = rule
      rule.fixedIn.removeAll { $0.source != nil }
      guard let lines = named[rule.id.uppercased()] else { return nil }
      var changed = false
      for line in [BuildLine.standard, .terminalServer] {
        guard let entries = lines[line], concerns(rule, line),
          let best = entries.min(by: { a, b in
            a.0.servicePack != b.0.servicePack ? a.0.servicePack < b.0.servicePack : (a.1, a.0.line) < (b.1, b.0.line)
          })
        else { continue }
        if let own = rule.fixingServicePack(for: line) {
          for (entry, list) in entries where entry.servicePack != own {
            disagreements.append(
              FixListDisagreement(
                rule: rule.id, edition: line.editionTag, own: own, listed: entry.servicePack,
                origin: FactOrigin(article: list, line: entry.line)))
          }
          continue
        }
        if rule.files.contains(where: { $0.line == line }) { continue }
        rule.fixedIn.append(
          ServicePackRef(
            edition: line.editionTag, servicePack: best.0.servicePack,
            origin: FactOrigin(article: best.1, line: best.0.line)))
        changed = true
      }
      return changed ? rule : nil
    }
    for rule in rules {
      var own = rule
      own.fixedIn.removeAll { $0.source != nil }
      let listed = applied(rule)
      // A rule that only a list made (a promoted candidate) goes when no list names it any more.
      if listed == nil, own.fixedIn.isEmpty, own.files.isEmpty { continue }
      result[rule.id.uppercased()] = listed ?? own
    }
    for candidate in candidates where result[candidate.id.uppercased()] == nil {
      if let rule = applied(candidate) { result[candidate.id.uppercased()] = rule }
    }
    let sorted = result.values.sorted { $0.id < $1.id }
    disagreements.sort { ($0.rule, $0.origin.article ?? "", $0.origin.line) < ($1.rule, $1.origin.article ?? "", $1.origin.line) }
    return (sorted, disagreements)
  }

  /// True when the rule concerns hosts of the build line: its editions are none or name one of it.
  static func concerns(_ rule: Rule, _ line: BuildLine) -> Bool {
    if rule.editions.isEmpty { return true }
    return line == .terminalServer
      ? rule.editions.contains(.terminalServer) : rule.editions.contains { $0 != .terminalServer }
  }
}
