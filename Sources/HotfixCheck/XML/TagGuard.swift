internal import SystemCalls

/// Refuses start tags with too many attributes before libxml2 parses them: libxml2 2.9
/// checks a tag's attributes for duplicates pair by pair, so one tag with 300,000
/// attributes (3 MB) took 77 s. Inventories have a handful per tag.
///
/// A tag cannot hold `<` (not even in a quoted value), and more than 1,000 attributes need
/// more than `longTag` bytes. So the bytes are cut into stretches at each `<` (found with
/// memchr), and a stretch is refused when it is that long and holds more than 1,000 `=`
/// (quoted ones too: a long value full of `=` is refused as well). Only long stretches and
/// the one open at the end of each chunk have their `=` counted; perf showed the earlier
/// byte-by-byte tag scanner at 8% of reading a fleet.
struct TagGuard {
  static let maximumAttributes = 1_000
  /// Each attribute takes at least ` a=""`: a tag over the cap is longer than this.
  static let longTag = 5 * maximumAttributes
  /// The stretch open at the end of the last chunk: whether it is counted, its `=` and length so far.
  private var counting = false
  private var equals = 0
  private var length = 0

  /// True when a stretch so far is over the cap.
  mutating func scan(_ bytes: Span<UInt8>) -> Bool {
    let count = bytes.count
    if count > 0 && bytes[0] == 0x3C { counting = false }  // the open stretch ended with the last chunk
    var start = 0
    while true {
      let from = start < count && bytes[start] == 0x3C ? start + 1 : start
      let found = bytes.firstIndex(of: 0x3C, in: from..<count)
      let stop = found ?? count
      if counting || found == nil || stop - start >= Self.longTag {
        if !counting {
          counting = true
          equals = 0
          length = 0
        }
        for index in start..<stop where bytes[index] == 0x3D { equals += 1 }
        length += stop - start
        if equals > Self.maximumAttributes && length >= Self.longTag { return true }
      }
      guard found != nil else { return false }  // the open stretch goes on in the next chunk
      counting = false
      start = stop
    }
  }
}
