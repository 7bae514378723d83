import Foundation

/// Temporary files of this run, removed at exit and on SIGINT/SIGTERM/SIGHUP, so an
/// interrupted run leaves neither a partial report nor a copy of standard input; also on
/// SIGPIPE, which then ends the run quietly as it ends `grep` (`| head -1`).
public final class TemporaryFiles: @unchecked Sendable {
  public static let shared = TemporaryFiles()
  private var paths: Set<String> = []
  private let lock = NSLock()

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

  func add(_ path: String) {
    lock.lock()
    paths.insert(path)
    lock.unlock()
  }

  func remove(_ path: String) {
    lock.lock()
    paths.remove(path)
    lock.unlock()
  }

  /// Unlinks every file still listed (`unlink` only: safe enough inside a signal handler for a CLI).
  func removeAll() {
    lock.lock()
    let current = paths
    paths = []
    lock.unlock()
    for path in current { unlink(path) }
  }
}
