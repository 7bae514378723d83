/// A later hotfix that replaces a rule's own, as a security catalog gives it: the plan settles a
/// needed rule by its replacement when the host needs that too.
///
/// Equal replacements state the same fact: `origin` is not compared.
public struct Replacement: Sendable, Hashable, CustomStringConvertible {
  /// Why the catalog's patch counts as replaced.
  public enum Basis: String, Sendable, Hashable {
    /// The catalog says so: the patch's `SBID` names the bulletin and patch that supersede it.
    case catalog
    /// A later bulletin's patch checks every file this one checks, at the same or a higher level.
    case laterFiles = "later-files"
  }

  /// The rule (Q number) of the replacing hotfix.
  public var rule: String
  /// The replacing hotfix's bulletin, `MS01-041`.
  public var bulletin: String?
  public var basis: Basis
  /// The catalog line that says so (the patch with the `SBID`, or the later patch).
  public var origin: FactOrigin?

  public init(rule: String, bulletin: String?, basis: Basis, origin: FactOrigin? = nil) {
    self.rule = rule
    self.bulletin = bulletin
    self.basis = basis
    self.origin = origin
  }

  public static func == (a: Replacement, b: Replacement) -> Bool {
    a.rule == b.rule && a.bulletin == b.bulletin && a.basis == b.basis
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rule)
    hasher.combine(basis)
  }

  /// `Q299444 (MS01-041), as the catalog says`, or that it is a later bulletin checking the same files.
  public var description: String {
    let named = bulletin.map { "\(rule) (\($0))" } ?? rule
    switch basis {
    case .catalog: return "\(named), as the catalog says"
    case .laterFiles: return "\(named), a later bulletin checking each of its files at or above its level"
    }
  }
}
