import Foundation
import Testing

@testable import HotfixCheck

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Runs the built `hotfix-check` binary on the example fleet, as a user would.
@Suite struct EndToEndTests {
  static let binary: URL? = {
    // The test bundle sits in the build products folder beside the executable.
    var folder = Bundle.module.bundleURL.deletingLastPathComponent()
    for _ in 0..<3 {
      let candidate = folder.appendingPathComponent("hotfix-check")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return nil
  }()

  struct BinaryMissing: Error {}

  struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary; `check` and `audit` judge by the seed article alone unless `builtin` (see `seedOnly`).
  /// `environment` adds to (or replaces) this process's environment for the run.
  func run(_ arguments: [String], stdin: String? = nil, builtin: Bool = false, environment extra: [String: String] = [:]) throws -> Outcome
  {
    let process = Process()
    guard let binary = Self.binary else { throw BinaryMissing() }
    process.executableURL = binary
    process.arguments = builtin ? arguments : seedOnly(arguments)
    process.currentDirectoryURL = repositoryRoot
    var environment = ProcessInfo.processInfo.environment
    environment["SOURCE_DATE_EPOCH"] = "1764176400"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // Standard input is written and standard error read on threads of their own: one pipe
    // left full (64 KB of warnings) while this thread reads another hung the run.
    let writer = Thread {
      if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let errors = ErrorsRead()
    let reader = Thread {
      errors.data = err.fileHandleForReading.readDataToEndOfFile()
      errors.done.signal()
    }
    reader.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    errors.done.wait()
    let stderr = errors.data
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
  }

  /// Standard error, read on another thread.
  final class ErrorsRead: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }

  /// Host name → verdict, from an XML report.
  func verdicts(_ xml: String) throws -> [String: String] {
    let path = try temporaryFile(xml, suffix: ".xml")
    var found: [String: String] = [:]
    let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
    for host in try document.nodes(forXPath: "/hotfix-report/host") {
      guard let element = host as? XMLElement, let name = element.attribute(forName: "name")?.stringValue else { continue }
      found[name] = element.attribute(forName: "verdict")?.stringValue
    }
    return found
  }

  static let expected = [
    "NTSRV01": "fix-needed", "NTSRV02": "up-to-date", "NTSRV03": "prerequisite-missing", "NTENT01": "fix-needed",
    "NTTSE01": "fix-needed", "NTALPHA1": "up-to-date", "NTSRV04": "regressed", "NTWKS01": "not-applicable",
  ]

  @Test func seedRuleIsTheContractsRule() throws {
    let outcome = try run(["kb", "show", "Q256149", "--format", "json"])
    #expect(outcome.status == 0)
    let rule = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    #expect(rule["editions"] as? [String] == ["server", "terminal-server"])
    let files = try #require(rule["files"] as? [[String: Any]])
    #expect(files.count == 4)
  }

  @Test func exampleFleetFromXMLAndCSVGetsEveryVerdict() throws {
    let xml = try run(["check", "examples/xml", "--format", "xml"])
    #expect(xml.status == 1)
    #expect(try verdicts(xml.stdout) == Self.expected)
    let csv = try run(["check", "examples/csv/fleet.csv", "--format", "xml"])
    #expect(csv.status == 1)
    #expect(try verdicts(csv.stdout) == Self.expected)
  }

  @Test func reportValidatesWithXmllintAndTheProjectSchema() throws {
    let report = NSTemporaryDirectory() + "hotfix-check-e2e-\(UUID().uuidString).xml"
    let outcome = try run(["audit", "examples/xml", "--format", "xml", "--output", report])
    #expect(outcome.status == 1)
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: report) == [])
  }

  @Test func unreadableInputExitsTwoAndKeepsTheOtherHosts() throws {
    let bad = try temporaryFile("host,edition,service_pack,platform,path\nBAD1,server,sp9,intel,x.dll\n", suffix: ".csv")
    let outcome = try run(["check", "examples/xml/ntsrv02.xml", bad, "--format", "xml"])
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains("\(bad):2:13: error: unknown service pack"))
    let found = try verdicts(outcome.stdout)
    #expect(found["NTSRV02"] == "up-to-date")
    #expect(found["BAD1"] == "error")
  }

  @Test func upToDateHostsExitZeroAndStandardInputWorks() throws {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/xml/ntsrv02.xml"), encoding: .utf8)
    let outcome = try run(["check", "-"], stdin: text)
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("NTSRV02"))
  }

  @Test func wrongCommandLineExitsTwo() throws {
    #expect(try run(["check"]).status == 2)
    #expect(try run(["check", "x.xml", "--format", "pdf"]).status == 2)
    let unwritable = try run(["check", "examples/xml", "--output", "/nonexistent-folder/report.xml"])
    #expect(unwritable.status == 2)
    #expect(unwritable.stderr.contains("/nonexistent-folder/report.xml"))
  }
}
