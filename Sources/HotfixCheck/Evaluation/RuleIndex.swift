import KBData

/// The rules prepared for judging many hosts: rows indexed by file name, so a host
/// costs one pass over its files plus the rules that name them, not hosts × rules × files.
public struct RuleIndex: Sendable {
  /// A row of a rule: which rule, which row.
  struct RowRef: Sendable {
    var rule: Int32
    var row: Int32
  }

  public let rules: [Rule]
  /// Lower-case file name → every row that names it.
  let rowsByName: [String: [RowRef]]

  public init(rules: [Rule]) {
    self.rules = rules.sorted { $0.id < $1.id }
    var rows: [String: [RowRef]] = [:]
    for (ruleIndex, rule) in self.rules.enumerated() {
      for (rowIndex, row) in rule.files.enumerated() {
        rows[row.matchKey, default: []].append(RowRef(rule: Int32(ruleIndex), row: Int32(rowIndex)))
      }
    }
    rowsByName = rows
  }

  /// The names any rule lists: readers may drop every other file.
  public var fileNameFilter: FileNameFilter { FileNameFilter(names: rowsByName.keys) }

  /// The host's live files grouped by the rules that name them: rule index → (row index → copies).
  func matches(for host: HostInventory) -> [Int32: [Int32: [InventoryFile]]] {
    var found: [Int32: [Int32: [InventoryFile]]] = [:]
    for file in host.files {
      guard let refs = rowsByName[file.matchKey], file.isLive else { continue }
      for ref in refs {
        found[ref.rule, default: [:]][ref.row, default: []].append(file)
      }
    }
    return found
  }
}
