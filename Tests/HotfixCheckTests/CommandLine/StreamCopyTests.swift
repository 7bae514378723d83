import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Standard input is copied to a new file of its own in the temporary folder; when that cannot
/// be done, that input fails with the reason and the other inputs are still reported.
@Suite struct StreamCopyTests {
  @Test func aStreamThatCannotBeCopiedFailsOnlyItself() throws {
    let outcome = try EndToEndTests().run(
      ["check", "-", "examples/xml/ntsrv02.xml", "--format", "xml"], stdin: "<inventory/>",
      environment: ["TMPDIR": "/nonexistent-hotfix-check-tmp/"])
    let (stdout, stderr) = (outcome.stdout, outcome.stderr)
    #expect(outcome.status == 2)
    #expect(stderr.contains("cannot copy standard input to /nonexistent-hotfix-check-tmp/"), "\(stderr)")
    #expect(stderr.contains("No such file or directory"), "\(stderr)")
    #expect(try HostileInputTests.verdicts(stdout)["NTSRV02"] == "up-to-date")
  }
}
