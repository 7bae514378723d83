import Foundation

/// An NT 4.0 service pack level, ordered sp0 < sp1 < … < sp6 < sp6a.
public enum ServicePack: String, CaseIterable, Sendable, Comparable, Codable {
  case sp0, sp1, sp2, sp3, sp4, sp5, sp6, sp6a

  /// Reads `sp6a`, `SP6a`, `6a`, `6`, ignoring case; `sp0` and `none` are 4.0 with no service pack.
  public init?(name: some StringProtocol) {
    var key = name.trimmingCharacters(in: .whitespaces).lowercased()
    if key == "none" || key == "rtm" { self = .sp0; return }
    if key.hasPrefix("sp") { key.removeFirst(2) }
    switch key {
    case "0": self = .sp0
    case "1": self = .sp1
    case "2": self = .sp2
    case "3": self = .sp3
    case "4": self = .sp4
    case "5": self = .sp5
    case "6": self = .sp6
    case "6a": self = .sp6a
    default: return nil
    }
  }

  private var rank: Int {
    switch self {
    case .sp0: 0
    case .sp1: 1
    case .sp2: 2
    case .sp3: 3
    case .sp4: 4
    case .sp5: 5
    case .sp6: 6
    case .sp6a: 7
    }
  }

  public static func < (a: ServicePack, b: ServicePack) -> Bool { a.rank < b.rank }

  /// The name an administrator reads: `SP6a`, or `no service pack`.
  public var displayName: String {
    // Literals: every reason that names a service pack asks for it (concatenating was 3% of
    // writing a full report, callgrind).
    switch self {
    case .sp0: "no service pack"
    case .sp1: "SP1"
    case .sp2: "SP2"
    case .sp3: "SP3"
    case .sp4: "SP4"
    case .sp5: "SP5"
    case .sp6: "SP6"
    case .sp6a: "SP6a"
    }
  }
}

/// A service pack tied to a build line: `{"edition": null, "servicePack": "sp5"}`.
///
/// Equal entries state the same fact: `origin` (where it was read) is not compared.
///
/// Terminal Server Edition has no SP6a (contract section 1): its last service pack is SP6, which
/// holds the standard line's SP6a fixes. An article's "Terminal Server Edition Service Pack 6a"
/// means that pack, so a TSE entry of `.sp6a` is stored as `.sp6`, on creation and on every change,
/// and no rule, report or plan can name a TSE SP6a.
public struct ServicePackRef: Hashable, Sendable {
  /// `.terminalServer` for a TSE service pack, `nil` for the standard build.
  public var edition: Edition? { didSet { servicePack = Self.normalised(servicePack, edition) } }
  public var servicePack: ServicePack {
    didSet { if servicePack != Self.normalised(servicePack, edition) { servicePack = .sp6 } }
  }
  /// The line it was read from; `origin.article` is set when another article (a service pack's
  /// fix list) gave it: the JSON's `"source"`.
  public var origin: FactOrigin?

  public init(edition: Edition? = nil, servicePack: ServicePack, origin: FactOrigin? = nil) {
    self.edition = edition
    self.servicePack = Self.normalised(servicePack, edition)
    self.origin = origin
  }

  /// The pack as the build line has it: TSE's "SP6a" is its SP6.
  public static func normalised(_ pack: ServicePack, _ edition: Edition?) -> ServicePack {
    edition == .terminalServer && pack == .sp6a ? .sp6 : pack
  }

  public static func == (a: ServicePackRef, b: ServicePackRef) -> Bool {
    a.edition == b.edition && a.servicePack == b.servicePack
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(edition)
    hasher.combine(servicePack)
  }

  /// The article that gave this entry when it is not the rule's own (contract: `"source"`).
  public var source: String? { origin?.article }

  /// The build line this entry belongs to.
  public var line: BuildLine { BuildLine(editionTag: edition) }
}
