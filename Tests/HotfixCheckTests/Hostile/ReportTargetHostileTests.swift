import Foundation
import Testing

@testable import HotfixCheck

#if canImport(Glibc)
  import Glibc
#endif

/// Where a report goes (issue 14, items 1, 2, 10b, 11, 13): devices, FIFOs and links are written
/// through, never replaced; an existing report keeps its mode and owner; an output that is an input
/// is refused; a full disk is exit 2 and a closed pipe ends quietly. Device nodes are made with
/// mknod in a temporary folder (CI runs as root): the machine's own /dev is never touched.
@Suite(.serialized) struct ReportTargetHostileTests {
  static let goodHost = repositoryRoot.appendingPathComponent("examples/xml/ntsrv02.xml").path
  static let fleet = repositoryRoot.appendingPathComponent("examples/xml").path
  static let isRoot = geteuid() == 0

  /// A device node like /dev/null (1, 3) or /dev/full (1, 7), in `folder`.
  func device(_ name: String, minor: UInt32, in folder: String) throws -> String {
    let path = folder + "/" + name
    // makedev(1, minor) for small numbers (the glibc macro is not imported): major in bits 8-19, minor in 0-7.
    guard mknod(path, S_IFCHR | 0o666, dev_t((1 << 8) | minor)) == 0 else {
      throw HostileRunError(description: "mknod \(path): \(String(cString: strerror(errno)))")
    }
    return path
  }

  func kind(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  @Test(.enabled(if: isRoot, "mknod needs root"))
  func nullDeviceIsWrittenThroughNotReplaced() throws {
    let folder = try temporaryFolder("null-device")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let null = try device("null", minor: 3, in: folder)
    let run = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", null])
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    #expect(kind(null) == S_IFCHR, "the device was replaced")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["null"])
  }

  @Test(.enabled(if: isRoot, "mknod needs root"))
  func fullDeviceAsOutputIsExitTwo() throws {
    let folder = try temporaryFolder("full-device")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let full = try device("full", minor: 7, in: folder)
    let run = try runMeasured(["check", Self.goodHost, "--output", full])
    #expect(run.status == 2 && run.signal == nil, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains("cannot write the report: No space left on device"), "\(run.stderr)")
    #expect(kind(full) == S_IFCHR)
  }

  /// Standard output on a full disk: every command that writes a report or a listing says so (exit 2).
  @Test(
    .enabled(if: isRoot, "mknod needs root"),
    arguments: [
      ["check", fleet], ["audit", fleet], ["kb", "list"], ["kb", "list", "--format", "json"], ["kb", "show", "Q256149"], ["kb", "lint"],
    ])
  func fullStandardOutputIsExitTwo(_ arguments: [String]) throws {
    let folder = try temporaryFolder("full-stdout")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let full = try device("full", minor: 7, in: folder)
    let descriptor = open(full, O_WRONLY)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    let run = try runWithStandardOutput(arguments, descriptor: descriptor, folder: folder)
    #expect(run.status == 2 && run.signal == nil, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains("cannot write the report: No space left on device"), "\(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"), "\(run.stderr)")
  }

  /// `| head -1`: the reader goes away; the run ends by SIGPIPE as grep does, with nothing on
  /// standard error, also when it was started with SIGPIPE ignored (then writes fail with EPIPE).
  @Test(arguments: [false, true])
  func closedPipeEndsQuietly(_ ignoringSIGPIPE: Bool) throws {
    let folder = try temporaryFolder("closed-pipe")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    close(ends[0])  // no reader at all
    defer { close(ends[1]) }
    let previous = ignoringSIGPIPE ? signal(SIGPIPE, SIG_IGN) : nil
    defer { if ignoringSIGPIPE { signal(SIGPIPE, previous) } }
    for arguments in [["check", Self.fleet], ["kb", "list"]] {
      let run = try runWithStandardOutput(arguments, descriptor: ends[1], folder: folder, defaultSIGPIPE: !ignoringSIGPIPE)
      #expect(run.signal == SIGPIPE, "\(arguments): \(run.summary) \(run.stderr)")
      #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
    }
  }

  @Test func symbolicLinkIsFollowedToItsTarget() throws {
    let folder = try temporaryFolder("link")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let target = folder + "/target.xml"
    let link = folder + "/link.xml"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.xml")
    let first = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", link])  // the target is made
    #expect(first.status == 0, "\(first.summary) \(first.stderr)")
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    let second = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", link])  // and replaced
    #expect(second.status == 0, "\(second.summary) \(second.stderr)")
    #expect(kind(link) == S_IFLNK, "the link was replaced by a file")
    #expect(try String(contentsOfFile: target, encoding: .utf8).contains("</hotfix-report>"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link.xml", "target.xml"])
  }

  @Test func fifoReaderGetsTheWholeReport() throws {
    let folder = try temporaryFolder("fifo")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let fifo = folder + "/report.fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let received = ReceivedBytes()
    let reader = Thread {
      let descriptor = open(fifo, O_RDONLY)
      var buffer = [UInt8](repeating: 0, count: 65536)
      while descriptor >= 0 {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        received.append(buffer[0..<count])
      }
      close(descriptor)
      received.finish()
    }
    reader.start()
    let run = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", fifo], timeout: 30)
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    let report = received.wait(timeout: 10)
    #expect(String(decoding: report, as: UTF8.self).hasSuffix("</hotfix-report>\n"), "the reader got \(report.count) bytes")
    #expect(kind(fifo) == S_IFIFO)
  }

  @Test func existingReportKeepsItsModeAndOwner() throws {
    let folder = try temporaryFolder("mode")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let report = folder + "/report.xml"
    try Data("old".utf8).write(to: URL(fileURLWithPath: report))
    #expect(chmod(report, 0o600) == 0)
    if Self.isRoot { #expect(chown(report, 1234, 2345) == 0) }
    let run = try runMeasured(["check", Self.goodHost, "--format", "xml", "--output", report])
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    var info = stat()
    #expect(stat(report, &info) == 0)
    #expect(info.st_mode & 0o7777 == 0o600)
    if Self.isRoot { #expect(info.st_uid == 1234 && info.st_gid == 2345) }
    #expect(try String(contentsOfFile: report, encoding: .utf8).contains("</hotfix-report>"))
  }

  /// The output names an input: itself, through a link, or a file inside an input folder.
  @Test(arguments: ["the file", "a link to it", "a file in the input folder"])
  func outputThatIsAnInputIsRefused(_ how: String) throws {
    let folder = try temporaryFolder("output-input")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let inventories = folder + "/fleet"
    try FileManager.default.createDirectory(atPath: inventories, withIntermediateDirectories: true)
    let input = inventories + "/ntsrv02.xml"
    try FileManager.default.copyItem(atPath: Self.goodHost, toPath: input)
    let original = try Data(contentsOf: URL(fileURLWithPath: input))
    let link = folder + "/link.xml"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    let (arguments, output) =
      switch how {
      case "the file": ([input], input)
      case "a link to it": ([input], link)
      default: ([inventories], input)
      }
    let run = try runMeasured(["check"] + arguments + ["--format", "xml", "--output", output])
    #expect(run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains("is also an input"), "\(run.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original, "the input was overwritten")
    #expect(run.stdout.isEmpty)
  }

  @Test func jobsAreCappedWithAWarning() throws {
    let run = try runMeasured(["check", Self.goodHost, "--jobs", "100000"], timeout: 60)
    #expect(!run.timedOut && run.status == 0, "\(run.summary) \(run.stderr)")
    let limit = FleetRun.threadLimit()
    #expect(run.stderr.contains("--jobs 100000 is more than this machine can use: running \(limit) threads"), "\(run.stderr)")
    #expect(limit <= 64 && limit >= 1)
  }

  @Test(arguments: ["a\"?><evil/>", "report.xsl?><evil/>", "report\u{1}.xsl", "my report.xsl", "C:\\xsl\\r.xsl", "", "%zz"])
  func implausibleStylesheetIsRefused(_ href: String) throws {
    let run = try runMeasured(["check", Self.goodHost, "--format", "xml", "--stylesheet", href])
    #expect(run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(run.stderr.contains("--stylesheet"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test func versionIsPrinted() throws {
    let run = try runMeasured(["--version"])
    #expect(run.status == 0, "\(run.summary) \(run.stderr)")
    #expect(run.stdout == hotfixCheckVersion + "\n")
  }

  @Test func ignoreListFromDevNullIsEmptyAndAFolderIsNamed() throws {
    let empty = try runMeasured(["check", Self.goodHost, "--ignore", "/dev/null"])
    #expect(empty.status == 0, "\(empty.summary) \(empty.stderr)")
    #expect(!empty.stderr.contains("ioctl"), "\(empty.stderr)")
    let folder = try temporaryFolder("ignore-folder")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let refused = try runMeasured(["check", Self.goodHost, "--ignore", folder])
    #expect(refused.status == 2, "\(refused.summary) \(refused.stderr)")
    #expect(refused.stderr.contains("\(folder): error: is a folder"), "\(refused.stderr)")
  }

  @Test func ignoreListWarnsOfUnknownRulesAndOnlyTrulyExpiredEntries() throws {
    let folder = try temporaryFolder("ignore-warnings")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let list = folder + "/ignore.txt"
    try Data(
      """
      Q123 * - a typo
      Q256149 NTSRV02 2020-01-01 expired, and line 3 still ignores the rule
      Q256149 * - still ignored
      * LAB* 2020-01-01 expired, nothing else covers the lab

      """.utf8
    ).write(to: URL(fileURLWithPath: list))
    let run = try runMeasured(["check", Self.goodHost, "--ignore", list])
    #expect(run.stderr.contains("\(list):1: warning: no rule Q123 among the rules"), "\(run.stderr)")
    #expect(!run.stderr.contains("\(list):3: warning"), "\(run.stderr)")
    #expect(
      !run.stderr.contains("\(list):2: warning: the entry for Q256149 on NTSRV02 expired on 2020-01-01: judged again"), "\(run.stderr)")
    #expect(
      run.stderr.contains("\(list):2: warning: the entry for Q256149 on NTSRV02 expired on 2020-01-01; \(list):3 still ignores it"),
      "\(run.stderr)")
    #expect(run.stderr.contains("\(list):4: warning: the entry for * on LAB* expired on 2020-01-01: judged again"), "\(run.stderr)")
  }
}

/// Bytes a reader thread receives, and when it has seen the end.
private final class ReceivedBytes: @unchecked Sendable {
  private let condition = NSCondition()
  private var bytes: [UInt8] = []
  private var done = false

  func append(_ more: ArraySlice<UInt8>) {
    condition.lock()
    bytes += more
    condition.unlock()
  }

  func finish() {
    condition.lock()
    done = true
    condition.broadcast()
    condition.unlock()
  }

  func wait(timeout: Double) -> [UInt8] {
    condition.lock()
    defer { condition.unlock() }
    let deadline = Date().addingTimeInterval(timeout)
    while !done && condition.wait(until: deadline) {}
    return bytes
  }
}

/// Runs the binary with standard output on `descriptor` (a device or a pipe); standard error to a
/// file. With `defaultSIGPIPE` false the child keeps this process's disposition of SIGPIPE.
func runWithStandardOutput(_ arguments: [String], descriptor: Int32, folder: String, defaultSIGPIPE: Bool = true, timeout: Double = 60)
  throws -> MeasuredRun
{
  try SpawnedBinary(arguments, folder: folder, stdoutDescriptor: descriptor, defaultSIGPIPE: defaultSIGPIPE).finish(timeout: timeout)
}
