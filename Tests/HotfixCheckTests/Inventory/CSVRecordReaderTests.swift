import Foundation
import Testing

@testable import HotfixCheck

/// The record reader scans eight bytes at a time: random records, whose fields put commas,
/// quotes, line breaks and bytes either side of them at every place in a word, must read
/// back as written, with the right line numbers, whatever the buffer size.
@Suite struct CSVRecordReaderTests {
  /// Field text: ASCII just above and below the bytes the scanner stops at, and UTF-8.
  static let pieces = ["a", "Z", "-", ".", "+", "#", "!", " ", "\\", "é", "€", "0", "\t"]
  /// Pieces that need the field quoted.
  static let special = [",", "\"", "\n", "\r\n"]

  func randomField(_ generator: inout some RandomNumberGenerator) -> (text: String, quoted: Bool) {
    let length = Int.random(in: 0...24, using: &generator)
    var text = ""
    var quoted = Bool.random(using: &generator) && Int.random(in: 0..<4, using: &generator) == 0
    for _ in 0..<length {
      if Int.random(in: 0..<10, using: &generator) == 0 {
        text += Self.special[Int.random(in: Self.special.indices, using: &generator)]
        quoted = true
      } else {
        text += Self.pieces[Int.random(in: Self.pieces.indices, using: &generator)]
      }
    }
    return (text, quoted)
  }

  @Test(arguments: [7, 64, 1 << 20])
  func recordsReadBackAsWritten(chunkSize: Int) throws {
    var generator = SplitMix(seed: UInt64(chunkSize))
    var records: [[String]] = []
    var lines: [Int] = []
    var text = ""
    var line = 1
    for _ in 0..<400 {
      let count = Int.random(in: 1...9, using: &generator)
      var fields: [String] = []
      var written: [String] = []
      for _ in 0..<count {
        let (field, quoted) = randomField(&generator)
        fields.append(field)
        written.append(quoted ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field)
      }
      if fields == [""] { continue }  // a blank line is not a record
      records.append(fields)
      lines.append(line)
      let record = written.joined(separator: ",") + ["\r\n", "\n", "\r"][Int.random(in: 0..<3, using: &generator)]
      text += record
      // A bare CR ends a line too (outside quotes), as in old Mac files.
      line += record.hasSuffix("\r") && !record.hasSuffix("\r\n") ? 1 : 0
      line += record.utf8.filter { $0 == 0x0A }.count
    }
    // The last record without a line end.
    records.append(["last", "record"])
    lines.append(line)
    text += "last,record"
    let path = try temporaryFile(text, suffix: ".csv")
    let descriptor = open(path, O_RDONLY)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    var reader = CSVRecordReader(fileDescriptor: descriptor, chunkSize: chunkSize)
    var read = 0
    while read < records.count, try reader.next() {
      let expected = records[read]
      #expect(reader.count == expected.count, "record \(read)")
      #expect((0..<reader.count).map { reader.string($0) } == expected, "record \(read)")
      #expect(reader.recordLine == lines[read], "record \(read)")
      read += 1
    }
    #expect(read == records.count)
    #expect(try !reader.next())  // and nothing more
  }

  /// The ends of a buffer and of a file: a trailing comma, a NUL byte, a quote left open.
  @Test(arguments: [7, 1 << 20])
  func endsAndErrors(chunkSize: Int) throws {
    func records(_ text: [UInt8]) throws -> [[String]] {
      let path = try temporaryFile(text, suffix: ".csv")
      let descriptor = open(path, O_RDONLY)
      defer { close(descriptor) }
      var reader = CSVRecordReader(fileDescriptor: descriptor, chunkSize: chunkSize)
      var all: [[String]] = []
      while try reader.next() { all.append((0..<reader.count).map { reader.string($0) }) }
      return all
    }
    #expect(try records(Array("a,b\nc,".utf8)) == [["a", "b"], ["c", ""]])
    #expect(try records(Array("abcdefghijklmnop,q\r\n".utf8)) == [["abcdefghijklmnop", "q"]])
    #expect(throws: CSVSyntaxError.self) { try records(Array("a,b\nabcdefghij".utf8) + [0] + Array("klm,n\n".utf8)) }
    #expect(throws: CSVSyntaxError.self) { try records(Array("a,\"bcdefghijklmnopqrstu\n".utf8)) }
  }
}
