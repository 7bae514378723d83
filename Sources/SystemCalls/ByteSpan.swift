#if canImport(Glibc)
  import Glibc
#endif

// Why this file is unsafe: the byte parsers (CSV, catalog, cache, file names) need the C
// library's memchr and memcmp and eight-byte word loads, which only work on raw pointers. Here
// each is done on a `Span<UInt8>` after checking its range against the span's count, so the
// parsers themselves hold only Spans and arrays: bounds-checked, and never dangling.
// `@inlinable`: the parsers are in other modules, and a call per field or word out of this one
// cost 5% of a CSV audit's CPU (perf, `word(at:)` and `firstIndex(of:in:)` as calls).
extension Span where Element == UInt8 {
  /// `memchr(3)`: the first index in `range` that holds `byte`. Parsers look for line feeds,
  /// tabs and commas with it: a byte-by-byte loop cost a fifth of reading the catalog
  /// (callgrind) and most of the CSV planner's line scan.
  @inlinable @inline(__always)
  public func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
    precondition(range.lowerBound >= 0 && range.upperBound <= count)
    guard !range.isEmpty else { return nil }
    return withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return nil }
      return memchr(base + range.lowerBound, Int32(byte), range.count).map { base.distance(to: UnsafeRawPointer($0)) }
    }
  }

  /// `memchr(3)` over the whole span.
  @inlinable @inline(__always)
  public func contains(byte: UInt8) -> Bool { firstIndex(of: byte, in: 0..<count) != nil }

  /// `memcmp(3)`: true when both spans hold the same bytes (a generic `elementsEqual` went byte
  /// by byte, and a loop of our own took more instructions than the call, even for short fields).
  @inlinable @inline(__always)
  public func bytesEqual(_ other: Span<UInt8>) -> Bool {
    guard count == other.count else { return false }
    guard count > 0 else { return true }
    return withUnsafeBytes { x in
      other.withUnsafeBytes { y in
        guard let a = x.baseAddress, let b = y.baseAddress else { return false }  // not reached: count > 0
        return memcmp(a, b, x.count) == 0
      }
    }
  }

  /// `memcmp(3)` order of the first `min(count, other.count)` bytes: negative, zero or positive.
  @inlinable
  public func compareBytes(_ other: Span<UInt8>) -> Int32 {
    let common = Swift.min(count, other.count)
    guard common > 0 else { return 0 }
    return withUnsafeBytes { x in
      other.withUnsafeBytes { y in
        guard let a = x.baseAddress, let b = y.baseAddress else { return 0 }  // not reached: common > 0
        return memcmp(a, b, common)
      }
    }
  }

  /// A copy of the bytes in an array.
  public func copiedBytes() -> [UInt8] { withUnsafeBufferPointer { Array($0) } }

  /// The bytes as a String, invalid UTF-8 repaired (U+FFFD), as `String(decoding:as:)` does.
  public func decodedUTF8() -> String { withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }

  /// The bytes as a String when they are valid UTF-8, else nil.
  public func validatedUTF8() -> String? { withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) } }

  /// The eight bytes at `offset` as a little-endian word, loaded at once (byte by byte, hashing
  /// and scanning file names and CSV fields took several times the instructions, perf).
  @inlinable @inline(__always)
  public func word(at offset: Int) -> UInt64 {
    precondition(offset >= 0 && offset <= count &- 8)
    return UInt64(littleEndian: withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) })
  }
}
