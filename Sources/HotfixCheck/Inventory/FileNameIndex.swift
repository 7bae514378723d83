import KBData
internal import SystemCalls

/// The file names that matter, each with an id: the base names the rules list, matched on their
/// `FileNameKey` straight from an inventory's bytes. It filters (a name not listed has no id) and
/// hands out the ids the rule index finds rows by.
///
/// Readers keep only the files that pass, so a host's thousands of files cost a
/// hash of their base names and no strings. A hand-made open-addressing table,
/// because looking up `Set<String>` would need a String (an allocation) per file.
public struct FileNameIndex: Sendable {
  private var slots: [Int32]
  /// Every name's bytes one after another, and where each starts (one more at the end): a flat
  /// list, because reading an element of an array of arrays retains it, and perf showed those
  /// retains contended when two threads read inventories.
  private var nameBytes: [UInt8] = []
  private var nameStarts: [Int32] = [0]
  private var hashes: [UInt64] = []
  private let mask: Int
  /// Tells this filter's name ids from another's: a host read through it carries it, so
  /// the rule index can trust the ids (a random value: filters are few and long-lived).
  public let identity = UInt64.random(in: 1...UInt64.max)

  /// A filter that passes the given names (any case).
  public init(names: some Sequence<String>) {
    let unique = Set(names.map { FileNameKey.of($0) })
    var capacity = 16
    while capacity < unique.count * 2 { capacity <<= 1 }
    mask = capacity - 1
    slots = Array(repeating: -1, count: capacity)
    for name in unique.sorted() {
      let bytes = Array(name.utf8)
      let hash = Self.hash(bytes.span).hash
      var slot = Int(truncatingIfNeeded: hash) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(hashes.count)
      nameBytes += bytes
      nameStarts.append(Int32(nameBytes.count))
      hashes.append(hash)
    }
  }

  /// The number of the name `path` ends with (its place in the sorted names), or -1.
  func nameID(path: Span<UInt8>) -> Int32 {
    let base = path.extracting(Self.baseNameStart(path)...)
    let (hash, ascii) = Self.hash(base)
    guard ascii else {  // rare: the key of a name with non-ASCII letters is Unicode's lower case
      let key = FileNameKey.of(base.decodedUTF8())
      return find(Self.hash(key.utf8.span).hash, key.utf8.span)
    }
    return find(hash, base)
  }

  /// The number of the name whose ASCII-folded bytes are `base`, hashed as `hash`, or -1.
  private func find(_ hash: UInt64, _ base: Span<UInt8>) -> Int32 {
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry < 0 { return -1 }
      if hashes[Int(entry)] == hash && equalIgnoringCase(base, entry) { return entry }
      slot = (slot + 1) & mask
    }
  }

  /// Where the base name starts: after the last `\` or `/`. Eight bytes at a time from the end
  /// (every file row of a fleet asks it; byte by byte it was a fifth of `nameID`).
  static func baseNameStart(_ bytes: Span<UInt8>) -> Int {
    var end = bytes.count  // bytes before `end` not yet looked at
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while end >= 8 {
      let word = bytes.word(at: end - 8)
      // Bytes equal to a separator become zero; a zero byte's high bit is set in `marked`.
      // Borrows can mark bytes above a true zero only, so the highest mark may be false: the
      // byte loop below checks from there.
      let back = word ^ (0x5C * ones)
      let slash = word ^ (0x2F * ones)
      let marked = ((back &- ones) & ~back | (slash &- ones) & ~slash) & highs
      if marked != 0 { break }
      end -= 8
    }
    while end > 0 {
      let byte = bytes[end - 1]
      if byte == 0x5C || byte == 0x2F { return end }
      end -= 1
    }
    return 0
  }

  /// The number of a name's `FileNameKey`, as `nameID(path:)` gives it, or -1.
  func nameID(key: String) -> Int32 {
    nameID(path: key.utf8.span)
  }

  /// A hash of the bytes with ASCII case folded: up to 16 bytes at a time, loaded as words with
  /// 0x20 set in every byte (A-Z then equal a-z; other bytes may fold together, which the
  /// comparison after the hash sorts out). perf: the byte-wise FNV-1a of every file name of
  /// a fleet was 5% of an audit. Also says whether every byte is ASCII.
  private static func hash(_ bytes: Span<UInt8>) -> (hash: UInt64, ascii: Bool) {
    let fold: UInt64 = 0x2020_2020_2020_2020
    var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
    var high: UInt64 = 0  // the bytes OR-ed together: a high bit set means a non-ASCII byte
    var index = 0
    while index < bytes.count {
      var word: UInt64 = 0
      if bytes.count - index >= 8 {
        word = bytes.word(at: index)
      } else {  // the last 1 to 7 bytes, one by one (a memcpy call per name cost more)
        for offset in 0..<(bytes.count - index) { word |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
      }
      high |= word
      hash = (hash ^ (word | fold)) &* 0xFF51_AFD7_ED55_8CCD
      hash ^= hash >> 32
      index += 8
    }
    return (hash, high & 0x8080_8080_8080_8080 == 0)
  }

  /// True when `a`, ASCII letters lower-cased, is name number `entry`.
  private func equalIgnoringCase(_ a: Span<UInt8>, _ entry: Int32) -> Bool {
    let start = Int(nameStarts[Int(entry)])
    guard a.count == Int(nameStarts[Int(entry) + 1]) - start else { return false }
    let b = nameBytes.span.extracting(start..<start + a.count)
    for index in 0..<a.count where FileNameKey.foldASCII(a[index]) != b[index] { return false }
    return true
  }
}
