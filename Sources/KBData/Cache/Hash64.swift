internal import SystemCalls

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

  mutating func add(_ bytes: Span<UInt8>) {
    var offset = 0
    while offset + 8 <= bytes.count {
      add(bytes.word(at: offset))
      offset += 8
    }
    var tail: UInt64 = 0
    for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << UInt64((index - offset) * 8) }
    add(tail)
    add(UInt64(bytes.count))
  }

  /// The string's UTF-8 bytes and their count, so ("ab", "c") and ("a", "bc") differ.
  mutating func add(_ text: String) {
    add(text.utf8.span)
  }
}
