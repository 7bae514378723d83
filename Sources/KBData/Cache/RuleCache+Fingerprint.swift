internal import SystemCalls

// `stat` fingerprints: what the manifest keeps of each folder and article, and the times the
// racy window and the executable's identity are read from.
extension RuleCache {
  /// A fingerprint of a path's `stat` (following links, as the walk does), and its newer time.
  static func fingerprint(_ path: String) -> (value: UInt64, newest: UInt64) {
    fingerprint(SystemCalls.status(path))
  }

  /// The same of a path given as NUL-terminated bytes (`Manifest` rebuilds paths in one buffer).
  static func fingerprint(nulTerminated path: [CChar]) -> (value: UInt64, newest: UInt64) {
    fingerprint(SystemCalls.status(nulTerminated: path))
  }

  private static func fingerprint(_ status: SystemCalls.Status?) -> (value: UInt64, newest: UInt64) {
    guard let info = status else { return (0x5EED_0F_AB5E_11CE, 0) }  // gone or unreadable: a fixed mark
    var hash = Hash64()
    hash.add(info.typeBits)
    hash.add(UInt64(bitPattern: info.size))
    hash.add(info.modified)
    hash.add(info.changed)
    hash.add(info.inode)
    hash.add(info.device)
    return (hash.value, max(info.modified, info.changed))
  }
}
