import Foundation
internal import SystemCalls

/// Every folder walked and every article read for one set of rules, with their `stat` fingerprints.
struct Manifest {
  private(set) var entries: [(path: String, fingerprint: UInt64)] = []
  /// The latest mtime or ctime seen, in nanoseconds since 1970 (for `RuleCache.racyWindow`).
  private(set) var newest: UInt64 = 0

  /// Notes a path's `stat` now: a folder just before it is listed, an article before it is read.
  mutating func add(_ path: String) {
    let print = RuleCache.fingerprint(path)
    entries.append((path, print.value))
    newest = max(newest, print.newest)
  }

  func encode(into out: inout ByteWriter) {
    // Sorted by bytes, so neighbours share long prefixes (the walk gives readdir's order).
    let sorted = entries.map { (path: Array($0.path.utf8), fingerprint: $0.fingerprint) }
      .sorted { a, b in
        let order = a.path.span.compareBytes(b.path.span)
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
  /// `payload`: where in `bytes` the block ranges count from.
  static func holds(_ blocks: [Block], in bytes: [UInt8], payload: Range<Int>) -> Bool {
    let verdicts = ResultSlots<Bool>(count: blocks.count)
    DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
      let block = blocks[index]
      let range = block.range
      verdicts.set(index, check(block, ByteReader(bytes, payload.lowerBound + range.lowerBound..<payload.lowerBound + range.upperBound)))
    }
    let all = verdicts.values()
    return all.count == blocks.count && all.allSatisfy { $0 }
  }

  /// Rebuilds each front-coded path in one buffer (no String per path) and `stat`s it.
  private static func check(_ block: Block, _ reader: ByteReader) -> Bool {
    var input = reader
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
        combined.add(RuleCache.fingerprint(nulTerminated: path).value)
      }
    } catch {
      return false
    }
    return input.atEnd && combined.value == block.fingerprint
  }
}
