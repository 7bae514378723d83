import KBData

/// One file of a host's inventory.
public struct InventoryFile: Sendable, Hashable {
  /// The full path as the host reported it.
  public var path: String
  public var version: FileVersion?
  public var date: FileDate?
  public var size: Int?

  public init(path: String, version: FileVersion? = nil, date: FileDate? = nil, size: Int? = nil) {
    self.path = path
    self.version = version
    self.date = date
    self.size = size
  }

  /// The last path part, after `\` or `/`.
  public var baseName: Substring {
    guard let cut = path.lastIndex(where: { $0 == "\\" || $0 == "/" }) else { return Substring(path) }
    return path[path.index(after: cut)...]
  }

  /// The lower-case base name, the key rule rows are matched on.
  public var matchKey: String { baseName.lowercased() }

  /// False for copies kept by an uninstall or service pack backup: `$NtUninstall…`,
  /// `$NtServicePackUninstall…` folders and `ServicePackFiles`; those are not the files in use.
  public var isLive: Bool {
    for part in path.split(whereSeparator: { $0 == "\\" || $0 == "/" }).dropLast() {
      let lower = part.lowercased()
      if lower.hasPrefix("$ntuninstall") || lower.hasPrefix("$ntservicepackuninstall") || lower == "servicepackfiles" {
        return false
      }
    }
    return true
  }
}

/// Everything an inventory says about one host.
public struct HostInventory: Sendable {
  public var name: String
  public var edition: Edition
  public var servicePack: ServicePack
  public var platform: Platform
  /// Hotfixes the registry records as installed, normalised to `Q123456`.
  public var hotfixes: Set<String>
  public var files: [InventoryFile]
  /// The input it was read from, as named on the command line.
  public var source: String
  /// The line where the host starts in its input.
  public var line: Int

  public init(
    name: String, edition: Edition, servicePack: ServicePack, platform: Platform,
    hotfixes: Set<String> = [], files: [InventoryFile] = [], source: String = "", line: Int = 0
  ) {
    self.name = name
    self.edition = edition
    self.servicePack = servicePack
    self.platform = platform
    self.hotfixes = Set(hotfixes.map(HostInventory.normalizedHotfixID))
    self.files = files
    self.source = source
    self.line = line
  }

  /// `q256149`, `256149` and `Q256149` are one hotfix: `Q256149`.
  public static func normalizedHotfixID(_ id: String) -> String {
    let trimmed = id.trimmedSpaces.uppercased()
    if let first = trimmed.first, first.isNumber { return "Q" + trimmed }
    return trimmed
  }
}

import Foundation
