import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// A large CSV is read in parts on several threads (CSVSplitPlan): the report must be the one
/// the file read whole gives, byte for byte, whatever falls near the cuts.
@Suite struct CSVSplitTests {
  /// A CSV of `hosts` hosts; `row` may add odd rows (quoted line breaks, a lone CR, a bad value).
  func csv(hosts: Int, lineEnd: String = "\n", odd: (Int) -> String? = { _ in nil }) throws -> String {
    var text = "host,edition,service_pack,platform,path,version,date,hotfix" + lineEnd
    for host in 0..<hosts {
      let name = "H\(host)"
      let pack = host % 3 == 0 ? "sp4" : "sp6a"
      text += "\(name),server,\(pack),intel,C:\\WINNT\\system32\\rpcss.exe,,2000-03-\(10 + host % 9)," + lineEnd
      text += "\(name),server,\(pack),intel,C:\\WINNT\\system32\\other\(host).dll,4.0.1381.\(host),1999-01-01," + lineEnd
      if let extra = odd(host) { text += extra + lineEnd }
      text += "\(name),server,\(pack),intel,,,,Q\(100000 + host)" + lineEnd
    }
    let path = NSTemporaryDirectory() + "hotfix-check-split-\(UUID().uuidString).csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func report(_ path: String, threads: Int, partSize: Int64) throws -> (bytes: Data, summary: FleetSummary, warnings: [String]) {
    let out = NSTemporaryDirectory() + "hotfix-check-split-report-\(UUID().uuidString).xml"
    let output = try ReportOutput(path: out)
    var run = FleetRun(
      evaluator: Evaluator(rules: [seedRule]), context: ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1), threads: threads)
    run.csvPartSize = partSize
    var warnings: [String] = []
    let summary = run.run(arguments: [path], format: .xml, output: output, warn: { warnings.append($0) })
    try output.commit()
    return (try Data(contentsOf: URL(fileURLWithPath: out)), summary, warnings)
  }

  /// Read whole (one thread, no parts) and in parts of `partSize` bytes on 1 and 3 threads.
  func expectSameAsWhole(_ path: String, partSize: Int64 = 1_500, hosts: Int? = nil) throws {
    #expect(CSVSplitPlan.make(path: path, partSize: partSize).map { $0.count > 2 } == true, "the file is cut")
    let whole = try report(path, threads: 1, partSize: .max / 4)
    if let hosts { #expect(whole.summary.hosts == hosts) }
    for threads in [1, 3] {
      let parts = try report(path, threads: threads, partSize: partSize)
      #expect(parts.bytes == whole.bytes, "\(threads) thread(s)")
      #expect(parts.warnings == whole.warnings)
    }
  }

  @Test func linesAndCRLFGiveTheWholeFilesReport() throws {
    try expectSameAsWhole(try csv(hosts: 120), hosts: 120)
    try expectSameAsWhole(try csv(hosts: 120, lineEnd: "\r\n"), hosts: 120)
  }

  @Test func quotedLineBreaksNearCutsAreReadAsWhole() throws {
    // Quoted paths with line feeds on every other host: some cuts fall inside quotes, where the
    // planner's line count misleads it; the part before such a cut reads on by itself.
    // Each such field also holds lines that look like another host's rows, so a cut found
    // inside it lands mid-record or mid-host.
    let fake = (0..<12).map { "X\($0),server,sp6a,intel,C:\\f\($0).dll,,2000-01-01," }.joined(separator: "\n")
    let path = try csv(hosts: 120) { host in
      host % 2 == 0
        ? "H\(host),server,\(host % 3 == 0 ? "sp4" : "sp6a"),intel,\"C:\\odd\n\(fake)\nname, \"\"quoted\"\"\n\\rpcss.exe\",,1999-05-05,"
        : nil
    }
    try expectSameAsWhole(path, hosts: 120)
  }

  @Test func carriageReturnsKeepLineNumbers() throws {
    // A bare CR inside a quoted field (no line end to the reader) and one ending a row (a line
    // end to the reader, not to the planner's line count: the parts after it must notice),
    // then a bad date further on whose line must be the whole read's.
    let path = try csv(hosts: 120) { host in
      switch host {
      case 30: "H30,server,sp4,intel,\"C:\\a\rb\\x.dll\",,1999-05-05,"
      case 31: "H31,server,sp6a,intel,C:\\x.dll,,1999-05-05,\rH31,server,sp6a,intel,C:\\y.dll,,1999-05-06,"
      case 90: "H90,server,sp4,intel,C:\\x.dll,,1999-13-45,"
      default: nil
      }
    }
    try expectSameAsWhole(path)
    let plan = try #require(CSVSplitPlan.make(path: path, partSize: 1_500))
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).int64Value
    #expect(plan.cut(plan.count - 1).offset < size, "cuts go on past the CRs")
    let whole = try report(path, threads: 1, partSize: .max / 4)
    // Header 1, hosts 0-29 on 3 lines each, H30 on 4 (its CR is no line end), H31 on 5 (its CR
    // is), H32-89 on 3: H90's third row is line 277.
    #expect(whole.warnings.contains { $0.contains(".csv:277:") && $0.contains("date") }, "\(whole.warnings)")
  }

  @Test func badValuesAndUnbalancedQuotesInLaterPartsMatchTheWholeRead() throws {
    let path = try csv(hosts: 150) { host in
      switch host {
      case 70: "H70,server,sp6a,intel,C:\\x.dll,4.x.1,,"
      case 120: "H120,server,sp6a,intel,\"C:\\never closed, "
      default: nil
      }
    }
    try expectSameAsWhole(path)
    let whole = try report(path, threads: 1, partSize: .max / 4)
    #expect(whole.summary.count(.error) == 2)
    #expect(whole.summary.hosts == 121)  // nothing after the unbalanced quote is a row
  }

  /// A host whose rows come back after other hosts' in a file read in parts: it fails with the
  /// lines of its blocks and gets no verdict from either block; every other host is judged as in
  /// the grouped file. Both scans: by line feeds, and record by record (a quote, a lone CR), and
  /// the host column first or not (issue 14).
  @Test(arguments: ["plain", "quote", "lone CR", "host column third"])
  func hostsApartFailInsteadOfAPartialVerdict(_ shape: String) throws {
    let grouped = try String(contentsOfFile: try csv(hosts: 120), encoding: .utf8)
    var lines = grouped.split(separator: "\n").map(String.init)
    // H5's hotfix row (line 2 + 5 * 3 + 2) moved to after H100's rows, and H7 split by a blank line only (not apart).
    let moved = lines.remove(at: 1 + 5 * 3 + 2)
    lines.insert(moved, at: 1 + 101 * 3 - 1)
    lines.insert("  ", at: 1 + 7 * 3 + 1)
    switch shape {
    case "quote":
      lines[1 + 50 * 3] = lines[1 + 50 * 3].replacingOccurrences(
        of: "C:\\WINNT\\system32\\rpcss.exe", with: "\"C:\\WINNT\\system32\\rpcss.exe\"")
    case "lone CR": lines[1 + 60 * 3] += "\r" + lines[1 + 60 * 3]  // H60's first row twice, on one line
    case "host column third":
      lines = lines.map { line in
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if fields.count > 1 { fields.swapAt(0, 2) }
        return fields.joined(separator: ",")
      }
    default: break
    }
    let path = NSTemporaryDirectory() + "hotfix-check-apart-\(UUID().uuidString).csv"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let groupedPath = try csv(hosts: 120)
    let expected = try report(groupedPath, threads: 1, partSize: .max / 4)
    // Its index, one more for the blank line before it, 1-based; a lone CR before it is a line end too.
    let movedLine = 1 + 101 * 3 + 1 + (shape == "lone CR" ? 1 : 0)
    for threads in [1, 3] {
      let parts = try report(path, threads: threads, partSize: 1_500)
      let text = String(decoding: parts.bytes, as: UTF8.self).replacingOccurrences(of: path, with: groupedPath)
      #expect(parts.summary.hosts == 120, "\(threads) thread(s): each host once")
      #expect(
        parts.warnings.count == 1
          && parts.warnings[0].contains("the rows of host H5 are not together: its blocks begin at lines 17, \(movedLine)"),
        "\(parts.warnings)")
      #expect(!text.contains("<host name=\"H5\" edition"), "no verdict for H5")
      #expect(text.components(separatedBy: "<host name=\"H5\"").count == 2, "H5 once")
      // Every other host as in the grouped file.
      for host in [0, 4, 6, 7, 100, 119] + (shape == "lone CR" ? [] : [60]) {
        #expect(
          block(of: "H\(host)", in: text) == block(of: "H\(host)", in: String(decoding: expected.bytes, as: UTF8.self)),
          "H\(host), \(threads) thread(s)")
      }
    }
  }

  /// The XML of one host's element in a report.
  func block(of host: String, in report: String) -> Substring? {
    guard let start = report.range(of: "<host name=\"\(host)\"") else { return nil }
    guard let end = report.range(of: "</host>", range: start.upperBound..<report.endIndex) else { return nil }
    return report[start.lowerBound..<end.upperBound]
  }

  /// Cuts where a host's rows go on, or in the middle of a record: the part before reads on by
  /// itself and the parts after it do not count, so the hosts are those of the whole file.
  @Test func partsCheckTheirOwnCuts() throws {
    let path = try csv(hosts: 6)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8.count + 1 }
    func offset(ofLine line: Int) -> Int64 { Int64(lines.prefix(line - 1).reduce(0, +)) }
    let whole = read(CSVSplitPlan(path: path, cuts: []))
    #expect(whole.count == 6)
    // Line 3 is H0's second row (H0 goes on), line 9 is mid-H2, offset+5 is inside a record.
    for cut in [(offset(ofLine: 3), 3), (offset(ofLine: 9), 9), (offset(ofLine: 12) + 5, 12)] {
      #expect(read(CSVSplitPlan(path: path, cuts: [cut])) == whole, "cut at \(cut)")
    }
  }

  /// The hosts the parts of `plan` give, in order, leaving out parts that no longer count.
  func read(_ plan: CSVSplitPlan) -> [String] {
    var names: [String] = []
    for index in 0..<plan.count {
      var part: [String] = []
      CSVInventoryReader.read(part: CSVPart(index: index, count: plan.count), plan: plan, name: plan.path, filter: nil) { item in
        if case .host(let host) = item { part.append("\(host.name):\(host.files.count):\(host.hotfixes.count)") }
      }
      if plan.counts(index) { names += part }
    }
    return names
  }
}
