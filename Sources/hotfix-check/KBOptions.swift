import ArgumentParser
import Foundation
import HotfixCheck
import KBData
internal import SystemCalls

/// Which rules `--only` keeps.
enum RuleSelection: String, ExpressibleByArgument, CaseIterable {
  /// The rules a security bulletin names.
  case security
}

/// `--kb DIR`, `--no-builtin`, `--catalog FILE` and `--only`, shared by every command that reads rules.
struct KBOptions: ParsableArguments {
  @Option(
    name: .customLong("kb"),
    help: ArgumentHelp(
      "A folder of articles (laid out kb/NNN/QNNNNNN/README.md), added to the built-in rules (an article replaces the built-in rule of its id); repeatable.",
      valueName: "DIR"))
  var directories: [String] = []

  @Flag(name: .customLong("no-builtin"), help: "Leave the built-in catalog out: judge by the --kb folders (and --catalog files) only.")
  var noBuiltin = false

  @Option(
    name: .customLong("catalog"),
    help: ArgumentHelp(
      "An HFNetChk/MBSA security catalog (mssecure.xml), or a folder holding one: its NT 4.0 patches name their security bulletins and join the rules of the same Q number (the articles' facts stand); repeatable.",
      valueName: "FILE"))
  var catalogs: [String] = []

  @Option(help: ArgumentHelp("security: only the rules a security bulletin names.", valueName: "kind"))
  var only: RuleSelection?

  func validate() throws {
    if noBuiltin && directories.isEmpty && catalogs.isEmpty {
      throw ValidationError("--no-builtin leaves no rules: name at least one --kb folder or --catalog")
    }
  }

  /// Every article with its outcome and warnings (`kb lint`): the named folders, all parsed, or with
  /// none the project's own kb/ articles (the built-in catalog holds facts, not articles to lint).
  func load() throws -> KnowledgeBase {
    if directories.isEmpty { return KnowledgeBase.bundled() }
    do {
      return try KnowledgeBase.load(directories: directories.map { URL(fileURLWithPath: $0) })
    } catch let error as KnowledgeBaseError {
      throw CommandError(message: error.description, status: 2)
    }
  }

  /// The rules to judge by (check, audit, kb list, kb show): the built-in catalog unless `--no-builtin`,
  /// then each `--kb` folder's rules added. Folders go through the rule cache (`$HOTFIX_CHECK_CACHE`,
  /// `off` to disable; see README, Commands), so a large archive is parsed once. No rules at all is
  /// an error, never an all-clear.
  func loadRules() throws -> KnowledgeBase {
    do {
      var base = noBuiltin ? nil : try KnowledgeBase.builtin()
      if !directories.isEmpty {
        let folders = try KnowledgeBase.loadRules(
          directories: directories.map { URL(fileURLWithPath: $0) }, cache: RuleCache.fromEnvironment())
        base = base.map { $0.adding(folders) } ?? folders
      }
      for source in base?.sources ?? [] where source.rules == 0 {
        if let path = source.path { printError("\(path): warning: no article here gives a rule") }
      }
      if !catalogs.isEmpty {
        base = (base ?? KnowledgeBase.empty).merging(try readCatalogs())
        // As for a --kb folder: a catalog that gives nothing is said to, never passed in silence.
        for merge in base?.catalogMerges ?? [] where merge.newRules.isEmpty && merge.merged.isEmpty {
          printError(
            "\(merge.catalog.stamp.path): warning: no NT 4.0 patch here gives a rule or names the bulletin of one (\(merge.catalog.ntPatches) NT 4.0 patches of \(merge.catalog.patches))"
          )
        }
      }
      if only == .security { base = base?.keepingOnlySecurityFixes() }
      guard let base, !base.rules.isEmpty else {
        let read =
          (directories.isEmpty && noBuiltin ? [] : [directories.isEmpty ? "the built-in catalog" : directories.joined(separator: ", ")])
          + catalogs
        let what = only == .security ? "no security fix (a rule a bulletin names)" : "no rules"
        throw CommandError(message: "error: \(what): nothing in \(read.joined(separator: ", ")) gave one (nothing to judge by)", status: 2)
      }
      return base
    } catch let error as KnowledgeBaseError {
      throw CommandError(message: error.description, status: 2)
    } catch let error as BuiltinCatalogError {
      throw CommandError(message: error.description, status: 2)
    }
  }
}

extension KBOptions {
  /// The `--catalog` files and folders, read; one that cannot be read ends the command (exit 2).
  func readCatalogs() throws -> [BulletinCatalog] {
    do {
      return try BulletinCatalogReader.read(paths: catalogs, warn: printError)
    } catch {
      throw CommandError(message: error.description, status: 2)
    }
  }
}

extension KnowledgeBase {
  /// What a run judged by (`RuleSource.summary`).
  var sourceSummary: String { RuleSource.summary(rules: rules.count, sources: sources) }
}

/// A failure that ends the run with a message on standard error and an exit status.
struct CommandError: Error, CustomStringConvertible {
  var message: String
  var status: Int32
  var description: String { message }
}

/// Prints to standard error, control characters escaped line by line (`VisibleText`): a message
/// that quotes an input never drives the terminal.
func printError(_ text: String) {
  let bytes = Array((VisibleText.escapingLines(text) + "\n").utf8)
  SystemCalls.writeStandardError(bytes)
}

/// Writes a `kb` command's output to standard output (or `path`) through `ReportOutput`: a full
/// disk ends the command with exit 2 and "cannot write the report", a closed pipe ends it quietly.
/// Each line is escaped (`VisibleText`): titles come from articles.
func writeOutput(_ text: String, escaping: Bool = true) throws {
  let output = try openOutput(nil)
  output.write(escaping ? VisibleText.escapingLines(text) : text)
  try commitOutput(output)
}

/// Opens standard output or `path` for a command's output; a path that cannot be written, or that
/// is one of `inputs`, ends the command with exit 2 before any work.
func openOutput(_ path: String?, inputs: [String] = []) throws -> ReportOutput {
  do {
    return try ReportOutput(path: path, inputs: inputs)
  } catch let error as OutputError {
    throw CommandError(message: error.message, status: 2)
  }
}

/// Finishes a command's output; a failed write ends the command with exit 2.
func commitOutput(_ output: ReportOutput) throws {
  do {
    try output.commit()
  } catch let error as OutputError {
    throw CommandError(message: error.message, status: 2)
  }
}
