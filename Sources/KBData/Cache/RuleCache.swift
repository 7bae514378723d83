import Foundation
internal import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder of compiled rule sets, so that `--kb DIR` over a large archive is parsed once, not on every run.
///
/// The kbarchive-nt corpus (9,664 articles in 9,899 folders) takes ~0.40 s to parse on a 2-core
/// machine. Its rules come back from here in ~20 ms (figures in `read(key:)`).
///
/// Why a manifest rather than a key over every article's `stat`: computing such a key needs the list
/// of articles first, and listing the archive (opendir + getdents for each of its 9,899 folders)
/// alone costs 70-90 ms, even in C. So the cache file is named by what can be known without listing
/// (`key(directories:)`: the format, the running program, the `--kb` folders) and holds a manifest:
/// every folder walked and every article read, with a fingerprint of its `stat` (type, size, mtime,
/// ctime in nanoseconds, inode, device). A folder's mtime and ctime change whenever an entry is
/// added, removed or renamed in it, and an article's when it is written, so if all of these
/// fingerprints are unchanged, the walk would find the same articles with the same contents. Checking
/// that is one `stat` per folder and per article (19,563 for the corpus), spread over the cores.
///
/// Any failure to read, check or decode is a miss and any failure to write is ignored: the caller
/// parses the articles as if there were no cache, and a miss rewrites the file for this key.
public struct RuleCache: Sendable {
  /// Bumped whenever the file layout or the codec changes (the program's identity changes too when it
  /// is rebuilt, but a rebuilt program of the same size and mtime is not impossible).
  static let formatVersion: UInt64 = 2
  /// The first eight bytes of a cache file.
  static let magic: [UInt8] = Array("HFKBRUL1".utf8)
  /// How many cache files (one per program and set of `--kb` folders) are kept in the folder.
  static let keep = 4
  /// Manifest entries per block; blocks are checked in parallel.
  static let blockSize = 512

  /// The folder the cache files live in (created on first write).
  public let directory: String
  /// Files and folders changed less than this long before the walk are "racy": timestamps are only as
  /// fine as the kernel's clock tick, so a second change within the same tick could keep the same
  /// mtime and ctime. A run that sees such a recent change does not write the cache (the next one
  /// will), as git does with its index. Tests set it to 0.
  var racyWindow: UInt64 = 2_000_000_000

  public init(directory: String) {
    self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
  }

  /// The cache the environment asks for: `$HOTFIX_CHECK_CACHE` (a folder; `off` disables caching),
  /// else `$XDG_CACHE_HOME/hotfix-check`, else `$HOME/.cache/hotfix-check`; nil when disabled or
  /// when there is no home to put it in.
  public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RuleCache? {
    if let value = environment["HOTFIX_CHECK_CACHE"], !value.isEmpty {
      return value == "off" ? nil : RuleCache(directory: value)
    }
    // The XDG spec says a relative XDG_CACHE_HOME is to be ignored.
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      return RuleCache(directory: xdg + "/hotfix-check")
    }
    if let home = environment["HOME"], home.hasPrefix("/") {
      return RuleCache(directory: home + "/.cache/hotfix-check")
    }
    return nil
  }

  // MARK: The key

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

  // MARK: Reading

  /// The rules stored under this key if the file is whole and every folder and article it lists is
  /// unchanged; else nil.
  ///
  /// Measured on kbarchive-nt (release build, 2 cores, page cache warm): the file is 359 KB (manifest
  /// 156 KB, rules 202 KB); the whole call takes 19-23 ms on an idle machine, up to ~35 ms while
  /// another build runs. Nearly all of it is the manifest's 19,563 `stat` calls, 16-20 ms over two
  /// threads (the same calls take ~35 ms on one thread in C); decoding the rules takes 1-2 ms.
  func read(key: UInt64) -> Catalog? {
    guard let bytes = try? ArticleFiles.read(path(for: key)) else { return nil }  // a miss: parse again
    return RuleCache.decodeFile(bytes, key: key, checkManifest: true)
  }

  /// A cache file's facts if it is whole, made for this key and (when asked) its manifest still holds.
  ///
  /// File layout: magic (8 bytes); format version, key, payload length, payload checksum (each 8 bytes
  /// little-endian); the payload: the manifest, then the facts as catalog text (CatalogText). Manifest: block count, then
  /// per block its entry count, the combined fingerprint of its entries (8 bytes) and its byte length,
  /// then its entries: paths, front-coded (length shared with the previous path in the block, then the
  /// rest), the first of each block whole, so blocks can be checked apart.
  static func decodeFile(_ bytes: [UInt8], key: UInt64, checkManifest: Bool) -> Catalog? {
    bytes.withUnsafeBytes { buffer -> Catalog? in
      guard buffer.count >= magic.count + 32, buffer.prefix(magic.count).elementsEqual(magic) else { return nil }
      var header = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[magic.count...]))
      guard (try? header.fixed()) == formatVersion, (try? header.fixed()) == key,
        let length = try? header.fixed(), let checksum = try? header.fixed(),
        length == UInt64(header.remaining)
      else { return nil }
      let payload = UnsafeRawBufferPointer(rebasing: buffer[(magic.count + 32)...])
      var hash = Hash64()
      hash.add(payload)
      guard hash.value == checksum else { return nil }

      var input = ByteReader(payload)
      guard let blocks = try? Manifest.blocks(&input) else { return nil }
      if checkManifest && !Manifest.holds(blocks, in: payload) { return nil }
      let facts = UnsafeRawBufferPointer(rebasing: payload[input.offset...])
      return try? CatalogText.read(bytes: facts.bindMemory(to: UInt8.self))
    }
  }

  // MARK: Writing

  /// Stores rules with the manifest they were read under: written to a temporary file in the same
  /// folder, then renamed, so a reader sees the whole file or none. Then keeps only the newest `keep`
  /// cache files. Nothing is written when the manifest saw a change too recent to trust (`racyWindow`).
  /// Failures are ignored (the next run parses again).
  func write(_ catalog: Catalog, manifest: Manifest, key: UInt64) {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    guard manifest.newest &+ racyWindow < RuleCache.nanoseconds(now) else { return }
    guard
      (try? FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    else { return }
    let final = path(for: key)
    let temporary = final + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let bytes = RuleCache.encodeFile(catalog, manifest: manifest, key: key)
    do throws(SystemCallError) {
      try SystemCalls.createFile(temporary, bytes, mode: 0o644)
      try SystemCalls.rename(temporary, final)
    } catch {
      SystemCalls.removeQuietly(temporary)
      return  // not cached: the next run parses again
    }
    prune(keeping: final)
  }

  static func encodeFile(_ catalog: Catalog, manifest: Manifest, key: UInt64) -> [UInt8] {
    var payload = ByteWriter()
    manifest.encode(into: &payload)
    payload.bytes += Array(CatalogText.write(catalog).utf8)
    return wrap(payload.bytes, key: key)
  }

  /// The header before a payload.
  static func wrap(_ payload: [UInt8], key: UInt64) -> [UInt8] {
    var hash = Hash64()
    payload.withUnsafeBytes { hash.add($0) }
    var out = ByteWriter()
    out.bytes = magic
    out.fixed(formatVersion)
    out.fixed(key)
    out.fixed(UInt64(payload.count))
    out.fixed(hash.value)
    out.bytes += payload
    return out.bytes
  }

  /// Deletes all but the newest `keep` cache files (the one just written always stays), and
  /// temporary files a killed run left behind over an hour ago.
  func prune(keeping current: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    var files: [(path: String, mtime: UInt64)] = []
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    for name in names where name.hasPrefix("rules-") {
      let full = directory + "/" + name
      var info = stat()
      guard lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
      let mtime = RuleCache.nanoseconds(RuleCache.modified(info))
      if name.hasSuffix(".bin") {
        if full != current { files.append((full, mtime)) }
      } else if name.contains(".bin.tmp-"), mtime &+ 3600 * 1_000_000_000 < RuleCache.nanoseconds(now) {
        unlink(full)
      }
    }
    for old in files.sorted(by: { $0.mtime > $1.mtime }).dropFirst(RuleCache.keep - 1) {
      unlink(old.path)
    }
  }

  // MARK: stat

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

/// Every folder walked and every article read for one set of rules, with their `stat` fingerprints.
struct Manifest {
  private(set) var entries: [(path: String, fingerprint: UInt64)] = []
  /// The latest mtime or ctime seen, in nanoseconds since 1970 (for `RuleCache.racyWindow`).
  private(set) var newest: UInt64 = 0

  /// Notes a path's `stat` now: a folder just before it is listed, an article before it is read.
  mutating func add(_ path: String) {
    let print = path.withCString { RuleCache.fingerprint($0) }
    entries.append((path, print.value))
    newest = max(newest, print.newest)
  }

  func encode(into out: inout ByteWriter) {
    // Sorted by bytes, so neighbours share long prefixes (the walk gives readdir's order).
    let sorted = entries.map { (path: Array($0.path.utf8), fingerprint: $0.fingerprint) }
      .sorted { a, b in
        let common = min(a.path.count, b.path.count)
        let order = a.path.withUnsafeBytes { x in
          b.path.withUnsafeBytes { y in
            guard common > 0, let x = x.baseAddress, let y = y.baseAddress else { return Int32(0) }
            return memcmp(x, y, common)
          }
        }
        return order != 0 ? order < 0 : a.path.count < b.path.count
      }
    let blocks = stride(from: 0, to: sorted.count, by: RuleCache.blockSize).map {
      sorted[$0..<min($0 + RuleCache.blockSize, sorted.count)]
    }
    out.varint(UInt64(blocks.count))
    for block in blocks {
      var combined = Hash64()
      var body = ByteWriter()
      var previous: [UInt8] = []
      for entry in block {
        combined.add(entry.fingerprint)
        let path = entry.path
        var shared = 0
        while shared < previous.count && shared < path.count && previous[shared] == path[shared] { shared += 1 }
        body.varint(UInt64(shared))
        body.varint(UInt64(path.count - shared))
        body.bytes += path[shared...]
        previous = path
      }
      out.varint(UInt64(block.count))
      out.fixed(combined.value)
      out.varint(UInt64(body.bytes.count))
      out.bytes += body.bytes
    }
  }

  /// A block of a stored manifest: where its entries are in the payload and what they should give.
  struct Block {
    var count: Int
    var fingerprint: UInt64
    var range: Range<Int>
  }

  /// Reads the block headers (bounds-checked), leaving `input` at the rules.
  static func blocks(_ input: inout ByteReader) throws -> [Block] {
    let count = try input.count(minimumBytesEach: 10)
    var blocks: [Block] = []
    blocks.reserveCapacity(count)
    for _ in 0..<count {
      let entries = try input.varint()
      let fingerprint = try input.fixed()
      let length = try input.count(minimumBytesEach: 1)
      guard entries <= UInt64(length / 2) else { throw ByteReader.DecodeError() }
      blocks.append(Block(count: Int(entries), fingerprint: fingerprint, range: input.offset..<input.offset + length))
      try input.skip(length)
    }
    return blocks
  }

  /// True when every path of every block still has the fingerprint it had (blocks checked in parallel).
  static func holds(_ blocks: [Block], in payload: UnsafeRawBufferPointer) -> Bool {
    let verdicts = ResultSlots<Bool>(count: blocks.count)
    // Only read, and alive until concurrentPerform returns.
    nonisolated(unsafe) let shared = payload
    DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
      let block = blocks[index]
      verdicts.set(index, check(block, UnsafeRawBufferPointer(rebasing: shared[block.range])))
    }
    let all = verdicts.values()
    return all.count == blocks.count && all.allSatisfy { $0 }
  }

  /// Rebuilds each front-coded path in one buffer (no String per path) and `stat`s it.
  private static func check(_ block: Block, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var input = ByteReader(bytes)
    var path: [CChar] = []
    path.reserveCapacity(256)
    var combined = Hash64()
    do {
      for _ in 0..<block.count {
        let shared = try input.varint()
        let rest = try input.count(minimumBytesEach: 1)
        // `path` holds the previous path and its terminating NUL.
        guard shared <= UInt64(max(path.count - 1, 0)) else { return false }
        path.removeSubrange(Int(shared)...)
        let suffix = try input.bytes(rest)
        path.append(contentsOf: suffix.lazy.map { CChar(bitPattern: $0) })
        path.append(0)
        combined.add(path.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { RuleCache.fingerprint($0).value } ?? 0 })
      }
    } catch {
      return false
    }
    return input.atEnd && combined.value == block.fingerprint
  }
}

/// Size and modification time of the running program.
struct ExecutableIdentity: Sendable {
  var size: UInt64
  var mtime: UInt64

  /// `/proc/self/exe` (the binary itself, however it was started), else `argv[0]`; nil if neither can be found.
  static let current: ExecutableIdentity? = {
    for candidate in ["/proc/self/exe", CommandLine.arguments.first ?? ""] where !candidate.isEmpty {
      var info = stat()
      if stat(candidate, &info) == 0 {
        return ExecutableIdentity(
          size: UInt64(bitPattern: Int64(info.st_size)), mtime: RuleCache.nanoseconds(RuleCache.modified(info)))
      }
    }
    return nil
  }()
}

/// A 64-bit hash in the manner of FNV-1a, but eight bytes a step (xor a word, multiply by the FNV
/// prime, fold the high half down): byte-wise FNV-1a over the 0.5 MB cache file cost ~1 ms, this
/// ~0.1 ms. It guards against change and damage, not against an adversary (who could write any rules
/// into a cache file of the user's own anyway).
struct Hash64 {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ word: UInt64) {
    var hash = (value ^ word) &* 0x0000_0100_0000_01B3
    hash ^= hash >> 32
    value = hash &* 0x9E37_79B9_7F4A_7C15
  }

  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset + 8 <= bytes.count {
      add(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
      offset += 8
    }
    var tail: UInt64 = 0
    for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << UInt64((index - offset) * 8) }
    add(tail)
    add(UInt64(bytes.count))
  }

  /// The string's UTF-8 bytes and their count, so ("ab", "c") and ("a", "bc") differ.
  mutating func add(_ text: String) {
    var copy = text
    copy.withUTF8 { add(UnsafeRawBufferPointer($0)) }
  }
}
