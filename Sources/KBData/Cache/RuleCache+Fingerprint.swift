import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// `stat` fingerprints: what the manifest keeps of each folder and article, and the times the
// racy window and the executable's identity are read from.
extension RuleCache {
  static func nanoseconds(_ time: timespec) -> UInt64 {
    UInt64(bitPattern: Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec))
  }

  #if canImport(Darwin)
    static func modified(_ info: stat) -> timespec { info.st_mtimespec }
    static func changed(_ info: stat) -> timespec { info.st_ctimespec }
  #else
    static func modified(_ info: stat) -> timespec { info.st_mtim }
    static func changed(_ info: stat) -> timespec { info.st_ctim }
  #endif

  /// A fingerprint of a path's `stat` (following links, as the walk does), and its newer time.
  static func fingerprint(_ path: UnsafePointer<CChar>) -> (value: UInt64, newest: UInt64) {
    var info = stat()
    guard stat(path, &info) == 0 else { return (0x5EED_0F_AB5E_11CE, 0) }  // gone or unreadable: a fixed mark
    let modified = nanoseconds(modified(info))
    let changed = nanoseconds(changed(info))
    var hash = Hash64()
    hash.add(UInt64(info.st_mode & S_IFMT))
    hash.add(UInt64(bitPattern: Int64(info.st_size)))
    hash.add(modified)
    hash.add(changed)
    hash.add(UInt64(info.st_ino))
    hash.add(UInt64(info.st_dev))
    return (hash.value, max(modified, changed))
  }
}
