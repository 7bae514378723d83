import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct FleetRunTests {
  /// A few inventories in a temporary folder: XML files of several hosts and a CSV.
  func fleet() throws -> URL {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hotfix-check-fleet-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("site-b"), withIntermediateDirectories: true)
    for index in 0..<6 {
      var xml = "<inventory>\n"
      for host in 0..<5 {
        let day = 10 + (index + host) % 9
        xml += "<host name=\"X\(index)-\(host)\" edition=\"server\" service-pack=\"sp\(host % 2 == 0 ? "6a" : "4")\" platform=\"intel\">"
        xml += "<file path=\"C:\\WINNT\\system32\\rpcss.exe\" date=\"2000-03-\(day)\"/><file path=\"C:\\WINNT\\other.dll\"/></host>\n"
      }
      try (xml + "</inventory>\n").write(
        to: folder.appendingPathComponent(index < 3 ? "a\(index).xml" : "site-b/b\(index).xml"), atomically: true, encoding: .utf8)
    }
    var csv = "host,edition,service_pack,platform,path,date\n"
    for host in 0..<7 { csv += "C\(host),terminal-server,sp6,intel,C:\\WTSRV\\system32\\ole32.dll,2001-09-2\(host)\n" }
    try csv.write(to: folder.appendingPathComponent("site-b/c.csv"), atomically: true, encoding: .utf8)
    return folder
  }

  func report(_ arguments: [String], threads: Int) throws -> (bytes: Data, summary: FleetSummary) {
    let path = NSTemporaryDirectory() + "hotfix-check-run-\(UUID().uuidString).xml"
    let output = try ReportOutput(path: path)
    let run = FleetRun(
      evaluator: Evaluator(rules: [seedRule]), context: ReportContext(generated: "2026-11-26T17:00:00Z", rules: 1), threads: threads)
    let summary = run.run(arguments: arguments, format: .xml, output: output, warn: { _ in })
    try output.commit()
    return (try Data(contentsOf: URL(fileURLWithPath: path)), summary)
  }

  @Test func reportIsTheSameWhateverThreadsAndInputOrder() throws {
    let folder = try fleet()
    let a = folder.appendingPathComponent("a0.xml").path
    let b = folder.appendingPathComponent("site-b").path
    let rest = [folder.appendingPathComponent("a1.xml").path, folder.appendingPathComponent("a2.xml").path]
    let one = try report([a, b] + rest, threads: 1)
    let two = try report(rest.reversed() + [b, a], threads: 2)
    let many = try report([b] + rest + [a], threads: 5)
    #expect(one.summary.hosts == 37)
    #expect(one.bytes == two.bytes)
    #expect(one.bytes == many.bytes)
    // The whole folder, read recursively, gives the same report too.
    #expect(try report([folder.path], threads: 2).bytes == one.bytes)
    // More threads than inputs: readers hand hosts to judging threads; still the same bytes.
    #expect(try report([a, b] + rest, threads: 9).bytes == one.bytes)
    let csv = folder.appendingPathComponent("site-b/c.csv").path
    let alone = try report([csv], threads: 1)
    #expect(alone.summary.hosts == 7)
    #expect(try report([csv], threads: 2).bytes == alone.bytes)
  }

  @Test func sameHostInTwoInputsIsAnErrorNamingBoth() throws {
    let folder = try fleet()
    let copy = folder.appendingPathComponent("copy.xml")
    try FileManager.default.copyItem(at: folder.appendingPathComponent("a0.xml"), to: copy)
    let path = NSTemporaryDirectory() + "hotfix-check-dup-\(UUID().uuidString).xml"
    let output = try ReportOutput(path: path)
    var warnings: [String] = []
    let run = FleetRun(evaluator: Evaluator(rules: [seedRule]), context: ReportContext(rules: 1), threads: 2)
    let summary = run.run(
      arguments: [folder.appendingPathComponent("a0.xml").path, copy.path], format: .xml, output: output, warn: { warnings.append($0) })
    #expect(summary.count(.error) == 5)
    #expect(warnings.first?.contains("copy.xml") == true)
    #expect(warnings.first?.contains("a0.xml") == true)
  }

  @Test func xmlAndCSVOfOneFleetGiveTheSameSummary() throws {
    let xml = try report([repositoryRoot.appendingPathComponent("examples/xml").path], threads: 2).summary
    let csv = try report([repositoryRoot.appendingPathComponent("examples/csv/fleet.csv").path], threads: 2).summary
    #expect(xml.hosts == 8 && csv.hosts == 8)
    for verdict in Verdict.allCases { #expect(xml.count(verdict) == csv.count(verdict)) }
  }
}
