/// Appends varints and fixed-width words (the rule cache's header and manifest).
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// A fixed-width little-endian integer (the cache file's header).
  mutating func fixed(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }
}

/// Reads what ByteWriter wrote, checking every step against the end of the buffer.
struct ByteReader {
  /// Bytes that end early or hold a value out of place.
  struct DecodeError: Error {}

  /// The bytes read are `bytes[start..<end]`; `offset` counts from `start`.
  private let bytes: [UInt8]
  private let start: Int
  private let end: Int
  private(set) var offset = 0

  init(_ bytes: [UInt8], _ range: Range<Int>) {
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    self.bytes = bytes
    start = range.lowerBound
    end = range.upperBound
  }

  var atEnd: Bool { offset == end - start }
  var remaining: Int { end - start - offset }

  mutating func byte() throws -> UInt8 {
    guard offset < end - start else { throw ByteReader.DecodeError() }
    defer { offset += 1 }
    return bytes[start + offset]
  }

  mutating func varint() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let next = try byte()
      // The tenth byte may only carry the top bit of a UInt64.
      guard shift < 63 || next <= 1 else { throw ByteReader.DecodeError() }
      value |= UInt64(next & 0x7F) << shift
      if next & 0x80 == 0 { return value }
      shift += 7
    }
  }

  /// A count of items that take at least `minimumBytesEach` bytes: more than the bytes left can hold is an error
  /// (so a hostile count cannot make us reserve gigabytes).
  mutating func count(minimumBytesEach: Int) throws -> Int {
    let value = try varint()
    guard value <= UInt64(remaining / max(minimumBytesEach, 1)) else { throw ByteReader.DecodeError() }
    return Int(value)
  }

  /// The next `count` bytes.
  mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
    guard count >= 0, count <= remaining else { throw ByteReader.DecodeError() }
    defer { offset += count }
    return bytes[start + offset..<start + offset + count]
  }

  mutating func skip(_ count: Int) throws {
    guard count >= 0, count <= remaining else { throw ByteReader.DecodeError() }
    offset += count
  }

  mutating func fixed() throws -> UInt64 {
    guard remaining >= 8 else { throw ByteReader.DecodeError() }
    var value: UInt64 = 0
    for index in 0..<8 { value |= UInt64(bytes[start + offset + index]) << UInt64(index * 8) }
    offset += 8
    return value
  }
}
