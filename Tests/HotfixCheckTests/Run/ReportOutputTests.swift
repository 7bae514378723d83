import Foundation
import Testing

@testable import HotfixCheck

@Suite struct ReportOutputTests {
  /// A report file flushed to disk as it is written (`EarlyWriteback`) still replaces the old
  /// file whole, and only when committed.
  @Test func aReportFlushedAsItIsWrittenReplacesTheOldFileOnlyAtTheEnd() throws {
    let path = NSTemporaryDirectory() + "hotfix-check-output-\(UUID().uuidString).txt"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("old report\n".utf8).write(to: URL(fileURLWithPath: path))
    let output = try ReportOutput(path: path)
    output.writebackInterval = 1_000
    var expected: [UInt8] = []
    for index in 0..<40 {
      let chunk = [UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: 700)
      output.write(chunk)
      expected += chunk
    }
    #expect(output.flushesStarted >= 1)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old report\n")
    try output.commit()
    #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == expected)
  }

  /// Standard output and devices are not flushed.
  @Test func aDeviceIsNotFlushed() throws {
    let output = try ReportOutput(path: "/dev/null")
    output.writebackInterval = 10
    output.write([UInt8](repeating: 0x41, count: 100))
    try output.commit()
    #expect(output.flushesStarted == 0)
  }
}
