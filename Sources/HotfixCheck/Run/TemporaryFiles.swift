import Foundation
import Synchronization
internal import SystemCalls

/// Temporary files of this run, removed at exit and on SIGINT/SIGTERM/SIGHUP, so an
/// interrupted run leaves neither a partial report nor a copy of standard input; also on
/// SIGPIPE, which then ends the run quietly as it ends `grep` (`| head -1`).
public final class TemporaryFiles: Sendable {
  public static let shared = TemporaryFiles()
  private let paths = Mutex<Set<String>>([])

  private init() {
    atexit { TemporaryFiles.shared.removeAll() }
    for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] {
      signal(signalNumber) { number in
        TemporaryFiles.shared.removeAll()
        signal(number, SIG_DFL)
        raise(number)
      }
    }
  }

  func add(_ path: String) { _ = paths.withLock { $0.insert(path) } }

  func remove(_ path: String) { _ = paths.withLock { $0.remove(path) } }

  /// Unlinks every file still listed (`unlink` only: safe enough inside a signal handler for a CLI).
  func removeAll() {
    let current = paths.withLock { paths in
      defer { paths = [] }
      return paths
    }
    for path in current { SystemCalls.removeQuietly(path) }
  }
}
