import Foundation

/// An edition of Windows NT 4.0, as the contract names them.
public enum Edition: String, CaseIterable, Sendable, Comparable, Codable {
  case workstation
  case server
  case enterprise
  case terminalServer = "terminal-server"

  /// Reads a contract name (`server`, `Terminal-Server`), ignoring case and surrounding spaces.
  public init?(name: some StringProtocol) {
    let key = name.trimmingCharacters(in: .whitespaces).lowercased()
    switch key {
    case "workstation": self = .workstation
    case "server": self = .server
    case "enterprise": self = .enterprise
    case "terminal-server", "terminalserver", "terminal server", "tse": self = .terminalServer
    default: return nil
    }
  }

  /// The build line whose rows judge a host of this edition: TSE has its own.
  public var buildLine: BuildLine { self == .terminalServer ? .terminalServer : .standard }

  private var rank: Int {
    switch self {
    case .workstation: 0
    case .server: 1
    case .enterprise: 2
    case .terminalServer: 3
    }
  }

  public static func < (a: Edition, b: Edition) -> Bool { a.rank < b.rank }
}

/// The two build lines of NT 4.0: the standard one (Workstation, Server,
/// Enterprise) and Terminal Server Edition's, whose file versions carry 0x8000.
public enum BuildLine: Sendable, Hashable {
  case standard
  case terminalServer

  /// The `edition` field value of a rule entry on this line (`nil` = standard).
  public var editionTag: Edition? { self == .terminalServer ? .terminalServer : nil }

  /// The line an entry's `edition` field names.
  public init(editionTag: Edition?) {
    self = editionTag == .terminalServer ? .terminalServer : .standard
  }
}
