import Foundation
import Testing

@testable import KBData

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The compiled rule cache behind `--kb DIR`: it gives back exactly what parsing gives, sees every
/// change, and anything wrong with a cache file only costs a parse.
@Suite struct RuleCacheTests {
  typealias F = ArticleFixture

  /// A temporary archive and cache folder, removed by `clean()`.
  struct Scratch {
    let root: URL
    var archive: URL { root.appendingPathComponent("archive") }
    /// A cache that trusts even changes made a moment ago (the tests make all theirs a moment ago).
    var cache: RuleCache {
      var cache = RuleCache(directory: root.appendingPathComponent("cache").path)
      cache.racyWindow = 0
      return cache
    }

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent("rulecache-\(UUID().uuidString)")
      try write(
        "Q999001",
        F.bytes(
          id: "Q999001",
          body: F.resolution(
            """
              File name     Version          Date        Time    Size     Platform
              ---------------------------------------------------------------------
              Afd.sys       4.0.1381.7043    04/28/1999  04:02p  67,568   x86
              Afd.sys       4.0.1381.7043    04/28/1999  04:01p  104,656  ALPHA
            """)))
      try write("Q999002", F.bytes(id: "Q999002", body: RuleCacheTests.fixedIn("5")))
      try write("Q999003", F.bytes(id: "Q999003", products: ["Microsoft Windows 2000 Server"], body: "SYMPTOMS\n========\n\nNothing.\n"))
      try write(
        "Q999004",
        F.bytes(
          id: "Q999004",
          body: F.resolution(
            """
              Date        Time   Version           Size     File name
              -------------------------------------------------------
              09/27/2001  20:17  4.0.1381.33478    701,712  Ole32.dll
              09/27/2001  20:17  4.0.1381.7140     108,816  Rpcss.exe
            """)))
    }

    @discardableResult
    func write(_ id: String, _ bytes: [UInt8], name: String = "README.md") throws -> String {
      let folder = archive.appendingPathComponent("kb/999/\(id)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let file = folder.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      return file.path
    }

    func load() throws -> KnowledgeBase { try KnowledgeBase.loadRules(directories: [archive], cache: cache) }
    func parse() throws -> KnowledgeBase { try KnowledgeBase.load(directories: [archive]) }

    /// The cache files now in the cache folder.
    var cacheFiles: [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
    }

    var cachePath: String? { cacheFiles.first.map { cache.directory + "/" + $0 } }

    func clean() { try? FileManager.default.removeItem(at: root) }
  }

  /// A STATUS section naming the service pack that fixed it.
  static func fixedIn(_ servicePack: String) -> String {
    "STATUS\n======\n\nThis problem was first corrected in Windows NT 4.0 Service Pack \(servicePack).\n"
  }

  /// Waits past the kernel's timestamp tick, so a change gets a new mtime and ctime (the real cache
  /// does not trust changes under 2 s old; these tests' cache trusts them at once).
  static func tick() { usleep(30_000) }

  /// The rules as `kb list --format json` prints them: catches what `==` does not compare (a version's spelling).
  static func json(_ rules: [Rule]) -> String { Rule.json(rules.map(\.jsonObject)) }

  /// A small catalog, for the tests that write cache files directly.
  static let handMade = Catalog(
    archive: ArchiveStamp(name: "t", revision: "-", date: nil, articles: 1),
    rules: [Rule(id: "Q1", title: "x", editions: [.enterprise], files: [RuleFile(name: "b", size: Int.min)])])

  // MARK: Loading through the cache

  @Test func secondLoadComesFromTheCacheAndEqualsTheParse() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let parsed = try scratch.parse()
    #expect(parsed.rules.map(\.id) == ["Q999001", "Q999002", "Q999004"])

    let cold = try scratch.load()
    #expect(cold.articles.count == 4)  // a miss parses
    #expect(scratch.cacheFiles.count == 1)
    let warm = try scratch.load()
    #expect(warm.articles.isEmpty)  // a hit has rules only
    #expect(warm.rules == parsed.rules)
    #expect(Self.json(warm.rules) == Self.json(parsed.rules))
    #expect(Self.json(cold.rules) == Self.json(parsed.rules))
    #expect(warm.rule(id: "999004")?.files.first?.edition == .terminalServer)
  }

  @Test func changedArticleIsParsedAgain() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    _ = try scratch.load()
    #expect(try scratch.load().articles.isEmpty)
    Self.tick()
    try scratch.write("Q999002", F.bytes(id: "Q999002", body: Self.fixedIn("6")))
    let changed = try scratch.load()
    #expect(!changed.articles.isEmpty)
    #expect(changed.rule(id: "Q999002")?.fixedIn == [ServicePackRef(servicePack: .sp6)])
    let again = try scratch.load()
    #expect(again.articles.isEmpty)
    #expect(Self.json(again.rules) == Self.json(try scratch.parse().rules))
    #expect(scratch.cacheFiles.count == 1)  // one file per program and folders, rewritten
  }

  /// Same size, mtime put back as it was: the ctime (which no one can set) still tells.
  @Test func rewriteOfTheSameSizeWithItsMtimeRestoredIsSeen() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let path = scratch.archive.appendingPathComponent("kb/999/Q999001/README.md").path
    var before = stat()
    #expect(stat(path, &before) == 0)
    _ = try scratch.load()
    #expect(try scratch.load().articles.isEmpty)

    Self.tick()
    let old = try #require(FileManager.default.contents(atPath: path))
    let new = Data(String(decoding: old, as: UTF8.self).replacingOccurrences(of: "67,568", with: "67,569").utf8)
    #expect(new.count == old.count && new != old)
    try new.write(to: URL(fileURLWithPath: path))
    #if canImport(Darwin)
      var times = [before.st_atimespec, before.st_mtimespec]
    #else
      var times = [before.st_atim, before.st_mtim]
    #endif
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    var after = stat()
    #expect(stat(path, &after) == 0)
    #expect(after.st_mtim.tv_sec == before.st_mtim.tv_sec)
    #expect(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec)
    #expect(after.st_size == before.st_size)

    let reloaded = try scratch.load()
    #expect(!reloaded.articles.isEmpty)
    #expect(reloaded.rule(id: "Q999001")?.files.first?.size == 67_569)
  }

  @Test func addedAndRemovedArticlesAreSeen() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    _ = try scratch.load()
    Self.tick()
    // A second article in a folder that already has one: only that folder's mtime changes.
    let extra = try scratch.write(
      "Q999002", F.bytes(id: "Q999777", body: Self.fixedIn("4")),
      name: "extra.md")
    #expect(try scratch.load().rule(id: "Q999777") != nil)
    #expect(try scratch.load().articles.isEmpty)
    Self.tick()
    try FileManager.default.removeItem(atPath: extra)
    #expect(try scratch.load().rule(id: "Q999777") == nil)
    // A new folder.
    Self.tick()
    try scratch.write("Q999888", F.bytes(id: "Q999888", body: Self.fixedIn("3")))
    #expect(try scratch.load().rule(id: "Q999888") != nil)
    #expect(try scratch.load().rule(id: "Q999888") != nil)
  }

  @Test func damagedOrTruncatedCacheFileIsAMissWithTheSameRules() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let expected = Self.json(try scratch.parse().rules)
    _ = try scratch.load()
    let path = try #require(scratch.cachePath)
    let good = [UInt8](try #require(FileManager.default.contents(atPath: path)))
    var damages: [(String, [UInt8])] = [
      ("empty", []),
      ("magic only", Array(good.prefix(8))),
      ("header cut", Array(good.prefix(39))),
      ("header only", Array(good.prefix(40))),
      ("half", Array(good.prefix(good.count / 2))),
      ("last byte missing", Array(good.dropLast())),
      ("a byte too many", good + [0]),
    ]
    let garbage: [UInt8] = (0..<4096).map { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index &* 131 &+ 7) }
    damages.append(("garbage", garbage))
    let positions: [Int] = [0, 9, 17, 25, 33, 41, good.count / 3, good.count / 2, good.count - 1]
    for position in positions {
      var flipped = good
      flipped[position] ^= 0x20
      damages.append(("byte \(position) flipped", flipped))
    }
    for (what, bytes) in damages {
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let base = try scratch.load()
      #expect(!base.articles.isEmpty, "\(what): should be a miss")
      #expect(Self.json(base.rules) == expected, "\(what)")
      // The miss wrote the file again, whole.
      let healed = try scratch.load()
      #expect(healed.articles.isEmpty, "\(what): should be rewritten")
      #expect(Self.json(healed.rules) == expected, "\(what)")
    }
  }

  /// A payload with a right checksum but wrong insides (hostile, or a bug): no crash, and damage
  /// to the manifest is a miss.
  @Test func hostilePayloadWithAValidChecksumNeverCrashes() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    _ = try scratch.load()
    let key = try #require(RuleCache.key(directories: [scratch.archive.path]))
    let path = try #require(scratch.cachePath)
    let file = try #require(FileManager.default.contents(atPath: path))
    let payload = Array(file.dropFirst(RuleCache.magic.count + 32))
    #expect(RuleCache.decodeFile(RuleCache.wrap(payload, key: key), key: key, checkManifest: true) != nil)
    #expect(RuleCache.decodeFile(RuleCache.wrap(payload, key: key), key: key &+ 1, checkManifest: true) == nil)
    var seed: UInt64 = 0x1234_5678
    func next() -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: seed >> 33)
    }
    for length in stride(from: 0, to: payload.count, by: max(payload.count / 200, 1)) {
      #expect(RuleCache.decodeFile(RuleCache.wrap(Array(payload.prefix(length)), key: key), key: key, checkManifest: true) == nil)
    }
    for _ in 0..<1500 {
      var damaged = payload
      for _ in 0...(next() % 3) { damaged[next() % damaged.count] = UInt8(truncatingIfNeeded: next()) }
      _ = RuleCache.decodeFile(RuleCache.wrap(damaged, key: key), key: key, checkManifest: true)
    }
  }

  // MARK: Turning it off, keys, housekeeping

  @Test func environmentChoosesTheFolderOrTurnsItOff() {
    #expect(RuleCache.fromEnvironment(["HOTFIX_CHECK_CACHE": "off", "HOME": "/home/u"]) == nil)
    #expect(RuleCache.fromEnvironment(["HOTFIX_CHECK_CACHE": "/tmp/c/", "HOME": "/home/u"])?.directory == "/tmp/c")
    #expect(RuleCache.fromEnvironment(["XDG_CACHE_HOME": "/x", "HOME": "/home/u"])?.directory == "/x/hotfix-check")
    #expect(RuleCache.fromEnvironment(["XDG_CACHE_HOME": "relative", "HOME": "/home/u"])?.directory == "/home/u/.cache/hotfix-check")
    #expect(RuleCache.fromEnvironment(["HOTFIX_CHECK_CACHE": "", "HOME": "/home/u"])?.directory == "/home/u/.cache/hotfix-check")
    #expect(RuleCache.fromEnvironment([:]) == nil)
  }

  @Test func withoutACacheEverythingIsParsedAndNothingWritten() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let base = try KnowledgeBase.loadRules(directories: [scratch.archive], cache: nil)
    #expect(base.articles.count == 4)
    #expect(Self.json(base.rules) == Self.json(try scratch.parse().rules))
    #expect(!FileManager.default.fileExists(atPath: scratch.cache.directory))
  }

  @Test func changesTooRecentToTrustAreNotCached() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let cache = RuleCache(directory: scratch.cache.directory)  // the real 2 s window
    let base = try KnowledgeBase.loadRules(directories: [scratch.archive], cache: cache)
    #expect(base.articles.count == 4)
    #expect(scratch.cacheFiles.isEmpty)
  }

  @Test func anotherProgramOrOtherFoldersUseAnotherKey() {
    let program = ExecutableIdentity(size: 1000, mtime: 42)
    let key = RuleCache.key(directories: ["/a"], executable: program)
    #expect(key != nil)
    #expect(RuleCache.key(directories: ["/a"], executable: program) == key)
    #expect(RuleCache.key(directories: ["/a"], executable: ExecutableIdentity(size: 1000, mtime: 43)) != key)
    #expect(RuleCache.key(directories: ["/a"], executable: ExecutableIdentity(size: 1001, mtime: 42)) != key)
    #expect(RuleCache.key(directories: ["/b"], executable: program) != key)
    #expect(RuleCache.key(directories: ["/a", "/b"], executable: program) != key)
    #expect(RuleCache.key(directories: ["/a"], executable: nil) == nil)
    #expect(ExecutableIdentity.current != nil)
  }

  @Test func keepsOnlyTheNewestFewFiles() throws {
    let scratch = try Scratch()
    defer { scratch.clean() }
    let cache = scratch.cache
    for key in UInt64(1)...7 {
      cache.write(Self.handMade, manifest: Manifest(), key: key)
      usleep(20_000)
    }
    #expect(scratch.cacheFiles.count == RuleCache.keep)
    #expect(scratch.cacheFiles.contains("rules-0000000000000007.bin"))
    #expect(!scratch.cacheFiles.contains("rules-0000000000000001.bin"))
    #expect(cache.read(key: 7) == Self.handMade)
  }

  // MARK: The corpus

  static let corpus = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/corpus/kbarchive-nt")

  /// Every rule of ../shared/corpus/kbarchive-nt, parsed, then read back from the cache.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: RuleCacheTests.corpus.path)))
  func corpusRulesComeBackFromTheCacheUnchanged() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("rulecache-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var cache = RuleCache(directory: root.path)
    cache.racyWindow = 0
    let parsed = try KnowledgeBase.loadRules(directories: [Self.corpus], cache: cache)
    #expect(parsed.articles.count > 9000)
    #expect(parsed.rules.count > 1500)
    let cached = try KnowledgeBase.loadRules(directories: [Self.corpus], cache: cache)
    #expect(cached.articles.isEmpty)
    #expect(cached.rules == parsed.rules)
    #expect(Self.json(cached.rules) == Self.json(parsed.rules))
  }
}
