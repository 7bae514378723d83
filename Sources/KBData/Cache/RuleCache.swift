import Foundation
internal import SystemCalls

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

  // MARK: Writing

  /// Stores rules with the manifest they were read under: written to a temporary file in the same
  /// folder, then renamed, so a reader sees the whole file or none. Then keeps only the newest `keep`
  /// cache files. Nothing is written when the manifest saw a change too recent to trust (`racyWindow`).
  /// Failures are ignored (the next run parses again).
  func write(_ catalog: Catalog, manifest: Manifest, key: UInt64) {
    guard manifest.newest &+ racyWindow < SystemCalls.nanosecondsNow() else { return }
    guard
      (try? FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    else { return }
    let final = path(for: key)
    let temporary = final + ".tmp-\(SystemCalls.processID)-\(UInt32.random(in: 0...UInt32.max))"
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
  /// Deletes all but the newest `keep` cache files (the one just written always stays), and
  /// temporary files a killed run left behind over an hour ago.
  func prune(keeping current: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    var files: [(path: String, mtime: UInt64)] = []
    let now = SystemCalls.nanosecondsNow()
    for name in names where name.hasPrefix("rules-") {
      let full = directory + "/" + name
      guard let info = SystemCalls.linkStatus(full), info.kind == .regular else { continue }
      let mtime = info.modified
      if name.hasSuffix(".bin") {
        if full != current { files.append((full, mtime)) }
      } else if name.contains(".bin.tmp-"), mtime &+ 3600 * 1_000_000_000 < now {
        SystemCalls.removeQuietly(full)
      }
    }
    for old in files.sorted(by: { $0.mtime > $1.mtime }).dropFirst(RuleCache.keep - 1) {
      SystemCalls.removeQuietly(old.path)
    }
  }
}
