import Foundation

/// One part of a large CSV inventory, read on a thread of its own: one big CSV then uses
/// every core (issue 4). Where the parts begin is known from the file's `CSVSplitPlan`.
public struct CSVPart: Sendable, Hashable {
  /// Which part of how many.
  public var index: Int
  public var count: Int
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
final class CSVSplitPlan: @unchecked Sendable {
  /// Files under twice this are read whole. Small enough that a part's hosts, held until the
  /// writer reaches them, stay a few MB (24 MB parts held ~30 MB more at the peak).
  static let partSize: Int64 = 8 << 20

  let path: String
  let count: Int
  private let size: Int64
  private let headerEnd: Int64
  private let hostColumn: Int
  private let partSize: Int64
  private let condition = NSCondition()
  /// Where each part begins and its line: index 0 is the file's start, `count` its end.
  private var cuts: [(offset: Int64, line: Int)?]
  private var dropped = Int.max
  /// Hosts whose rows are not together (lower-cased name → the lines where its blocks begin);
  /// nil until the scan of the whole file ends.
  private var apart: [String: [Int]]?

  /// A plan for the CSV file at `path`, its planning started; nil to read the file whole (small,
  /// not a regular file, or a header the reader will refuse).
  static func make(path: String, partSize: Int64 = partSize) -> CSVSplitPlan? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let size = Int64(info.st_size)
    guard size >= 2 * partSize else { return nil }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
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
    cuts = Array(repeating: nil, count: self.count + 1)
    cuts[0] = (0, 1)
    cuts[self.count] = (size, 0)
  }

  /// A plan with the given cuts (offsets and lines of parts 1 and on), for tests of the parts' own checks.
  init(path: String, cuts given: [(offset: Int64, line: Int)]) {
    let size = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0)
    self.path = path
    self.size = size
    headerEnd = 0
    hostColumn = 0
    partSize = 0
    count = given.count + 1
    cuts = [(0, 1)] + given.map { Optional($0) } + [(size, 0)]
    apart = [:]
  }

  /// Where part `index` begins (`count`: the file's end), waiting for the planning to get there.
  func cut(_ index: Int) -> (offset: Int64, line: Int) {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let cut = cuts[index] { return cut }
      condition.wait()
    }
  }

  /// False for a part whose rows an earlier part read (it found its own end wrong).
  func counts(_ part: Int) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    return part < dropped
  }

  /// The parts after `part` no longer count.
  func drop(after part: Int) {
    condition.lock()
    dropped = min(dropped, part + 1)
    condition.unlock()
  }

  /// The lines where the blocks of the host named `name` begin when its rows are not together
  /// in the file, else nil; waits for the scan of the whole file. Such a host is failed, never
  /// judged on one block: a part holds only its own rows (issue 14).
  func linesApart(of name: String) -> [Int]? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let apart { return apart[name.lowercased()] }
      condition.wait()
    }
  }

  private func publish(_ index: Int, _ cut: (offset: Int64, line: Int)) {
    condition.lock()
    cuts[index] = cut
    condition.broadcast()
    condition.unlock()
  }

  /// Finds every cut; on any trouble the remaining parts begin at the file's end (they are empty).
  private func plan() {
    let descriptor = open(path, O_RDONLY)
    defer { if descriptor >= 0 { close(descriptor) } }
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
      condition.lock()
      apart = blocks.apart
      condition.broadcast()
      condition.unlock()
    }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    if scanLines(descriptor, into: &blocks) { return }
    blocks = HostBlocks()
    var reader = CSVRecordReader(fileDescriptor: descriptor)
    // A syntax error ends the scan where it ends the parts' reading: no later host is judged.
    guard (try? reader.next()) == true else { return }  // the header
    var key: [UInt8] = []  // the open block's host field
    while (try? reader.next()) == true {
      if reader.count == 1 && reader.isBlank(0) { continue }
      if !key.isEmpty && reader.field(hostColumn, equals: key) { continue }
      key = reader.withField(hostColumn) { Array($0) }
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
    return buffer.withUnsafeMutableBytes { raw -> Bool in
      guard let base = raw.baseAddress else { return false }
      let start = base.assumingMemoryBound(to: UInt8.self)
      while true {
        let got = pread(descriptor, start + kept, raw.count - kept, off_t(offset + Int64(kept)))
        guard got >= 0 else { return false }
        let filled = kept + got
        let atEnd = got == 0
        // Whole lines only, but the last line of the file may have no line feed.
        var stop = filled
        if !atEnd {
          while stop > 0 && start[stop - 1] != 0x0A { stop -= 1 }  // (Glibc's memrchr is not imported)
          if stop == 0 { return false }  // a line over 4 MB
        }
        if memchr(start, 0x22, stop) != nil { return false }
        var at = 0
        while at < stop, let cr = memchr(start + at, 0x0D, stop - at) {
          at = start.distance(to: cr.assumingMemoryBound(to: UInt8.self)) + 1
          if at >= stop || start[at] != 0x0A { return false }
        }
        var lineStart = 0
        while lineStart < stop {
          var lineEnd = stop
          if let feed = memchr(start + lineStart, 0x0A, stop - lineStart) {
            lineEnd = start.distance(to: feed.assumingMemoryBound(to: UInt8.self))
          }
          defer { lineStart = lineEnd + 1; line += 1 }
          var end = lineEnd
          if end > lineStart && start[end - 1] == 0x0D { end -= 1 }
          // The host field: after `column` commas.
          var fieldStart = lineStart
          var fields = 0
          while fields < column, let comma = memchr(start + fieldStart, 0x2C, end - fieldStart) {
            fieldStart = start.distance(to: comma.assumingMemoryBound(to: UInt8.self)) + 1
            fields += 1
          }
          var fieldEnd = end
          if fields < column {
            fieldStart = end  // too few fields: an empty host, as the parts read it
          } else if let comma = memchr(start + fieldStart, 0x2C, end - fieldStart) {
            fieldEnd = start.distance(to: comma.assumingMemoryBound(to: UInt8.self))
          }
          let noComma = column == 0 ? fieldEnd == end : fields == 0
          // A blank line.
          if noComma && InventoryValues.isBlank(UnsafeBufferPointer(start: start + lineStart, count: end - lineStart)) { continue }
          let field = UnsafeBufferPointer(start: start + fieldStart, count: fieldEnd - fieldStart)
          if !key.isEmpty && CSVRecordReader.same(field, key) { continue }
          key = Array(field)
          blocks.begin(CSVRecordReader.decode(field), line: line)
        }
        if atEnd { return true }
        kept = filled - stop
        memmove(start, start + stop, kept)
        offset += Int64(stop)
      }
    }
  }

  /// The first record at or after `offset` (a record start) whose host differs from the one before it.
  private func hostChange(from offset: Int64, line: Int) -> (offset: Int64, line: Int)? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var reader = CSVRecordReader(fileDescriptor: descriptor, chunkSize: 1 << 16)  // a few records
    guard (try? reader.seek(to: offset, line: line)) != nil else { return nil }
    var previous: [UInt8]?
    while true {
      let start = reader.offset
      guard (try? reader.next()) == true else { return nil }
      if reader.count == 1 && reader.isBlank(0) { continue }  // a blank line
      let host = reader.withField(hostColumn) { Array($0) }
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
      let found: Int? = buffer.withUnsafeBytes { bytes in
        guard let start = bytes.baseAddress else { return nil }
        let stopAt = Int(min(Int64(filled), max(target - base, Int64(used))))
        // Line feeds before the target, counted.
        var at = used
        while at < stopAt, let hit = memchr(start + at, 0x0A, stopAt - at) {
          at = start.distance(to: UnsafeRawPointer(hit)) + 1
          lineFeeds += 1
        }
        used = stopAt
        guard stopAt < filled else { return nil }  // the target is further on
        // The first line feed from the target on.
        guard let hit = memchr(start + stopAt, 0x0A, filled - stopAt) else {
          used = filled
          return nil
        }
        lineFeeds += 1
        used = start.distance(to: UnsafeRawPointer(hit)) + 1
        return used
      }
      if let found { return (base + Int64(found), lineFeeds + 1) }
    }
  }

  /// Drops consumed bytes and reads more; false at the end of the file.
  private mutating func refill() -> Bool {
    base += Int64(used)
    let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(base)) }
    guard got > 0 else { return false }
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
