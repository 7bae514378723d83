import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Reports are written whole or not at all (issue 5, item 5): an unwritable `--output`
/// fails before any input is read, and an interrupted run leaves nothing at the destination.
@Suite(.serialized) struct ReportOutputHostileTests {
  static let goodHost = repositoryRoot.appendingPathComponent("examples/xml/ntsrv02.xml").path

  /// An inventory that is bad in a way the reader would report if it ever read it.
  func badInventory(in folder: String) throws -> String {
    let path = folder + "/never-read.csv"
    try Data("host,edition,service_pack,platform,path\nNEVER1,server,sp9,intel,x.dll\n".utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test(arguments: ["/nonexistent-folder-\(UUID().uuidString)/report.xml", "FILE/report.xml", "FOLDER"])
  func unwritableOutputFailsBeforeAnyWork(_ destination: String) throws {
    let folder = try temporaryFolder("unwritable")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/plain-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    let output = destination.replacingOccurrences(of: "FILE", with: file).replacingOccurrences(of: "FOLDER", with: folder)
    let bad = try badInventory(in: folder)
    let run = try runMeasured(["check", Self.goodHost, bad, "--format", "xml", "--output", output])
    #expect(run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains(output), "\(run.stderr)")
    #expect(!run.stderr.contains("never-read.csv"), "the inputs were read before the output was checked: \(run.stderr)")
    #expect(run.stdout.isEmpty)
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("partial") }
    #expect(left.isEmpty, "\(left)")
  }

  /// A fleet large enough that its XML report takes seconds to write.
  static let bigFleet: String = {
    let path = NSTemporaryDirectory() + "hotfix-check-big-fleet-\(UUID().uuidString).csv"
    var text = "host,edition,service_pack,platform,path,version,date,size\n"
    for index in 0..<100_000 {
      text += "BIG\(index),server,sp6a,intel,C:\\WINNT\\system32\\rpcss.exe,4.0.1381.7000,1999-10-14,107792\n"
    }
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }()

  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func interruptedRunLeavesNoPartialReport(_ signalNumber: Int32) throws {
    let folder = try temporaryFolder("interrupt")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let destination = folder + "/report.xml"
    let spawned = try SpawnedBinary(["check", Self.bigFleet, "--format", "xml", "--output", destination], folder: folder)
    // Wait until the report is being written (its temporary file has grown), then interrupt.
    let deadline = Date().addingTimeInterval(60)
    var partialSize = 0
    while Date() < deadline {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      if let partial = names.first(where: { $0.hasPrefix(".report.xml.partial-") }) {
        let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + partial)[.size] as? Int) ?? 0
        if size > 1 << 20 {
          partialSize = size
          break
        }
      }
      usleep(10_000)
    }
    #expect(partialSize > 0, "the report never started")
    #expect(!FileManager.default.fileExists(atPath: destination), "the report was in place before the run ended")
    spawned.send(signalNumber)
    let run = spawned.finish(timeout: 30)
    #expect(run.signal == signalNumber || run.status == 128 + signalNumber || run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: destination), "a report was left after \(signalNumber): \(run.summary)")
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("report.xml") }
    #expect(left.isEmpty, "left behind: \(left)")
  }

  @Test func completedRunPutsTheWholeReportInPlace() throws {
    let folder = try temporaryFolder("whole")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let destination = folder + "/report.xml"
    let run = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", destination])
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    let report = try String(contentsOfFile: destination, encoding: .utf8)
    #expect(report.hasSuffix("</hotfix-report>\n") || report.hasSuffix("</hotfix-report>"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.xml"])
  }
}
