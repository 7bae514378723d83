import Foundation

/// A field of a CSV record with where it starts, for error messages.
struct CSVField {
  var text: String
  var line: Int
  var column: Int
}

/// A syntax error of the CSV text itself.
struct CSVSyntaxError: Error {
  var line: Int
  var column: Int
  var message: String
  /// The fields of the broken record read before the error, to tell whose record it was.
  var partial: [CSVField] = []
}

/// Splits RFC 4180 CSV into records, reading a file descriptor in chunks so memory
/// stays flat whatever the file's size. Handles quotes, doubled quotes, newlines
/// inside quotes, CRLF, CR and a UTF-8 byte-order mark.
///
/// Written by hand on bytes: the CSV packages on the machine (SwiftCSV, CSV.swift)
/// load or decode whole files as String, which costs memory and time on large fleets.
struct CSVRecordReader {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  private var position = 0
  private var atEnd = false
  private var line = 1
  private var column = 1
  private var startedFile = false
  private var field: [UInt8] = []
  static let chunkSize = 1 << 20

  init(fileDescriptor: Int32) { descriptor = fileDescriptor }

  /// The next record, or nil at the end of the input.
  mutating func next() throws -> [CSVField]? {
    if !startedFile {
      startedFile = true
      try skipByteOrderMark()
    }
    guard try peek() != nil else { return nil }
    var fields: [CSVField] = []
    while true {
      let startLine = line
      let startColumn = column
      do {
        let (text, ended) = try readField()
        fields.append(CSVField(text: text, line: startLine, column: startColumn))
        if ended { return fields }
      } catch var error as CSVSyntaxError {
        error.partial = fields
        throw error
      }
    }
  }

  /// Reads one field; `ended` is true when the record ends after it.
  private mutating func readField() throws -> (String, ended: Bool) {
    field.removeAll(keepingCapacity: true)
    guard let first = try peek() else { return ("", true) }
    if first == UInt8(ascii: "\"") {
      let quoteLine = line
      let quoteColumn = column
      advance(first)
      while true {
        guard let byte = try peek() else {
          throw CSVSyntaxError(line: quoteLine, column: quoteColumn, message: "unbalanced quote: the field opened here has no closing quote before the end of the file")
        }
        advance(byte)
        if byte == UInt8(ascii: "\"") {
          if try peek() == UInt8(ascii: "\"") {
            advance(UInt8(ascii: "\""))
            field.append(byte)
          } else {
            break
          }
        } else {
          try append(byte)
        }
      }
      guard let after = try peek() else { return (Self.decode(field), true) }
      if after == UInt8(ascii: ",") {
        advance(after)
        return (Self.decode(field), false)
      }
      if after == 10 || after == 13 {
        try consumeLineEnd()
        return (Self.decode(field), true)
      }
      throw CSVSyntaxError(line: line, column: column, message: "expected a comma or the end of the line after a closing quote, found \(Self.describe(after))")
    }
    while let byte = try peek() {
      if byte == UInt8(ascii: ",") {
        advance(byte)
        return (Self.decode(field), false)
      }
      if byte == 10 || byte == 13 {
        try consumeLineEnd()
        return (Self.decode(field), true)
      }
      advance(byte)
      try append(byte)
    }
    return (Self.decode(field), true)
  }

  private mutating func append(_ byte: UInt8) throws {
    if byte == 0 {
      throw CSVSyntaxError(line: line, column: column - 1, message: "a NUL byte: expected CSV text, found binary data")
    }
    if field.count >= 65_536 {
      throw CSVSyntaxError(line: line, column: column, message: "a field longer than 65,536 bytes: expected a path or value")
    }
    field.append(byte)
  }

  private mutating func consumeLineEnd() throws {
    guard let byte = try peek() else { return }
    position += 1
    if byte == 13, try peek() == 10 { position += 1 }
    line += 1
    column = 1
  }

  private mutating func advance(_ byte: UInt8) {
    position += 1
    if byte == 10 {
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {
      column += 1  // count characters, not UTF-8 continuation bytes
    }
  }

  private mutating func peek() throws -> UInt8? {
    if position < buffer.count { return buffer[position] }
    if atEnd { return nil }
    try refill()
    return position < buffer.count ? buffer[position] : nil
  }

  private mutating func refill() throws {
    position = 0
    var got = 0
    buffer = [UInt8](unsafeUninitializedCapacity: Self.chunkSize) { storage, count in
      got = read(descriptor, storage.baseAddress, Self.chunkSize)
      count = max(got, 0)
    }
    if got < 0 { throw CSVSyntaxError(line: line, column: column, message: "cannot read: \(String(cString: strerror(errno)))") }
    if got == 0 { atEnd = true }
  }

  private mutating func skipByteOrderMark() throws {
    guard try peek() == 0xEF else { return }
    if buffer.count >= position + 3, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF { position += 3 }
  }

  /// UTF-8 when it is; otherwise the bytes as Windows Latin-1, so a path from an old host is kept, not lost.
  static func decode(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
  }

  static func describe(_ byte: UInt8) -> String {
    (32..<127).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : String(format: "byte 0x%02X", byte)
  }
}
