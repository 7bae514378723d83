import Foundation
internal import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The key that names a cache file: the format, the running program and the `--kb` folders.
extension RuleCache {

  /// The key of the cache file for these `--kb` folders, as given (the manifest's paths are these
  /// strings plus what the walk appends) and resolved (the same relative path from another working
  /// folder is another archive), as read by this very program: its size and mtime, so a rebuilt
  /// parser never reuses what an older one read. Nil when the program cannot be identified.
  static func key(directories: [String], executable: ExecutableIdentity? = .current) -> UInt64? {
    guard let executable else { return nil }
    var hash = Hash64()
    hash.add(formatVersion)
    hash.add(executable.size)
    hash.add(executable.mtime)
    hash.add(UInt64(directories.count))
    for directory in directories {
      hash.add(directory)
      let resolved = realpath(directory, nil)
      hash.add(resolved.map { String(cString: $0) } ?? "")
      free(resolved)
    }
    return hash.value
  }

  /// The path of the cache file for a key: `rules-<16 hex digits>.bin`.
  func path(for key: UInt64) -> String {
    let hex = String(key, radix: 16)
    return directory + "/rules-" + String(repeating: "0", count: 16 - hex.count) + hex + ".bin"
  }
}

/// Size and modification time of the running program.
struct ExecutableIdentity: Sendable {
  var size: UInt64
  var mtime: UInt64

  /// `/proc/self/exe` (the binary itself, however it was started), else `argv[0]`; nil if neither can be found.
  static let current: ExecutableIdentity? = {
    for candidate in ["/proc/self/exe", CommandLine.arguments.first ?? ""] where !candidate.isEmpty {
      if let info = SystemCalls.status(candidate) {
        return ExecutableIdentity(size: UInt64(bitPattern: info.size), mtime: info.modified)
      }
    }
    return nil
  }()
}
