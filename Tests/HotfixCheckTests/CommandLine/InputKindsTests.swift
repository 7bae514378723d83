import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 14: what is read from folders, pipes and standard input, through the built binary.
@Suite(.serialized) struct InputKindsTests {
  static let goodHost = repositoryRoot.appendingPathComponent("examples/xml/ntsrv02.xml").path

  /// A folder holding a good inventory and, beside it, things that are not regular files.
  @Test func aFolderListsWhatIsNotARegularFileAndNeverHangs() throws {
    let folder = try temporaryFolder("input-kinds")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.copyItem(atPath: Self.goodHost, toPath: folder + "/ntsrv02.xml")
    #expect(mkfifo(folder + "/pipe.xml", 0o644) == 0)
    try FileManager.default.createSymbolicLink(atPath: folder + "/dangling.csv", withDestinationPath: folder + "/gone.csv")
    try FileManager.default.createSymbolicLink(atPath: folder + "/loop.xml", withDestinationPath: folder + "/loop.xml")
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/linked.xml", withDestinationPath: repositoryRoot.appendingPathComponent("examples/xml/ntsrv04.xml").path)
    try FileManager.default.createSymbolicLink(atPath: folder + "/self", withDestinationPath: folder)  // a folder loop: not followed
    let run = try runMeasured(["audit", folder, "--format", "xml"], timeout: 30)
    #expect(!run.timedOut, "\(run.summary)")
    #expect(run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains("pipe.xml:0:0: error: not read: a named pipe (FIFO)"))
    #expect(run.stderr.contains("dangling.csv:0:0: error: not readable: a symbolic link to nothing"))
    #expect(run.stderr.contains("loop.xml:0:0: error: not readable: a symbolic link loop"))
    let verdicts = try HostileInputTests.verdicts(run.stdout)
    #expect(verdicts["NTSRV02"] == "up-to-date" && verdicts["NTSRV04"] == "regressed", "\(verdicts)")
  }

  /// `check <(cat host.xml)`: a pipe named on the command line, read like a file.
  @Test func aPipeNamedOnTheCommandLineIsReadWhole() throws {
    let folder = try temporaryFolder("input-pipe")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let pipe = folder + "/63"
    #expect(mkfifo(pipe, 0o644) == 0)
    let spawned = try SpawnedBinary(["check", pipe, "--format", "xml"], folder: folder)
    let text = try Data(contentsOf: URL(fileURLWithPath: Self.goodHost))
    let writer = Thread {
      if let handle = FileHandle(forWritingAtPath: pipe) {
        handle.write(text)
        try? handle.close()
      }
    }
    writer.start()
    let run = spawned.finish(timeout: 30)
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    #expect(try HostileInputTests.verdicts(run.stdout)["NTSRV02"] == "up-to-date")
  }

  /// `cat fleet.csv | hotfix-check check /dev/stdin`: the header is the stream's first line.
  @Test func devStdinFromAPipeReadsTheWholeStream() throws {
    let csv = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/csv/fleet.csv"), encoding: .utf8)
    let outcome = try EndToEndTests().run(["check", "/dev/stdin", "--format", "xml"], stdin: csv)
    #expect(outcome.status == 1, "\(outcome.stderr)")
    #expect(try EndToEndTests().verdicts(outcome.stdout) == EndToEndTests.expected)
  }

  @Test func standardInputNamedTwiceIsRefusedAndReadOnce() throws {
    let text = try String(contentsOf: URL(fileURLWithPath: Self.goodHost), encoding: .utf8)
    let outcome = try EndToEndTests().run(["check", "-", "-", "--format", "xml"], stdin: text)
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("standard input (-) is named more than once"))
    #expect(try EndToEndTests().verdicts(outcome.stdout)["NTSRV02"] == "up-to-date")
  }

  /// The example fleet's CSV sorted by path: the same verdicts as grouped by host, 8 hosts.
  @Test func aCSVNotGroupedByHostGetsTheSameVerdicts() throws {
    let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/csv/fleet.csv"), encoding: .utf8)
      .split(separator: "\n")
    let byPath = lines.dropFirst().sorted {
      $0.split(separator: ",", omittingEmptySubsequences: false)[4] < $1.split(separator: ",", omittingEmptySubsequences: false)[4]
    }
    let path = try temporaryFile(([lines[0]] + byPath).joined(separator: "\n") + "\n", suffix: ".csv")
    let outcome = try EndToEndTests().run(["check", path, "--format", "xml"])
    #expect(outcome.status == 1, "\(outcome.stderr)")
    #expect(try EndToEndTests().verdicts(outcome.stdout) == EndToEndTests.expected)
    #expect(outcome.stdout.contains("<summary hosts=\"8\""))
  }

  /// The same sorted rows after 16 MB of grouped hosts, so the binary reads the file in parts:
  /// a host whose rows are apart is an error naming its lines and gets no verdict (NTSRV04 was
  /// `not-applicable` on one block instead of `regressed`); the grouped hosts are judged.
  @Test func aLargeCSVNotGroupedByHostFailsTheHostsApartAndNoOther() throws {
    let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/csv/fleet.csv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let byPath = lines.dropFirst().sorted {
      $0.split(separator: ",", omittingEmptySubsequences: false)[4] < $1.split(separator: ",", omittingEmptySubsequences: false)[4]
    }
    var text = lines[0] + "\n"
    let padding = 2_200
    for host in 0..<padding {
      for file in 0..<100 {
        text += "PAD\(host),server,sp6a,intel,C:\\WINNT\\system32\\pad\(file).dll,4.0.1381.\(file),1999-01-01,,\n"
      }
    }
    #expect(text.utf8.count >= 16 << 20, "large enough to be read in parts")
    text += byPath.joined(separator: "\n") + "\n"
    let path = try temporaryFile(text, suffix: ".csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let outcome = try EndToEndTests().run(["audit", path, "--format", "xml"])
    #expect(outcome.status == 2, "\(outcome.stderr)")
    let verdicts = try EndToEndTests().verdicts(outcome.stdout)
    #expect(verdicts["PAD0"] != nil && verdicts["PAD\(padding - 1)"] != nil, "the grouped hosts are judged")
    #expect(outcome.stdout.contains("<summary hosts=\"\(padding + 8)\""), "each host once")
    #expect(
      outcome.stderr.split(separator: "\n").count == outcome.stdout.components(separatedBy: "verdict=\"error\"").count - 1,
      "one error per host apart")
    #expect(
      verdicts["NTSRV04"] == "error" && outcome.stderr.contains("the rows of host NTSRV04 are not together: its blocks begin at lines"))
    for (host, verdict) in EndToEndTests.expected {
      // A host whose rows happen to stay together after sorting is judged as in the grouped file.
      let apart = outcome.stderr.contains("the rows of host \(host) are not together")
      #expect(verdicts[host] == (apart ? "error" : verdict), "\(host)")
    }
  }

  /// A host whose inventory lists no file: `unknown`, said so, exit 0 (unknown alone, contract section 5).
  @Test func aHostWithNoFilesIsUnknownWithItsReason() throws {
    let path = try temporaryFile(#"<host name="EMPTY1" edition="server" service-pack="sp6a" platform="intel"/>"#, suffix: ".xml")
    let outcome = try EndToEndTests().run(["check", path])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("EMPTY1  server sp6a intel  unknown"))
    #expect(outcome.stdout.contains("no files in the inventory"))
  }

  /// Issue 14's shapes through the binary: each is an error naming file:line:col (exit 2), none is silent.
  @Test(arguments: [
    ("<inventory><site><host name=\"S1\" ATTRS>FILE</host></site></inventory>", "<site>"),
    ("<inventory><host name=\"S1\" ATTRS><host name=\"S2\" ATTRS>FILE</host></host></inventory>", "<host>"),
    ("<inventory><host name=\"S1\" ATTRS><files>FILE</files></host></inventory>", "<files>"),
  ])
  func misplacedElementsExitTwo(_ text: String, _ element: String) throws {
    let xml = text.replacingOccurrences(of: "ATTRS", with: #"edition="server" service-pack="sp6a" platform="intel""#)
      .replacingOccurrences(of: "FILE", with: #"<file path="C:\WINNT\system32\rpcss.exe" date="1999-01-01"/>"#)
    let path = try temporaryFile(xml, suffix: ".xml")
    let outcome = try EndToEndTests().run(["check", path, "--format", "xml"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("\(path):1:") && outcome.stderr.contains(element))
    #expect(try EndToEndTests().verdicts(outcome.stdout)["S1"] == "error")
  }
}
