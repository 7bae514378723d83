import Foundation
internal import SystemCalls

/// One part of a large CSV inventory, read on a thread of its own: one big CSV then uses
/// every core (issue 4). Where the parts begin is known from the file's `CSVSplitPlan`.
struct CSVPart: Sendable, Hashable {
  /// Which part of how many.
  var index: Int
  var count: Int
}

/// Where the parts of one large CSV file begin: at a host's first row, found on a thread of
/// its own while the first parts are already being read.
///
/// The cuts come from one pass with memchr: line feeds are counted (a part's first line is
/// then known), and after each nominal cut a few records are parsed to find where the host
/// changes. The pass does not follow quotes, so a line feed inside a quoted field could mislead
/// it; each part therefore checks, when it reaches its end, that a record and a host really end
/// there, and otherwise reads on to the end of the file itself, and the parts after it no
/// longer count. A part also checks that its own line count agrees with the next cut's line
/// (a lone CR is a line end to the reader, not to the planner), and otherwise reads on too.
/// The cuts depend on the file alone, never on the number of threads, so the report is the
/// same whatever `--jobs` is.
final class CSVSplitPlan: Sendable {
  /// Files under twice this are read whole. Small enough that a part's hosts, held until the
  /// writer reaches them, stay a few MB (24 MB parts held ~30 MB more at the peak).
  static let partSize: Int64 = 8 << 20

  let path: String
  let count: Int
  private let size: Int64
  private let headerEnd: Int64
  private let hostColumn: Int
  private let partSize: Int64
  private struct State {
    /// Where each part begins and its line: index 0 is the file's start, `count` its end.
    var cuts: [Cut?]
    var dropped = Int.max
    /// Hosts whose rows are not together (lower-cased name → the lines where its blocks begin);
    /// nil until the scan of the whole file ends.
    var apart: [String: [Int]]?
  }
  private struct Cut {
    var offset: Int64
    var line: Int
  }
  private let state: Condition<State>

  /// A plan for the CSV file at `path`, its planning started; nil to read the file whole (small,
  /// not a regular file, or a header the reader will refuse).
  static func make(path: String, partSize: Int64 = partSize) -> CSVSplitPlan? {
    guard let info = SystemCalls.status(path), info.kind == .regular else { return nil }
    let size = info.size
    guard size >= 2 * partSize else { return nil }
    guard let descriptor = try? SystemCalls.open(path, flags: O_RDONLY) else { return nil }
    defer { _ = try? SystemCalls.close(descriptor) }
    var reader = CSVRecordReader(fileDescriptor: descriptor, chunkSize: 1 << 14)
    guard (try? reader.next()) == true, let header = try? CSVHostAssembler(header: &reader, file: path, filter: nil) else { return nil }
    let plan = CSVSplitPlan(
      path: path, size: size, headerEnd: reader.offset, hostColumn: header.hostColumn, partSize: partSize,
      count: Int((size - reader.offset) / partSize))
    Thread { plan.plan() }.start()
    Thread { plan.findHostsApart() }.start()
    return plan
  }

  private init(path: String, size: Int64, headerEnd: Int64, hostColumn: Int, partSize: Int64, count: Int) {
    self.path = path
    self.size = size
    self.headerEnd = headerEnd
    self.hostColumn = hostColumn
    self.partSize = partSize
    self.count = max(1, count)
    var cuts = [Cut?](repeating: nil, count: self.count + 1)
    cuts[0] = Cut(offset: 0, line: 1)
    cuts[self.count] = Cut(offset: size, line: 0)
    state = Condition(State(cuts: cuts))
  }

  /// A plan with the given cuts (offsets and lines of parts 1 and on), for tests of the parts' own checks.
  init(path: String, cuts given: [(offset: Int64, line: Int)]) {
    let size = SystemCalls.fileSize(path) ?? 0
    self.path = path
    self.size = size
    headerEnd = 0
    hostColumn = 0
    partSize = 0
    count = given.count + 1
    let cuts = [Cut(offset: 0, line: 1)] + given.map { Cut(offset: $0.offset, line: $0.line) } + [Cut(offset: size, line: 0)]
    state = Condition(State(cuts: cuts, apart: [:]))
  }

  /// Where part `index` begins (`count`: the file's end), waiting for the planning to get there.
  func cut(_ index: Int) -> (offset: Int64, line: Int) {
    let cut = state.wait { $0.cuts[index] }
    return (cut.offset, cut.line)
  }

  /// False for a part whose rows an earlier part read (it found its own end wrong).
  func counts(_ part: Int) -> Bool {
    state.withLock { part < $0.dropped }
  }

  /// The parts after `part` no longer count.
  func drop(after part: Int) {
    state.withLock { $0.dropped = min($0.dropped, part + 1) }
  }

  /// The lines where the blocks of the host named `name` begin when its rows are not together
  /// in the file, else nil; waits for the scan of the whole file. Such a host is failed, never
  /// judged on one block: a part holds only its own rows (issue 14).
  func linesApart(of name: String) -> [Int]? {
    let apart = state.wait { $0.apart }
    return apart[name.lowercased()]
  }

  private func publish(_ index: Int, _ cut: (offset: Int64, line: Int)) {
    state.withLock { $0.cuts[index] = Cut(offset: cut.offset, line: cut.line) }
  }

  /// Finds every cut; on any trouble the remaining parts begin at the file's end (they are empty).
  private func plan() {
    let descriptor = (try? SystemCalls.open(path, flags: O_RDONLY)) ?? -1
    defer { if descriptor >= 0 { _ = try? SystemCalls.close(descriptor) } }
    var scanner = LineScanner(descriptor: descriptor)
    var previous: (offset: Int64, line: Int) = (0, 1)
    for index in 1..<count {
      let target = headerEnd + Int64(index) * partSize
      var cut = (offset: size, line: 0)
      if let boundary = scanner.lineStart(after: max(target, previous.offset)),
        let change = hostChange(from: boundary.offset, line: boundary.line), change.offset < size
      {
        cut = change
      }
      if cut.offset < previous.offset { cut = previous }
      publish(index, cut)
      previous = cut
    }
  }

  /// Finds, on a thread of its own, the hosts whose rows are in more than one block. The
  /// writer waits for it before the file's first host (and the parts wait on the writer), so
  /// it must be quick: a file with no quote and no lone CR, where records are lines, is read
  /// by line feeds (memchr); any other is parsed record by record. Measured on a 190 MB
  /// fleet (1,000 hosts x 2,000 files, 2 cores; hyperfine), CSV audit: 0.67 s without the
  /// scan, 0.88 s with the parsing scan alone, 0.69 s (+9% CPU, same memory) with the line scan.
  private func findHostsApart() {
    var blocks = HostBlocks()
    defer {
      let found = blocks.apart
      state.withLock { $0.apart = found }
    }
    guard let descriptor = try? SystemCalls.open(path, flags: O_RDONLY) else { return }
    defer { _ = try? SystemCalls.close(descriptor) }
    if scanLines(descriptor, into: &blocks) { return }
    blocks = HostBlocks()
    var reader = CSVRecordReader(fileDescriptor: descriptor)
    // A syntax error ends the scan where it ends the parts' reading: no later host is judged.
    guard (try? reader.next()) == true else { return }  // the header
    var key: [UInt8] = []  // the open block's host field
    while (try? reader.next()) == true {
      if reader.count == 1 && reader.isBlank(0) { continue }
      if !key.isEmpty && reader.field(hostColumn, equals: key) { continue }
      key = reader.withField(hostColumn) { $0.copiedBytes() }
      blocks.begin(reader.string(hostColumn), line: reader.recordLine)
    }
  }

  /// The line-feed scan of `findHostsApart`: false (blocks incomplete) when the file has a
  /// quote or a lone CR, or a line longer than the buffer.
  private func scanLines(_ descriptor: Int32, into blocks: inout HostBlocks) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 1 << 22)
    var offset = headerEnd  // of buffer[0]
    var kept = 0  // bytes of an unfinished line at the buffer's start
    var line = 2  // records are lines here, so the header was line 1
    var key: [UInt8] = []
    let column = hostColumn
    while true {
      guard let got = try? SystemCalls.readAt(descriptor, offset: offset + Int64(kept), into: &buffer, kept..<buffer.count)
      else { return false }
      let filled = kept + got
      let atEnd = got == 0
      // Whole lines only, but the last line of the file may have no line feed.
      var stop = filled
      do {
        let bytes = buffer.span
        if !atEnd {
          while stop > 0 && bytes[stop - 1] != 0x0A { stop -= 1 }  // (Glibc's memrchr is not imported)
          if stop == 0 { return false }  // a line over 4 MB
        }
        if bytes.firstIndex(of: 0x22, in: 0..<stop) != nil { return false }
        var at = 0
        while at < stop, let cr = bytes.firstIndex(of: 0x0D, in: at..<stop) {
          at = cr + 1
          if at >= stop || bytes[at] != 0x0A { return false }
        }
        var lineStart = 0
        while lineStart < stop {
          let lineEnd = bytes.firstIndex(of: 0x0A, in: lineStart..<stop) ?? stop
          defer {
            lineStart = lineEnd + 1
            line += 1
          }
          var end = lineEnd
          if end > lineStart && bytes[end - 1] == 0x0D { end -= 1 }
          // The host field: after `column` commas.
          var fieldStart = lineStart
          var fields = 0
          while fields < column, let comma = bytes.firstIndex(of: 0x2C, in: fieldStart..<end) {
            fieldStart = comma + 1
            fields += 1
          }
          var fieldEnd = end
          if fields < column {
            fieldStart = end  // too few fields: an empty host, as the parts read it
          } else if let comma = bytes.firstIndex(of: 0x2C, in: fieldStart..<end) {
            fieldEnd = comma
          }
          let noComma = column == 0 ? fieldEnd == end : fields == 0
          // A blank line.
          if noComma && InventoryValues.isBlank(bytes.extracting(lineStart..<end)) { continue }
          let field = bytes.extracting(fieldStart..<fieldEnd)
          if !key.isEmpty && field.bytesEqual(key.span) { continue }
          key = field.copiedBytes()
          blocks.begin(CSVRecordReader.decode(field), line: line)
        }
      }
      if atEnd { return true }
      kept = filled - stop
      for index in 0..<kept { buffer[index] = buffer[stop + index] }  // the unfinished line, to the front
      offset += Int64(stop)
    }
  }

  /// The first record at or after `offset` (a record start) whose host differs from the one before it.
  private func hostChange(from offset: Int64, line: Int) -> (offset: Int64, line: Int)? {
    guard let descriptor = try? SystemCalls.open(path, flags: O_RDONLY) else { return nil }
    defer { _ = try? SystemCalls.close(descriptor) }
    var reader = CSVRecordReader(fileDescriptor: descriptor, chunkSize: 1 << 16)  // a few records
    guard (try? reader.seek(to: offset, line: line)) != nil else { return nil }
    var previous: [UInt8]?
    while true {
      let start = reader.offset
      guard (try? reader.next()) == true else { return nil }
      if reader.count == 1 && reader.isBlank(0) { continue }  // a blank line
      let host = reader.withField(hostColumn) { $0.copiedBytes() }
      if let previous, previous != host { return (start, reader.recordLine) }
      previous = host
    }
  }
}

/// Reads a file forward, counting line feeds with memchr, to find line starts and their lines.
/// Carriage returns are not looked at: the reader counts a lone CR as a line end and this pass
/// does not, which the part before a cut sees (its own line count differs at the cut) and then
/// reads on by itself. Checking every CR here cost as much as counting the line feeds.
private struct LineScanner {
  private let descriptor: Int32
  private var buffer = [UInt8](repeating: 0, count: 1 << 22)
  /// The file offset of `buffer[0]`; bytes filled and consumed.
  private var base: Int64 = 0
  private var filled = 0
  private var used = 0
  /// Line feeds before the consumed point.
  private var lineFeeds = 0

  init(descriptor: Int32) { self.descriptor = descriptor }

  /// The offset just after the first line feed at or after `target`, and the line that starts
  /// there; nil at the end of the file.
  mutating func lineStart(after target: Int64) -> (offset: Int64, line: Int)? {
    guard descriptor >= 0 else { return nil }
    while true {
      if used == filled {
        guard refill() else { return nil }
      }
      let stopAt = Int(min(Int64(filled), max(target - base, Int64(used))))
      var (feeds, taken) = (lineFeeds, used)
      let found = Self.scan(buffer.span, from: used, counting: stopAt, filled: filled, lineFeeds: &feeds, used: &taken)
      (lineFeeds, used) = (feeds, taken)
      if let found { return (base + Int64(found), lineFeeds + 1) }
    }
  }

  /// Counts the line feeds in `from..<stopAt`, then finds the first from `stopAt` on: the offset
  /// after it, or nil when the target or the line feed lies beyond `filled`.
  private static func scan(
    _ bytes: Span<UInt8>, from start: Int, counting stopAt: Int, filled: Int, lineFeeds: inout Int, used: inout Int
  ) -> Int? {
    var at = start
    while at < stopAt, let hit = bytes.firstIndex(of: 0x0A, in: at..<stopAt) {
      at = hit + 1
      lineFeeds += 1
    }
    used = stopAt
    guard stopAt < filled else { return nil }  // the target is further on
    // The first line feed from the target on.
    guard let hit = bytes.firstIndex(of: 0x0A, in: stopAt..<filled) else {
      used = filled
      return nil
    }
    lineFeeds += 1
    used = hit + 1
    return used
  }

  /// Drops consumed bytes and reads more; false at the end of the file.
  private mutating func refill() -> Bool {
    base += Int64(used)
    guard let got = try? SystemCalls.readAt(descriptor, offset: base, into: &buffer, 0..<buffer.count), got > 0 else { return false }
    filled = got
    used = 0
    return true
  }
}

/// The blocks of rows of each host, in file order: which hosts come back after another's.
private struct HostBlocks {
  /// Hosts seen apart (lower-cased name) → the lines where their blocks begin.
  var apart: [String: [Int]] = [:]
  /// Hosts whose first block has begun → its line.
  private var first: [String: Int] = [:]

  /// A block of the host named `name` begins at `line` (another host's block, or another spelling, ended).
  mutating func begin(_ name: String, line: Int) {
    let key = name.trimmedSpaces.lowercased()
    guard !key.isEmpty else { return }  // rows without a host name fail one by one
    if let earlier = first[key] {
      apart[key, default: [earlier]].append(line)
    } else {
      first[key] = line
    }
  }
}
