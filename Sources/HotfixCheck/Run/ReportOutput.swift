import Foundation
internal import SystemCalls

/// Where the report goes: standard output, a device, FIFO or socket written as the report is
/// made, or a regular file written whole or not at all.
///
/// A regular file (new or existing) gets a temporary file beside it, renamed over it at the end
/// (removed if the run is interrupted), with the existing file's mode and owner. A symbolic link
/// is followed to its target, which gets the same treatment. A character device, FIFO or socket
/// is written directly, as it is made: renaming over `/dev/null` would replace the device. An
/// output that is also an input (the same device and inode, or a file inside an input folder)
/// is refused before any work.
public final class ReportOutput {
  private enum Target {
    case standardOutput
    /// A device, FIFO or socket, written directly.
    case stream(path: String)
    /// A regular file: the temporary file beside it is renamed over `destination`.
    case file(destination: String, temporary: String)
  }

  private let target: Target
  private let descriptor: Int32
  /// How the path was given, for messages.
  private let name: String?
  /// The first write that failed; later writes are dropped and `commit` reports it.
  private var failure: SystemCallError?
  /// For a regular file: flushes it to disk as it is written (see `EarlyWriteback`).
  private let writeback: EarlyWriteback?
  /// Bytes written since the last flush was started.
  private var unflushed = 0
  /// Bytes written between flushes (smaller in tests).
  var writebackInterval = EarlyWriteback.interval
  /// Flushes started while writing a regular file.
  var flushesStarted: Int { writeback?.flushesStarted ?? 0 }

  /// Opens the destination before any work is done, so an unwritable `--output`, or one that is
  /// also one of `inputs` (command-line arguments: files, folders or `-`), fails at once.
  public init(path: String?, inputs: [String] = []) throws {
    _ = TemporaryFiles.shared  // its SIGPIPE handler: a closed pipe ends the run quietly, temporary files removed
    name = path
    guard let path else {
      target = .standardOutput
      descriptor = STDOUT_FILENO
      writeback = nil
      return
    }
    func fail(_ message: String) -> OutputError { OutputError(message: "\(path): error: \(message)") }
    guard !path.isEmpty else { throw OutputError(message: "error: --output names no file") }
    let final: String
    do {
      final = try Self.followLinks(path)
    } catch {
      throw fail("cannot write the report here: \(error.reason)")
    }
    let existing = SystemCalls.status(final)
    if let existing, let input = Self.input(among: inputs, holding: existing, at: final) {
      throw fail("is also an input (\(input)): the report would overwrite it; name another file for the report")
    }
    switch existing?.kind {
    case .folder?:
      throw fail("is a folder: expected a file name for the report")
    case .blockDevice?:
      throw fail("is a block device: expected a file for the report (a report written to a disk would overwrite it)")
    case .characterDevice?, .fifo?:
      do {
        descriptor = try SystemCalls.open(final, flags: O_WRONLY)
      } catch {
        throw fail("cannot write the report here: \(error.reason)")
      }
      target = .stream(path: final)
      writeback = nil
    case .socket?:
      do {
        descriptor = try SystemCalls.connectUnixSocket(final)
      } catch {
        throw fail("cannot write the report to this socket: \(error.reason)")
      }
      target = .stream(path: final)
      writeback = nil
    case .regular?, nil:
      let directory = (final as NSString).deletingLastPathComponent
      let base = (final as NSString).lastPathComponent
      let temporary = (directory.isEmpty ? "." : directory) + "/.\(base).partial-\(getpid())"
      do {
        descriptor = try Self.createTemporary(temporary, like: existing)
      } catch {
        throw fail("cannot write the report here: \(error.reason)")
      }
      target = .file(destination: final, temporary: temporary)
      writeback = EarlyWriteback(descriptor: descriptor)
      TemporaryFiles.shared.add(temporary)
    case .symbolicLink?, .other?:
      throw fail("is not a file, device, FIFO or socket: expected a file for the report")
    }
  }

  /// Writes report bytes. A reader that went away (a closed pipe, as in `| head -1`) ends the
  /// run quietly, as it ends `grep`; any other failure (a full disk) is kept for `commit`.
  public func write(_ bytes: [UInt8]) {
    guard !bytes.isEmpty, failure == nil else { return }
    do throws(SystemCallError) {
      try SystemCalls.writeAll(descriptor, bytes)
    } catch {
      if error.code == EPIPE { SystemCalls.endByClosedPipe { TemporaryFiles.shared.removeAll() } }
      failure = error
      return
    }
    guard let writeback else { return }
    unflushed += bytes.count
    if unflushed >= writebackInterval {
      writeback.flush()
      unflushed = 0
    }
  }

  /// Writes text as UTF-8.
  public func write(_ text: String) { write(Array(text.utf8)) }

  /// Finishes the report: a regular file is synced and renamed into place (atomic on one file
  /// system); a failed write throws "cannot write the report" and leaves nothing behind.
  public func commit() throws {
    let label = name.map { "\($0): error: " } ?? "error: "
    switch target {
    case .standardOutput:
      if let failure { throw OutputError(message: label + "cannot write the report: \(failure.reason)") }
    case .stream:
      let closed = Result { () throws(SystemCallError) in try SystemCalls.close(descriptor) }
      if let failure = failure ?? closed.failure {
        throw OutputError(message: label + "cannot write the report: \(failure.reason)")
      }
    case .file(let destination, let temporary):
      defer { TemporaryFiles.shared.remove(temporary) }
      do throws(SystemCallError) {
        if let failure { throw failure }
        try writeback?.finish()
        try SystemCalls.synchronize(descriptor)
        try SystemCalls.close(descriptor)
      } catch {
        SystemCalls.removeQuietly(temporary)
        throw OutputError(message: label + "cannot write the report: \(error.reason)")
      }
      do {
        try SystemCalls.rename(temporary, destination)
      } catch {
        SystemCalls.removeQuietly(temporary)
        throw OutputError(message: label + "cannot move the report into place: \(error.reason)")
      }
    }
  }

  /// The path a chain of symbolic links ends at (the path itself when it is not a link), so the
  /// target is written and the link kept. A link whose target does not exist yet gives the path
  /// to create.
  static func followLinks(_ path: String) throws(SystemCallError) -> String {
    if SystemCalls.status(path) != nil, SystemCalls.linkStatus(path)?.kind == .symbolicLink {
      // An existing target: realpath, except for /proc's links to pipes (/dev/stdout), opened as given.
      return SystemCalls.resolvedPath(path) ?? path
    }
    var current = path
    for _ in 0..<40 {
      guard SystemCalls.linkStatus(current)?.kind == .symbolicLink else { return current }
      let target = try SystemCalls.linkTarget(current)
      current =
        target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
    }
    throw SystemCallError(call: "readlink", code: ELOOP)
  }

  /// The input (as named on the command line) that is the file `status` at `path`, or a folder
  /// that holds it: the report must not overwrite what it is read from.
  static func input(among inputs: [String], holding status: SystemCalls.Status, at path: String) -> String? {
    let ancestors: [SystemCalls.Status] = {
      guard var folder = SystemCalls.resolvedPath(path) else { return [] }
      var found: [SystemCalls.Status] = []
      while folder != "/" && !folder.isEmpty {
        folder = (folder as NSString).deletingLastPathComponent
        if let info = SystemCalls.status(folder) { found.append(info) }
      }
      return found
    }()
    for input in inputs {
      let info = input == "-" ? SystemCalls.status(descriptor: STDIN_FILENO) : SystemCalls.status(input)
      guard let info else { continue }
      if info.isSameFile(as: status) { return input }
      if info.kind == .folder, ancestors.contains(where: { $0.isSameFile(as: info) }) { return input }
    }
    return nil
  }

  /// Creates the temporary file (never through a link planted at its name), with the mode and
  /// owner of the file it will replace.
  private static func createTemporary(_ path: String, like existing: SystemCalls.Status?) throws(SystemCallError) -> Int32 {
    let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW
    let descriptor: Int32
    do {
      descriptor = try SystemCalls.open(path, flags: flags, mode: 0o666)
    } catch  where error.code == EEXIST {
      SystemCalls.removeQuietly(path)  // left by an earlier run of the same process id
      descriptor = try SystemCalls.open(path, flags: flags, mode: 0o666)
    }
    guard let existing else { return descriptor }
    do {
      if existing.owner != geteuid() || existing.group != getegid() {
        // Owner first: chown clears set-id bits, which the mode then puts back. Only root
        // may give a file away; others keep their own ownership, as editors do.
        try? SystemCalls.setOwner(descriptor, owner: existing.owner, group: existing.group)
      }
      try SystemCalls.setPermissions(descriptor, existing.permissions)
    } catch {
      _ = try? SystemCalls.close(descriptor)
      SystemCalls.removeQuietly(path)
      throw error
    }
    return descriptor
  }
}

/// The report could not be written.
public struct OutputError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

extension Result {
  fileprivate var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
