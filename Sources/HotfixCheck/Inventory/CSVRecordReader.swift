import Foundation
internal import SystemCalls

// Why this file is unsafe: the CSV reader is the inner loop of a CSV audit, and it keeps its
// bytes and its table of fields in memory it allocates itself, reached through pointers (an
// Array's uniqueness checks, closures and retains per field were measured below). The memory is
// owned by the reader, a `~Copyable` struct that frees it in `deinit`, so it cannot be shared
// or outlived; every field leaves this file as a `Span<UInt8>`, bounds-checked and unable to
// escape the call it is handed to.

/// A syntax error of the CSV text itself.
struct CSVSyntaxError: Error {
  var line: Int
  var column: Int
  var message: String
}

/// Splits RFC 4180 CSV into records straight from a file descriptor's bytes: fields
/// are byte ranges of an internal buffer, so no string is made for a field nobody
/// reads. Handles quotes, doubled quotes, line breaks inside quotes, CRLF, CR and a
/// UTF-8 byte-order mark; memory stays at the buffer's size whatever the file's.
///
/// Written by hand: the CSV packages on the machine (SwiftCSV, CSV.swift) decode
/// every field into a String, which was most of a CSV audit's time when measured.
struct CSVRecordReader: ~Copyable {
  private let descriptor: Int32
  /// The bytes read and not yet consumed, in memory the reader owns (freed by `deinit`) and
  /// uses through its pointer: perf showed the closures of an Array's withUnsafeBufferPointer,
  /// and the values they captured, as retains per field that two reading threads contended for.
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var end = 0
  private var position = 0
  private var atEnd = false
  private var startedFile = false
  /// Line of the record being read, and of the next one.
  private(set) var recordLine = 1
  private var nextLine = 1
  private var recordStart = 0
  /// Where each field of the current record lies, in a table allocated once: four growing
  /// arrays (start, end, opening quote, escaped) cost uniqueness checks and appends per field,
  /// ~7% of a CSV audit (perf); reaching it through a class on every field cost a retain each.
  private let fields: UnsafeMutablePointer<FieldBounds>
  private let fieldCapacity = Self.maximumFields + 2
  private var fieldCount = 0
  private var scratch: [UInt8] = []
  /// The file offset of `buffer[0]`.
  private var base: Int64 = 0
  static let chunkSize = 1 << 20
  static let maximumField = 65_536
  static let maximumRecord = 16 << 20
  /// Inventories have about ten columns; a cap keeps a line of commas from costing memory per field.
  static let maximumFields = 1_000

  /// `chunkSize`: how much each read takes (a small one for a header or a few records:
  /// the parts of a large file read the header, and the planner a few records per cut).
  init(fileDescriptor: Int32, chunkSize: Int = Self.chunkSize) {
    fields = .allocate(capacity: Self.maximumFields + 2)
    descriptor = fileDescriptor
    capacity = chunkSize
    buffer = .allocate(capacity: chunkSize)
  }

  deinit {
    buffer.deallocate()
    fields.deallocate()
  }

  /// How many fields the current record has.
  var count: Int { fieldCount }

  /// The line where the next record starts.
  var nextRecordLine: Int { nextLine }

  /// The file offset where the next record starts (after the current one).
  var offset: Int64 { base + Int64(position) }

  /// Goes on from `offset`, a record start whose line is `line` (a part of a large file).
  mutating func seek(to offset: Int64, line: Int) throws {
    do throws(SystemCallError) {
      try SystemCalls.seek(descriptor, to: offset)
    } catch {
      throw CSVSyntaxError(line: line, column: 1, message: "cannot read: \(error.reason)")
    }
    startedFile = true  // no byte-order mark in the middle of a file
    base = offset
    position = 0
    end = 0
    recordStart = 0
    atEnd = false
    nextLine = line
    recordLine = line
  }

  /// Reads the next record; false at the end of the input.
  mutating func next() throws -> Bool {
    if !startedFile {
      startedFile = true
      try fill()
      if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
    }
    while true {
      if position >= end {
        if atEnd { return false }
        try fill()
        continue
      }
      let saved = (position, nextLine)
      switch try parseRecord() {
      case .complete:
        return true
      case .needMore:
        position = saved.0
        nextLine = saved.1
        try fill()
      }
    }
  }

  private enum Outcome { case complete, needMore }

  /// The first place from `start` whose byte is `bound` or below, eight bytes at a time, or
  /// where fewer than eight bytes are left before `limit`. `bound` is ASCII (below 0x7F): the
  /// test below relies on it. A byte at a time, parsing was the
  /// largest part of a CSV audit (perf: 19%); paths are tens of bytes.
  @inline(__always)
  private static func skipAbove(_ bound: UInt8, from start: Int, limit: Int, in buffer: UnsafeMutablePointer<UInt8>) -> Int {
    assert(bound < 0x7F)
    var i = start
    let below = UInt64(bound + 1) &* 0x0101_0101_0101_0101
    while i &+ 8 <= limit {
      let word = UInt64(littleEndian: UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self))
      // The high bit of each byte under `bound + 1` (and of none at or above it, ASCII or
      // not); a borrow can only mark bytes after the first such byte, never before it.
      let marked = (word &- below) & ~word & 0x8080_8080_8080_8080
      if marked != 0 { return i &+ marked.trailingZeroBitCount >> 3 }
      i &+= 8
    }
    return i
  }

  /// Parses one record from `position`; `.needMore` when the buffer ends inside it and more input may follow.
  private mutating func parseRecord() throws -> Outcome {
    fieldCount = 0
    recordStart = position
    recordLine = nextLine
    let bytes = UnsafeBufferPointer(start: buffer, count: capacity)
    do {
      var i = position
      let limit = end
      while true {
        if fieldCount >= Self.maximumFields {
          throw error(at: i, "more than \(Self.maximumFields) fields in one record: expected one file per line")
        }
        if i < limit && bytes[i] == 0x22 {  // a quoted field
          let open = i
          i += 1
          var hasEscape = false
          var closed = false
          while i < limit {
            i = Self.skipAbove(0x22, from: i, limit: limit, in: buffer)
            guard i < limit else { break }
            let byte = bytes[i]
            if byte > 0x22 {  // the last few bytes of the buffer, not looked at a word at a time
              i += 1
              continue
            }
            if byte == 0x22 {
              if i + 1 < limit && bytes[i + 1] == 0x22 {
                hasEscape = true
                i += 2
                continue
              }
              if i + 1 >= limit && !atEnd { return .needMore }
              closed = true
              break
            }
            if byte == 0x0A { nextLine += 1 }
            if byte == 0 { throw error(at: i, "a NUL byte: expected CSV text, found binary data") }
            i += 1
          }
          if !closed {
            if !atEnd { return .needMore }
            throw error(at: open, "unbalanced quote: the field opened here has no closing quote before the end of the file")
          }
          if i - open > Self.maximumField { throw error(at: open, "a field longer than 65,536 bytes: expected a path or value") }
          appendField(open: open, start: open + 1, end: i, escaped: hasEscape)
          i += 1  // the closing quote
          if i >= limit {
            if !atEnd { return .needMore }
            position = i
            return .complete
          }
          let after = bytes[i]
          if after == 0x2C {
            i += 1
            continue
          }
          if after == 0x0A || after == 0x0D {
            return finishLine(bytes, at: i, limit: limit)
          }
          throw error(at: i, "expected a comma or the end of the line after a closing quote, found \(Self.describe(after))")
        }
        let start = i
        while i < limit {
          i = Self.skipAbove(0x2C, from: i, limit: limit, in: buffer)
          guard i < limit else { break }
          let byte = bytes[i]
          // Comma, LF, CR and NUL are all below 0x2D; a byte above is one of the last few.
          if byte > 0x2C {
            i += 1
            continue
          }
          if byte == 0x2C || byte == 0x0A || byte == 0x0D { break }
          if byte == 0 { throw error(at: i, "a NUL byte: expected CSV text, found binary data") }
          i += 1
        }
        if i - start > Self.maximumField { throw error(at: start, "a field longer than 65,536 bytes: expected a path or value") }
        if i >= limit && !atEnd { return .needMore }
        appendField(open: start, start: start, end: i, escaped: false)
        if i >= limit {
          position = i
          return .complete
        }
        if bytes[i] == 0x2C {
          i += 1
          if i >= limit && !atEnd { return .needMore }
          if i >= limit {  // a trailing comma ends the file: one more empty field
            appendField(open: i, start: i, end: i, escaped: false)
            position = i
            return .complete
          }
          continue
        }
        return finishLine(bytes, at: i, limit: limit)
      }
    }
  }

  /// Consumes a line end (LF, CR or CRLF) at `i`.
  private mutating func finishLine(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> Outcome {
    if bytes[i] == 0x0D {
      if i + 1 >= limit && !atEnd { return .needMore }
      position = i + 1 < limit && bytes[i + 1] == 0x0A ? i + 2 : i + 1
    } else {
      position = i + 1
    }
    nextLine += 1
    return .complete
  }

  /// The bytes `start..<end` of the buffer.
  @inline(__always)
  private func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: buffer + start, count: end - start)
  }

  /// Calls `body` with the bytes of field `index` (quotes undoubled); no bytes past the last field.
  mutating func withField<R>(_ index: Int, _ body: (Span<UInt8>) throws -> R) rethrows -> R {
    guard index < fieldCount else { return try body(UnsafeBufferPointer(start: buffer, count: 0).span) }
    let field = fields[index]
    let start = field.start
    let stop = field.end
    if !field.escaped {
      return try body(bytes(start, stop).span)
    }
    scratch.removeAll(keepingCapacity: true)
    var i = start
    while i < stop {
      scratch.append(buffer[i])
      i += buffer[i] == 0x22 ? 2 : 1
    }
    return try body(scratch.span)
  }

  /// The name id of the file named in field `index` (see `FileNameIndex.nameID`), without a
  /// closure for the common field with no doubled quotes.
  mutating func nameID(ofField index: Int, in filter: FileNameIndex) -> Int32 {
    if index < fieldCount && !fields[index].escaped {
      return filter.nameID(path: bytes(fields[index].start, fields[index].end).span)
    }
    return withField(index) { filter.nameID(path: $0) }
  }

  /// True when field `index` is exactly the bytes `other` (or, with `orBlank`, blank). The bytes
  /// are passed, not captured by a closure, which retained them per row (perf).
  mutating func field(_ index: Int, equals other: [UInt8], orBlank: Bool = false) -> Bool {
    if index < fieldCount && !fields[index].escaped {
      let field = bytes(fields[index].start, fields[index].end).span
      return field.bytesEqual(other.span) || (orBlank && InventoryValues.isBlank(field))
    }
    return withField(index) { $0.bytesEqual(other.span) || (orBlank && InventoryValues.isBlank($0)) }
  }

  /// True when field `index` is empty or only spaces and tabs (or past the last field): without
  /// a closure, since every row asks it of several fields.
  mutating func isBlank(_ index: Int) -> Bool {
    guard index < fieldCount else { return true }
    let field = fields[index]
    if field.start == field.end { return true }
    if !field.escaped { return InventoryValues.isBlank(bytes(field.start, field.end).span) }
    return withField(index) { InventoryValues.isBlank($0) }
  }

  /// The text of field `index`: UTF-8 when it is, else Windows Latin-1, so a path from an old host is kept.
  mutating func string(_ index: Int) -> String {
    withField(index) { Self.decode($0) }
  }

  @inline(__always)
  private mutating func appendField(open: Int, start: Int, end: Int, escaped: Bool) {
    precondition(fieldCount < fieldCapacity)  // parseRecord stops at maximumFields before
    (fields + fieldCount).initialize(to: FieldBounds(open: open, start: start, end: end, escaped: escaped))
    fieldCount += 1
  }

  /// Line and column (in characters) where field `index` starts, for error messages.
  func location(ofField index: Int) -> (line: Int, column: Int) {
    location(of: index < fieldCount ? fields[index].open : (fieldCount > 0 ? fields[fieldCount - 1].end : recordStart))
  }

  private func location(of offset: Int) -> (line: Int, column: Int) {
    var line = recordLine
    var column = 1
    var i = recordStart
    while i < offset && i < end {
      let byte = buffer[i]
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      i += 1
    }
    return (line, column)
  }

  private func error(at offset: Int, _ message: String) -> CSVSyntaxError {
    let (line, column) = location(of: offset)
    return CSVSyntaxError(line: line, column: column, message: message)
  }

  /// Keeps the unread part of the buffer (the record being read) and reads more after it.
  private mutating func fill() throws {
    let keep = end - position
    if position > 0 && keep > 0 { memmove(buffer, buffer + position, keep) }
    recordStart -= position
    base += Int64(position)
    position = 0
    end = keep
    if keep >= Self.maximumRecord {
      throw CSVSyntaxError(line: recordLine, column: 1, message: "a record longer than 16 MB: expected one file per line")
    }
    if end == capacity {  // one record larger than the buffer: a larger one, the same bytes at its start
      let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      larger.update(from: buffer, count: capacity)
      buffer.deallocate()
      buffer = larger
      capacity *= 2
    }
    let got: Int
    do throws(SystemCallError) {
      got = try SystemCalls.read(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
    } catch {
      throw CSVSyntaxError(line: nextLine, column: 1, message: "cannot read: \(error.reason)")
    }
    if got == 0 { atEnd = true }
    end += got
  }

  static func decode(_ bytes: Span<UInt8>) -> String {
    // ASCII (nearly every path) needs no validation; String(validating:) looked up generic
    // metadata on every call (perf).
    var ascii = true
    for index in bytes.indices where bytes[index] >= 0x80 {
      ascii = false
      break
    }
    if ascii { return bytes.decodedUTF8() }
    if let text = bytes.validatedUTF8() { return text }
    var scalars = String.UnicodeScalarView()
    for index in bytes.indices { scalars.append(Unicode.Scalar(bytes[index])) }
    return String(scalars)
  }

  static func describe(_ byte: UInt8) -> String {
    (32..<127).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : String(format: "byte 0x%02X", byte)
  }
}

/// Where a field of a record lies in the reader's buffer.
struct FieldBounds {
  /// Where the field begins, its opening quote included; where its text starts and ends.
  var open: Int
  var start: Int
  var end: Int
  /// Whether it holds doubled quotes to undo.
  var escaped: Bool
}
