import ArgumentParser
import Foundation
import KBData

/// `--kb DIR`, shared by every command that reads rules.
struct KBOptions: ParsableArguments {
  @Option(
    name: .customLong("kb"),
    help: ArgumentHelp("A folder of articles (laid out kb/NNN/QNNNNNN/README.md); repeatable. Default: the bundled articles.", valueName: "DIR"))
  var directories: [String] = []

  /// Every article with its outcome and warnings (`kb lint`): the bundled kb/ or the named folders, all parsed.
  func load() throws -> KnowledgeBase {
    if directories.isEmpty { return KnowledgeBase.bundled() }
    do {
      return try KnowledgeBase.load(directories: directories.map { URL(fileURLWithPath: $0) })
    } catch let error as KnowledgeBaseError {
      throw CommandError(message: error.description, status: 2)
    }
  }

  /// The rules to judge by (check, audit, kb list, kb show). Named folders go through the rule cache
  /// (`$HOTFIX_CHECK_CACHE`, `off` to disable; see README, Commands), so a large archive is parsed once;
  /// the result then has rules but no articles. The bundled kb/ is small and always parsed.
  func loadRules() throws -> KnowledgeBase {
    if directories.isEmpty { return KnowledgeBase.bundled() }
    do {
      return try KnowledgeBase.loadRules(
        directories: directories.map { URL(fileURLWithPath: $0) }, cache: RuleCache.fromEnvironment())
    } catch let error as KnowledgeBaseError {
      throw CommandError(message: error.description, status: 2)
    }
  }
}

/// A failure that ends the run with a message on standard error and an exit status.
struct CommandError: Error, CustomStringConvertible {
  var message: String
  var status: Int32
  var description: String { message }
}

/// Prints to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
