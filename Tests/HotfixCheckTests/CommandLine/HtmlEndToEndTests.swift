import Foundation
import Testing

@testable import HotfixCheck

/// The built binary makes the page from any folder (the stylesheet is inside it) and honours `--ignore`.
@Suite(.enabled(if: EndToEndTests.binary != nil, "the hotfix-check binary is not built"))
struct HtmlEndToEndTests {
  func run(_ arguments: [String], in folder: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = EndToEndTests.binary
    process.arguments = seedOnly(arguments)
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  @Test func htmlFromAnotherFolder() throws {
    let examples = repositoryRoot.appendingPathComponent("examples/xml").path
    let outcome = try run(["audit", examples, "--format", "html"], in: NSTemporaryDirectory())
    #expect(outcome.status == 1)
    #expect(outcome.stdout.hasPrefix("<!DOCTYPE html"))
    #expect(outcome.stdout.contains("Install SP5"))
    #expect(outcome.stdout.contains("Reinstall Q256149"))
  }

  @Test func ignoringEveryNeededRuleExitsZero() throws {
    let examples = repositoryRoot.appendingPathComponent("examples/xml").path
    let ignore = try temporaryFile("# every host\nQ256149 * - accepted risk, hosts are off the network\n", suffix: ".txt")
    let outcome = try run(["check", examples, "--ignore", ignore, "--plan"], in: NSTemporaryDirectory())
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("Q256149  ignored"))
    #expect(outcome.stdout.contains("ignored: accepted risk, hosts are off the network; otherwise regressed"))
    #expect(!outcome.stdout.contains("Plan for the fleet"))
  }

  @Test func expiredIgnoreEntryIsJudgedAgainWithAWarning() throws {
    let examples = repositoryRoot.appendingPathComponent("examples/xml/ntsrv01.xml").path
    let ignore = try temporaryFile("Q256149 NTSRV01 2001-01-01 waited for SP7\n", suffix: ".txt")
    let outcome = try run(["check", examples, "--ignore", ignore], in: NSTemporaryDirectory())
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains(":1: warning: the entry for Q256149 on NTSRV01 expired on 2001-01-01: judged again"))
  }

  @Test func badIgnoreFileExitsTwo() throws {
    let ignore = try temporaryFile("Q256149 *\n", suffix: ".txt")
    let outcome = try run(
      ["check", repositoryRoot.appendingPathComponent("examples/xml/ntsrv01.xml").path, "--ignore", ignore], in: NSTemporaryDirectory())
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(":1:10: error: expected an expiry date (YYYY-MM-DD) or - after the host"))
  }
}
