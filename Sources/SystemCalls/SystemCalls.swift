#if canImport(Glibc)
  import Glibc
#endif

/// Every system call of the program, in one place (swift-system's `Syscalls.swift` is the model):
/// each retries on `EINTR` and turns a failure into a `SystemCallError` that carries `errno`.
/// A module of its own so that KBData (articles, the rule cache) and HotfixCheck (inventories,
/// report output) share it; both import it `internal`, so none of it is their API. (libxml2's
/// calls are in HotfixCheck/XML, behind its own wrapper.)
public enum SystemCalls {
  /// What `stat` or `lstat` says of a path: its kind, device and inode, mode and owner.
  public struct Status: Equatable, Sendable {
    public enum Kind: Sendable { case regular, folder, symbolicLink, characterDevice, blockDevice, fifo, socket, other }
    public var kind: Kind
    public var device: UInt64
    public var inode: UInt64
    /// The size in bytes.
    public var size: Int64
    /// Permission bits (with set-id and sticky bits): `st_mode & 07777`.
    public var permissions: mode_t
    public var owner: uid_t
    public var group: gid_t
    /// Last modification and last status change, in nanoseconds since 1970.
    public var modified: UInt64
    public var changed: UInt64
    /// The file type bits, `st_mode & S_IFMT`.
    public var typeBits: UInt64

    init(_ info: stat) {
      switch info.st_mode & S_IFMT {
      case S_IFREG: kind = .regular
      case S_IFDIR: kind = .folder
      case S_IFLNK: kind = .symbolicLink
      case S_IFCHR: kind = .characterDevice
      case S_IFBLK: kind = .blockDevice
      case S_IFIFO: kind = .fifo
      case S_IFSOCK: kind = .socket
      default: kind = .other
      }
      device = UInt64(info.st_dev)
      inode = UInt64(info.st_ino)
      size = Int64(info.st_size)
      permissions = info.st_mode & 0o7777
      owner = info.st_uid
      group = info.st_gid
      typeBits = UInt64(info.st_mode & S_IFMT)
      #if canImport(Darwin)
        modified = Self.nanoseconds(info.st_mtimespec)
        changed = Self.nanoseconds(info.st_ctimespec)
      #else
        modified = Self.nanoseconds(info.st_mtim)
        changed = Self.nanoseconds(info.st_ctim)
      #endif
    }

    static func nanoseconds(_ time: timespec) -> UInt64 {
      UInt64(bitPattern: Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec))
    }

    /// Same file: same device and inode.
    public func isSameFile(as other: Status) -> Bool { device == other.device && inode == other.inode }
  }

  /// `stat(2)`: follows symbolic links; nil when the path does not exist (or cannot be reached).
  public static func status(_ path: String) -> Status? {
    var info = stat()
    return stat(path, &info) == 0 ? Status(info) : nil
  }

  /// `stat(2)` of a path given as NUL-terminated bytes (the rule cache's manifest rebuilds
  /// thousands of paths in one buffer, with no String per path).
  public static func status(nulTerminated path: [CChar]) -> Status? {
    guard path.last == 0 else { return nil }
    var info = stat()
    let result = path.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { stat($0, &info) } ?? -1 }
    return result == 0 ? Status(info) : nil
  }

  /// The size of the file at `path` (`stat(2)`), nil when it cannot be reached.
  public static func fileSize(_ path: String) -> Int64? { status(path)?.size }

  /// `lstat(2)`: the link itself, not its target.
  public static func linkStatus(_ path: String) -> Status? {
    var info = stat()
    return lstat(path, &info) == 0 ? Status(info) : nil
  }

  /// `fstat(2)` of an open descriptor.
  public static func status(descriptor: Int32) -> Status? {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Status(info) : nil
  }

  /// `readlink(2)`.
  public static func linkTarget(_ path: String) throws(SystemCallError) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { throw SystemCallError(call: "readlink", code: errno) }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `realpath(3)` of an existing path; nil when it cannot be resolved.
  public static func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// `open(2)`.
  public static func open(_ path: String, flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
    while true {
      let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
      if descriptor >= 0 { return descriptor }
      if errno != EINTR { throw SystemCallError(call: "open", code: errno) }
    }
  }

  /// `socket(2)` and `connect(2)` to a Unix-domain stream socket at `path`.
  public static func connectUnixSocket(_ path: String) throws(SystemCallError) -> Int32 {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard bytes.count < capacity else { throw SystemCallError(call: "connect", code: ENAMETOOLONG) }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
    }
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw SystemCallError(call: "socket", code: errno) }
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard connected == 0 else {
      let code = errno
      Glibc.close(descriptor)
      throw SystemCallError(call: "connect", code: code)
    }
    return descriptor
  }

  /// `opendir(3)` and `readdir(3)`: the names in a folder (not `.` and `..`), each with whether
  /// `readdir` says it is a folder, a regular file, or neither (a link, or a file system that
  /// does not say: ask `status`); nil when the folder cannot be opened.
  public static func listDirectory(_ path: String) -> [(name: String, kind: Status.Kind?)]? {
    guard let handle = opendir(path) else { return nil }
    defer { closedir(handle) }
    var entries: [(name: String, kind: Status.Kind?)] = []
    while let entry = readdir(handle) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
          String(cString: $0)
        }
      }
      if name == "." || name == ".." { continue }
      let kind: Status.Kind? =
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): .folder
        case Int32(DT_REG): .regular
        default: nil
        }
      entries.append((name, kind))
    }
    return entries
  }

  /// `lseek(2)` to `offset` from the start.
  public static func seek(_ descriptor: Int32, to offset: Int64) throws(SystemCallError) {
    guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else { throw SystemCallError(call: "lseek", code: errno) }
  }

  /// `read(2)` once into `bytes[range]`: how many bytes came, 0 at the end.
  public static func read(_ descriptor: Int32, into bytes: inout [UInt8], _ range: Range<Int>) throws(SystemCallError) -> Int {
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    return try bytes.withUnsafeMutableBytes { buffer in
      Result { () throws(SystemCallError) in try read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[range])) }
    }.get()
  }

  /// `pread(2)` once into `bytes[range]` from file offset `offset`: how many bytes came, 0 at the end.
  public static func readAt(
    _ descriptor: Int32, offset: Int64, into bytes: inout [UInt8], _ range: Range<Int>
  ) throws(SystemCallError) -> Int {
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    while true {
      let count = bytes.withUnsafeMutableBytes { buffer in
        let part = UnsafeMutableRawBufferPointer(rebasing: buffer[range])
        return pread(descriptor, part.baseAddress, part.count, off_t(offset))
      }
      if count >= 0 { return count }
      if errno != EINTR { throw SystemCallError(call: "pread", code: errno) }
    }
  }

  /// `write(2)` of all of `bytes` to standard error, errors ignored (there is nowhere left to say them).
  public static func writeStandardError(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in _ = Result { () throws(SystemCallError) in try writeAll(STDERR_FILENO, buffer) } }
  }

  /// `write(2)` until every byte is written.
  public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
    guard let start = bytes.baseAddress else { return }  // nothing to write
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(descriptor, start + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw SystemCallError(call: "write", code: errno)
      }
      offset += written
    }
  }

  /// `write(2)` until every byte of `bytes` is written.
  public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
    try bytes.withUnsafeBytes { buffer in Result { () throws(SystemCallError) in try writeAll(descriptor, buffer) } }.get()
  }

  /// `read(2)` once into `buffer`: how many bytes came, 0 at the end.
  public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
    while true {
      let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno != EINTR { throw SystemCallError(call: "read", code: errno) }
    }
  }

  /// `read(2)` from one descriptor and `write(2)` to another until the end: a stream (standard
  /// input, a pipe) copied to a file, a chunk at a time.
  public static func copy(from input: Int32, to output: Int32) throws(SystemCallError) {
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
    defer { chunk.deallocate() }
    while true {
      let count = try read(input, into: chunk)
      if count == 0 { return }
      try writeAll(output, UnsafeRawBufferPointer(rebasing: chunk[..<count]))
    }
  }

  /// `read(2)` to the end: a small file (an ignore list) whole, also from a device or a FIFO.
  public static func readAll(_ descriptor: Int32) throws(SystemCallError) -> [UInt8] {
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { chunk.deallocate() }
    var result: [UInt8] = []
    while true {
      let count = try read(descriptor, into: chunk)
      if count == 0 { return result }
      result += chunk[..<count]
    }
  }

  /// `fsync(2)`; devices, FIFOs and sockets that cannot be synced (`EINVAL`, `EROFS`) are not an error.
  public static func synchronize(_ descriptor: Int32) throws(SystemCallError) {
    while fsync(descriptor) != 0 {
      if errno == EINTR { continue }
      if errno == EINVAL || errno == EROFS { return }
      throw SystemCallError(call: "fsync", code: errno)
    }
  }

  /// `fdatasync(2)`: a file's data on disk, as `synchronize` but without its times.
  public static func synchronizeData(_ descriptor: Int32) throws(SystemCallError) {
    while fdatasync(descriptor) != 0 {
      if errno == EINTR { continue }
      if errno == EINVAL || errno == EROFS { return }
      throw SystemCallError(call: "fdatasync", code: errno)
    }
  }

  /// `fchmod(2)`.
  public static func setPermissions(_ descriptor: Int32, _ permissions: mode_t) throws(SystemCallError) {
    guard fchmod(descriptor, permissions) == 0 else { throw SystemCallError(call: "fchmod", code: errno) }
  }

  /// `fchown(2)`.
  public static func setOwner(_ descriptor: Int32, owner: uid_t, group: gid_t) throws(SystemCallError) {
    guard fchown(descriptor, owner, group) == 0 else { throw SystemCallError(call: "fchown", code: errno) }
  }

  /// `close(2)`; an error here (NFS, a full quota) means the data did not reach the file.
  public static func close(_ descriptor: Int32) throws(SystemCallError) {
    guard Glibc.close(descriptor) == 0 else { throw SystemCallError(call: "close", code: errno) }
  }

  /// `rename(2)`: atomic within one file system.
  public static func rename(_ from: String, _ to: String) throws(SystemCallError) {
    guard Glibc.rename(from, to) == 0 else { throw SystemCallError(call: "rename", code: errno) }
  }

  /// `unlink(2)`, errors ignored (cleaning up; also called from a signal handler).
  public static func removeQuietly(_ path: String) { _ = unlink(path) }

  /// `open(2)` and `read(2)` to the end: a file's bytes, in one read when `fstat` gives its
  /// size (an article, a cache file).
  public static func readFile(_ path: String) throws(SystemCallError) -> [UInt8] {
    let descriptor = try open(path, flags: O_RDONLY)
    defer { Glibc.close(descriptor) }
    let expected = Int(status(descriptor: descriptor)?.size ?? 0)
    var bytes = [UInt8](repeating: 0, count: max(expected, 0) + 1)  // one more: the end shows in the same call
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
      let count = try bytes.withUnsafeMutableBytes { buffer in
        Result { () throws(SystemCallError) in try read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])) }
      }.get()
      if count == 0 { break }
      filled += count
    }
    bytes.removeSubrange(filled...)
    return bytes
  }

  /// `open(2)` a new file (never through a link), `write(2)` all of `bytes`, `close(2)`.
  public static func createFile(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(SystemCallError) {
    let descriptor = try open(path, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
    do throws(SystemCallError) {
      try bytes.withUnsafeBytes { buffer in Result { () throws(SystemCallError) in try writeAll(descriptor, buffer) } }.get()
    } catch {
      Glibc.close(descriptor)
      throw error
    }
    try close(descriptor)
  }

  /// `clock_gettime(CLOCK_REALTIME)`.
  public static func now() -> timespec {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return now
  }

  /// `clock_gettime(CLOCK_REALTIME)` in nanoseconds since 1970.
  public static func nanosecondsNow() -> UInt64 { Status.nanoseconds(now()) }

  /// `getpid(2)`.
  public static var processID: Int32 { getpid() }

  /// Ends the process as the default action of SIGPIPE would (as `grep` and `sort` end when
  /// their reader goes away): `cleanup` first, no message, no stack trace.
  public static func endByClosedPipe(cleanup: () -> Void) -> Never {
    cleanup()
    signal(SIGPIPE, SIG_DFL)
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGPIPE)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    raise(SIGPIPE)
    exit(141)  // SIGPIPE could not end it: what a shell reports for a process ended by SIGPIPE
  }
}

/// A system call that failed, with its `errno`.
public struct SystemCallError: Error, CustomStringConvertible {
  /// The call's name, `write`.
  public var call: String
  /// `errno`.
  public var code: Int32

  public init(call: String, code: Int32) {
    self.call = call
    self.code = code
  }

  /// `No space left on device`: strerror's text.
  public var reason: String { String(cString: strerror(code)) }
  public var description: String { "\(call): \(reason)" }
}
