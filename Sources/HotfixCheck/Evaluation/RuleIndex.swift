import KBData

/// The rules prepared for judging many hosts: rows indexed by file name, so a host
/// costs one pass over its files plus the rules that name them, not hosts × rules × files.
public struct RuleIndex: Sendable {
  /// A row of a rule: which rule, which row.
  struct RowRef: Sendable {
    var rule: Int32
    var row: Int32
  }

  /// One live copy of a rule row's file on a host: rule, row, and the file's place in `host.files`.
  struct Match: Sendable, Comparable {
    var rule: Int32
    var row: Int32
    var file: Int32

    static func < (a: Match, b: Match) -> Bool { (a.rule, a.row, a.file) < (b.rule, b.row, b.file) }
  }

  /// The rules and the service pack manifests, in id order: a manifest is judged as a rule whose
  /// rows are its files (`Rule(judging:)`), its `PrecomputedRule.manifest` set.
  public let rules: [Rule]
  /// Each rule as judging reads it, in the order of `rules`, and every rule's rows one after
  /// another (`PrecomputedRule.rows` says where).
  let facts: [PrecomputedRule]
  let rows: [PrecomputedRow]
  /// Each rule's id as hosts record the hotfix (`HostInventory.normalizedHotfixID`).
  let hotfixIDs: [String]
  /// File-name key (`FileNameKey`) → every row that names it.
  let rowsByName: [String: [RowRef]]
  /// The names any rule lists: readers may drop every other file.
  public let fileNameIndex: FileNameIndex
  /// `fileNameIndex`'s name id → every row that names it, as one flat list and where each id's
  /// rows start: files read through the filter find their rows by index (callgrind: hashing
  /// each name again was 40% of matching), and without nested arrays to retain, which perf
  /// showed contended between threads.
  let rowsForNameID: [RowRef]
  let rowStarts: [Int32]

  public init(rules: [Rule], manifests: [ServicePackManifest] = []) {
    // Rules come in id order (a knowledge base keeps them so): the few manifests are put in their
    // places instead of sorting every entry again (sorting the 2,031 entries by their ids cost
    // ~20M of the 146M instructions of `check` of one host on the built-in catalog, callgrind).
    var entries: [(Rule, ServicePackManifest?)] = rules.map { ($0, nil) }
    if !zip(rules, rules.dropFirst()).allSatisfy({ $0.id <= $1.id }) { entries.sort { $0.0.id < $1.0.id } }
    for manifest in manifests {
      let at = entries.firstIndex { $0.0.id > manifest.id } ?? entries.endIndex
      entries.insert((Rule(judging: manifest), manifest), at: at)
    }
    self.rules = entries.map(\.0)
    var facts: [PrecomputedRule] = []
    var rowFacts: [PrecomputedRow] = []
    for (rule, manifest) in entries {
      let scope = manifest.map { ManifestScope($0, among: manifests) }
      facts.append(PrecomputedRule(rule, rows: rowFacts.count..<(rowFacts.count + rule.files.count), manifest: scope))
      rowFacts += rule.files.map { PrecomputedRow($0, of: rule) }
    }
    self.facts = facts
    self.rows = rowFacts
    hotfixIDs = self.rules.map { HostInventory.normalizedHotfixID($0.id) }
    var rows: [String: [RowRef]] = [:]
    for (ruleIndex, rule) in self.rules.enumerated() {
      for (rowIndex, row) in rule.files.enumerated() {
        rows[row.matchKey, default: []].append(RowRef(rule: Int32(ruleIndex), row: Int32(rowIndex)))
      }
    }
    rowsByName = rows
    let filter = FileNameIndex(names: rows.keys)
    var byID: [[RowRef]] = Array(repeating: [], count: rows.count)
    for (name, refs) in rows {
      let id = filter.nameID(key: name)
      if id >= 0 { byID[Int(id)] += refs }
    }
    fileNameIndex = filter
    rowsForNameID = byID.flatMap { $0 }
    var starts: [Int32] = [0]
    for refs in byID { starts.append(starts[starts.count - 1] + Int32(refs.count)) }
    rowStarts = starts
  }

  /// The host's live copies of rule files, sorted by rule, row and file order.
  func matches(for host: HostInventory) -> [Match] {
    var found: [Match] = []
    found.reserveCapacity(host.files.count)
    forEachCopy(on: host) { found.append($0) }
    return Self.sortedByRule(found, rules: rules.count)
  }

  /// For verdicts alone: what the host's live copies say of each rule that names one of its
  /// files, in rule order. One pass over the files, with no list of matches to sort (sorting
  /// them per host was a third of judging for the fleet summary).
  func copyFindings(on host: HostInventory) -> [(rule: Int32, seen: CopyFindings)] {
    let (line, platform, servicePack) = (host.edition.buildLine, host.platform, host.servicePack)
    var seen = [UInt8](repeating: 0, count: rules.count)
    var touched: [Int32] = []
    let touchedBit: UInt8 = 0x80  // above CopyFindings's bits
    // Spans: facts, rows and files read in place, no reference counted per copy.
    let facts = self.facts.span
    let rows = self.rows.span
    let files = host.files.span
    forEachCopy(on: host) { match in
      let rule = Int(match.rule)
      if seen[rule] == 0 {
        touched.append(match.rule)
        seen[rule] = touchedBit
      }
      let row = rows[facts[rule].rows.lowerBound + Int(match.row)]
      let file = Int(match.file)
      seen[rule] |=
        row.seen(
          version: files[file].version?.parts, date: files[file].date, line: line, platform: platform, servicePack: servicePack
        ).rawValue
    }
    touched.sort()
    return touched.map { ($0, CopyFindings(rawValue: seen[Int($0)] & ~touchedBit)) }
  }

  /// Calls `body` with every live copy of a rule row's file on the host (rule, row, file place),
  /// in the order of the host's files.
  @inline(__always)
  private func forEachCopy(on host: HostInventory, _ body: (Match) -> Void) {
    let byID = host.nameIndex == fileNameIndex.identity
    let files = host.files.span  // in place: copying each file costs retains
    for position in files.indices {
      let id = files[position].nameID
      if byID && id >= 0 {
        let (first, end) = (Int(rowStarts[Int(id)]), Int(rowStarts[Int(id) + 1]))
        guard first < end, files[position].isLive else { continue }
        for slot in first..<end {
          body(Match(rule: rowsForNameID[slot].rule, row: rowsForNameID[slot].row, file: Int32(position)))
        }
      } else {
        guard let refs = rowsByName[files[position].nameKey], files[position].isLive else { continue }
        for ref in refs { body(Match(rule: ref.rule, row: ref.row, file: Int32(position))) }
      }
    }
  }

  /// Counting sort by rule, then by row and file within a rule (a few matches each): a host's
  /// thousands of matches over the archive's rules cost two passes instead of a comparison sort.
  static func sortedByRule(_ matches: [Match], rules: Int) -> [Match] {
    var next = [Int](repeating: 0, count: rules + 1)
    for match in matches { next[Int(match.rule) + 1] += 1 }
    for rule in 0..<rules { next[rule + 1] += next[rule] }
    let starts = next
    var sorted = matches
    for match in matches {
      sorted[next[Int(match.rule)]] = match
      next[Int(match.rule)] += 1
    }
    for rule in 0..<rules where starts[rule + 1] - starts[rule] > 1 {
      if starts[rule + 1] - starts[rule] > 16 {  // a rule listing a common file on many rows
        sorted[starts[rule]..<starts[rule + 1]].sort()
        continue
      }
      for index in (starts[rule] + 1)..<starts[rule + 1] {  // insertion sort of one rule's matches
        let match = sorted[index]
        var place = index
        while place > starts[rule] && match < sorted[place - 1] {
          sorted[place] = sorted[place - 1]
          place -= 1
        }
        sorted[place] = match
      }
    }
    return sorted
  }
}

extension Rule {
  /// A service pack manifest as the index holds it: its id, title and files, nothing else. Its
  /// `PrecomputedRule.manifest` says which hosts it speaks for and what an older file means.
  init(judging manifest: ServicePackManifest) {
    self.init(id: manifest.id, title: manifest.title, files: manifest.files)
  }
}
