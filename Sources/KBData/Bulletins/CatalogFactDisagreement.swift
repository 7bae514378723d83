/// A rule's editions, `fixedIn` or `requires` that a security catalog gives otherwise than the
/// rule's article: the article's stand (contract section 2), and `kb lint` lists each, as it lists
/// a file's version the two give differently (`CatalogFileDisagreement`).
public struct CatalogFactDisagreement: Sendable, Hashable, CustomStringConvertible {
  /// Which fact.
  public enum Fact: String, Sendable, Hashable {
    case editions
    case fixedIn = "fixed in"
    case requires
  }

  /// The rule's id, `Q256149`.
  public var rule: String
  /// The catalog's bulletins for it, `MS01-041`.
  public var bulletin: String?
  public var fact: Fact
  /// The build line of a `fixedIn` or `requires` entry; nil for editions.
  public var line: BuildLine?
  /// What each says, as `kb show` words it: `server, terminal-server`, `SP5`, `-` for nothing.
  public var article: String
  public var catalog: String
  /// The catalog line that says it (the patch's product, or the bulletin for editions).
  public var origin: FactOrigin?

  public init(
    rule: String, bulletin: String?, fact: Fact, line: BuildLine? = nil, article: String, catalog: String,
    origin: FactOrigin? = nil
  ) {
    self.rule = rule
    self.bulletin = bulletin
    self.fact = fact
    self.line = line
    self.article = article
    self.catalog = catalog
    self.origin = origin
  }

  /// `Q256149 (MS01-204): requires (standard line): its article says SP5, mssecure.xml line 80
  /// says SP4; the article's is kept`.
  public var description: String {
    let named = bulletin.map { "\(rule) (\($0))" } ?? rule
    let which = line.map { " (\($0 == .terminalServer ? "Terminal Server Edition" : "standard line"))" } ?? ""
    let where_ = origin.map { "\($0)" } ?? "the catalog"
    return "\(named): \(fact.rawValue)\(which): its article says \(article), \(where_) says \(catalog); the article's is kept"
  }

  /// The disagreements of an article's rule and a catalog's rule of the same Q number. Editions
  /// are compared as judging reads them (Enterprise counts as Server) and only where the article
  /// names some (naming none, it concerns every edition); a service pack entry where the catalog
  /// gives one for a build line and the article gives another or none.
  static func between(_ rule: Rule, _ entry: Rule) -> [CatalogFactDisagreement] {
    let bulletin = entry.bulletins.listed
    var found: [CatalogFactDisagreement] = []
    func judged(_ editions: Set<Edition>) -> Set<Edition> {
      editions.contains(.server) ? editions.union([.enterprise]) : editions
    }
    if !rule.editions.isEmpty, !entry.editions.isEmpty, judged(rule.editions) != judged(entry.editions) {
      func words(_ editions: Set<Edition>) -> String { editions.sorted().map(\.rawValue).joined(separator: ", ") }
      found.append(
        CatalogFactDisagreement(
          rule: rule.id, bulletin: bulletin, fact: .editions, article: words(rule.editions), catalog: words(entry.editions),
          origin: entry.bulletins.last?.origin))
    }
    for line in [BuildLine.standard, .terminalServer] {
      func lowest(_ refs: [ServicePackRef]) -> ServicePackRef? { refs.filter { $0.line == line }.min { $0.servicePack < $1.servicePack } }
      func highest(_ refs: [ServicePackRef]) -> ServicePackRef? { refs.filter { $0.line == line }.max { $0.servicePack < $1.servicePack } }
      // As judging reads them: the lowest fixing service pack, the highest requirement.
      let pairs: [(Fact, ServicePackRef?, ServicePackRef?)] = [
        (.fixedIn, lowest(rule.fixedIn), lowest(entry.fixedIn)),
        (.requires, highest(rule.requires), highest(entry.requires)),
      ]
      for (fact, own, theirs) in pairs {
        guard let theirs, own?.servicePack != theirs.servicePack else { continue }
        // A fix list's entry names its list: the article itself said nothing.
        let said = own.map { own in
          own.servicePack.displayName + (own.source.map { _ in " (\(own.origin.map { "\($0)" } ?? "a fix list"))" } ?? "")
        }
        found.append(
          CatalogFactDisagreement(
            rule: rule.id, bulletin: bulletin, fact: fact, line: line, article: said ?? "-",
            catalog: theirs.servicePack.displayName, origin: theirs.origin))
      }
    }
    return found
  }
}
