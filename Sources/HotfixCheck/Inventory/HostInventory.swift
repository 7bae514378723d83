import Foundation
import KBData
internal import SystemCalls

/// One file of a host's inventory.
public struct InventoryFile: Sendable, Hashable {
  /// The full path as the host reported it.
  public var path: String
  public var version: FileVersion?
  public var date: FileDate?
  public var size: Int?
  /// The number of its base name in the `FileNameIndex` that let it through (see
  /// `HostInventory.nameIndex`), so rules are found by array index instead of by hashing
  /// the name again; -1 when no filter read it. Not part of equality.
  var nameID: Int32 = -1

  public init(path: String, version: FileVersion? = nil, date: FileDate? = nil, size: Int? = nil) {
    self.init(path: path, version: version, date: date, size: size, nameID: -1)
  }

  /// A file read through a `FileNameIndex`, with the id of its base name.
  init(path: String, version: FileVersion?, date: FileDate?, size: Int?, nameID: Int32) {
    self.path = path
    self.version = version
    self.date = date
    self.size = size
    self.nameID = nameID
  }

  public static func == (a: InventoryFile, b: InventoryFile) -> Bool {
    a.path == b.path && a.version == b.version && a.date == b.date && a.size == b.size
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(path)
    hasher.combine(version)
    hasher.combine(date)
    hasher.combine(size)
  }

  /// The last path part, after `\` or `/`.
  public var baseName: Substring {
    guard let cut = path.lastIndex(where: { $0 == "\\" || $0 == "/" }) else { return Substring(path) }
    return path[path.index(after: cut)...]
  }

  /// The base name's `FileNameKey`, on which rule rows are matched.
  var nameKey: String { FileNameKey.of(baseName) }

  /// False for copies kept by an uninstall or service pack backup: `$NtUninstall…`,
  /// `$NtServicePackUninstall…` folders and `ServicePackFiles`; those are not the files in use.
  ///
  /// On the path's bytes in place, without splitting or copying it: callgrind showed the
  /// split-and-lowercase version as most of the matching cost of a host with thousands of files.
  public var isLive: Bool {
    Self.isLive(path.utf8.span)
  }

  private static func isLive(_ bytes: Span<UInt8>) -> Bool {
    // Nearly every path has neither "$" nor a "ServicePackFiles" folder: memchr rules most out.
    if !bytes.contains(byte: 0x24) && (!bytes.contains(byte: 0x6B) && !bytes.contains(byte: 0x4B)) {
      return true  // no "$" and no "k"/"K" (servicepac*k*files)
    }
    var start = 0
    for index in bytes.indices where bytes[index] == 0x5C || bytes[index] == 0x2F {
      // A folder part (the last part is the file itself).
      let part = bytes.extracting(start..<index)
      if Self.startsCaseless(part, Self.uninstall) || Self.startsCaseless(part, Self.servicePackUninstall)
        || (part.count == Self.servicePackFiles.count && Self.startsCaseless(part, Self.servicePackFiles))
      {
        return false
      }
      start = index + 1
    }
    return true
  }

  private static let uninstall = Array("$ntuninstall".utf8)
  private static let servicePackUninstall = Array("$ntservicepackuninstall".utf8)
  private static let servicePackFiles = Array("servicepackfiles".utf8)

  /// True when `bytes` begins with the lower-case ASCII `prefix`, ignoring ASCII case.
  private static func startsCaseless(_ bytes: Span<UInt8>, _ prefix: [UInt8]) -> Bool {
    guard bytes.count >= prefix.count else { return false }
    for index in prefix.indices {
      let byte = bytes[index]
      if (byte >= 65 && byte <= 90 ? byte | 0x20 : byte) != prefix[index] { return false }
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
  /// The `identity` of the filter whose name ids its files carry, or 0.
  var nameIndex: UInt64 = 0
  /// True when the inventory listed no file at all for the host (not merely none that a rule
  /// names, which the readers' filter leaves out): rules whose files it would need are then
  /// `unknown`, "no files in the inventory", never `not-applicable` (issue 14).
  public var hasNoFiles = false
  /// When a collector made the inventory (`collected`), where it says.
  public var collected: Date?
  /// What made it (`collector`, such as `hotfix-inventory.vbs 1.2`), where it says.
  public var collector: String?
  /// True when the collector could not read the host's hotfix list (`hotfixes="unknown"`): no
  /// `<hotfix>` then proves nothing, and a reinstalled service pack shows as `fix-needed`, not
  /// `regressed`. `audit` names such hosts in its summary.
  public var hotfixListUnknown = false

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
