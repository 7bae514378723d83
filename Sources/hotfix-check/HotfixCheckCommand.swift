import ArgumentParser
import Foundation
import HotfixCheck

@main
struct HotfixCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hotfix-check",
    abstract: "Tell which published Windows NT 4.0 hotfixes each host still needs.",
    discussion: """
      Rules come from Microsoft Knowledge Base articles: the built-in catalog (the
      facts of the NT 4.0 part of a public KB archive, 2,029 rules), plus every article
      under each --kb folder (--no-builtin: those alone). Inventories are XML or CSV
      file lists of one host or a whole fleet.

      Exit status: 0 when no host needs anything, 1 when a host needs a fix,
      2 when an input could not be read or the command line is wrong.

      Examples:
        hotfix-check check examples/xml/ntsrv01.xml
        hotfix-check audit examples/xml --format xml --output report.xml
        hotfix-check kb show Q256149
        hotfix-check kb lint --kb ../shared/corpus/kbarchive-nt
      """,
    version: hotfixCheckVersion,
    subcommands: [Check.self, Audit.self, KB.self]
  )

  /// Like ArgumentParser's `main()`, but a wrong command line exits 2 as the contract says (not 64).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as CommandError {
      printError(error.message)
      Foundation.exit(error.status)
    } catch let error as ExitCode {
      Foundation.exit(error.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      printError(fullMessage(for: error))
      Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
  }
}
