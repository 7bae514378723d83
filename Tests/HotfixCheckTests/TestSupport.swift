import Foundation
import KBData

@testable import HotfixCheck

/// The seed rule Q256149 as contract section 2 gives it, built by hand so evaluator
/// tests do not depend on the article reader.
let seedRule = Rule(
  id: "Q256149", title: "Memory Leak Using Multiple Threads to Call CoGetClassObject()",
  editions: [.server, .terminalServer],
  requires: [ServicePackRef(servicePack: .sp5)],
  files: [
    RuleFile(platform: .intel, name: "Rpcss.exe", date: FileDate(year: 2000, month: 3, day: 14)),
    RuleFile(platform: .alpha, name: "Rpcss.exe", date: FileDate(year: 2000, month: 3, day: 14)),
    RuleFile(
      edition: .terminalServer, name: "Ole32.dll", version: FileVersion("4.0.1381.33478"), date: FileDate(year: 2001, month: 9, day: 27),
      size: 701712),
    RuleFile(
      edition: .terminalServer, name: "Rpcss.exe", version: FileVersion("4.0.1381.33478"), date: FileDate(year: 2001, month: 9, day: 27),
      size: 108816),
  ])

/// A file of a host inventory, version and date given as text.
func file(_ path: String, _ version: String? = nil, _ date: String? = nil) -> InventoryFile {
  InventoryFile(path: path, version: version.flatMap { FileVersion($0) }, date: date.flatMap { FileDate(inventoryText: $0) })
}

/// A temporary file holding `text`, removed when the process ends.
func temporaryFile(_ text: String, suffix: String) throws -> String {
  try temporaryFile(Array(text.utf8), suffix: suffix)
}

func temporaryFile(_ bytes: [UInt8], suffix: String) throws -> String {
  let path = NSTemporaryDirectory() + "hotfix-check-test-\(UUID().uuidString)\(suffix)"
  try Data(bytes).write(to: URL(fileURLWithPath: path))
  return path
}

/// Everything a reader hands on, split into hosts and failures.
func readAll(_ read: ((InventoryItem) -> Void) -> Void) -> (hosts: [HostInventory], failures: [InventoryError]) {
  var hosts: [HostInventory] = []
  var failures: [InventoryError] = []
  read { item in
    switch item {
    case .host(let host): hosts.append(host)
    case .failure(let error): failures.append(error)
    }
  }
  return (hosts, failures)
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The command line a test runs, judging by the seed article of kb/ alone.
///
/// Most end-to-end suites test reading, judging and writing against the seed article Q256149,
/// whose verdicts on examples/xml they know: `check` and `audit` get `--no-builtin --kb kb` unless
/// the test names its own rules (`--kb`, `--no-builtin`). The built-in catalog has its own suites.
func seedOnly(_ arguments: [String]) -> [String] {
  guard let command = arguments.first, command == "check" || command == "audit",
    !arguments.contains("--kb"), !arguments.contains("--no-builtin")
  else { return arguments }
  return arguments + ["--no-builtin", "--kb", repositoryRoot.appendingPathComponent("kb").path]
}
