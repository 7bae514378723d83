import Foundation
import Testing

/// The VBScript collector (on the host) and the Linux collectors leave out the same folders
/// below %SystemRoot%: one list each, since VBScript cannot import Python, held equal here.
@Suite(.enabled(if: CollectorTools.enabled(programs: []), "needs /usr/bin/python3"))
struct SkippedPlacesTests {
  @Test func vbscriptAndPythonAgree() throws {
    let run = try CollectorWine.run(
      CollectorTools.python,
      [
        "-c",
        "import sys; sys.path.insert(0, sys.argv[1]); from ntinventory import places; print('|'.join(places.SKIPPED_UNDER_SYSTEM_ROOT))",
        repositoryRoot.appendingPathComponent("collect").path,
      ], timeout: 60)
    #expect(run.status == 0, "\(run.all)")
    let python = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
    #expect(!python.isEmpty)
    #expect(python == CollectorWine.WinePrefix.skippedFolders)
  }
}
