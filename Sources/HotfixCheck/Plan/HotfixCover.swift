import KBData

/// A needed rule left after the service pack: its hotfix, what it needs and what it ships.
struct HotfixCandidate: Sendable {
  var id: String
  var title: String
  /// The host records it as installed, yet its files are older: a reinstall.
  var regressed: Bool
  /// The files older than the fix on this host.
  var needs: [FileNeed]
  /// The hotfix's rows for the host's build line and platform: what installing it puts on the host.
  let rows: [RuleFile]
  /// Whether a security bulletin names it: such hotfixes are installed first where they can be.
  var isSecurityFix = false
  /// Later hotfixes that replace it, as a security catalog says (`Rule.replacedBy`).
  var replacedBy: [Replacement] = []
  /// Each row's file-name key, worked out once (lower-casing them at every need asked was 5% of
  /// planning, perf).
  let rowKeys: [String]
  /// Each row's level as `VerdictRules.compare` reads it (no reference to count per comparison).
  private let rowLevels: [(version: (UInt32, UInt32, UInt32, UInt32)?, date: FileDate?)]
  /// The newest date among its rows, to install older hotfixes first (kept: sorting candidates
  /// worked it out at every comparison).
  let newest: FileDate?

  init(
    id: String, title: String, regressed: Bool, needs: [FileNeed], rows: [RuleFile], isSecurityFix: Bool = false,
    replacedBy: [Replacement] = []
  ) {
    self.id = id
    self.title = title
    self.regressed = regressed
    self.needs = needs
    self.rows = rows
    self.isSecurityFix = isSecurityFix
    self.replacedBy = replacedBy
    rowKeys = rows.map(\.matchKey)
    rowLevels = rows.map { ($0.version?.parts, $0.date) }
    newest = rows.compactMap(\.date).max()
  }

  /// True when installing this hotfix brings the file of `need` to at least the level it asks for.
  func satisfies(_ need: FileNeed) -> Bool {
    let required = (need.level.version?.parts, need.level.date)
    return rowKeys.indices.contains {
      rowKeys[$0] == need.key && VerdictRules.compare(found: rowLevels[$0], required: required) == .current
    }
  }

  /// Orders optional dates, a missing date first.
  static func isEarlier(_ a: FileDate?, _ b: FileDate?) -> Bool {
    switch (a, b) {
    case (nil, nil): false
    case (nil, _): true
    case (_, nil): false
    case let (x?, y?): x < y
    }
  }
}

/// Chooses the fewest hotfixes that together meet every file need of every candidate.
///
/// A minimum set cover: candidates that share no file are solved apart, each group exactly
/// when it is small (as groups of hotfixes for the same files are), greedily when not.
/// Among equally small choices the newest hotfixes win.
enum HotfixCover {
  /// Groups larger than this are covered greedily.
  static let exactLimit = 16

  /// Indices of the chosen candidates.
  static func choose(_ candidates: [HotfixCandidate]) -> [Int] {
    // Every need, flattened, and which candidates meet it (looked up by file name, not all pairs).
    var byFile: [String: [Int]] = [:]
    for (index, candidate) in candidates.enumerated() {
      for key in Set(candidate.rowKeys) { byFile[key, default: []].append(index) }
    }
    var owner: [Int] = []
    var metBy: [[Int]] = []
    for (index, candidate) in candidates.enumerated() {
      for need in candidate.needs {
        owner.append(index)
        var meeters = (byFile[need.key] ?? []).filter { candidates[$0].satisfies(need) }
        if !meeters.contains(index) { meeters.append(index) }
        metBy.append(meeters)
      }
    }
    // Groups: candidates joined by a need one has and another meets.
    var parent = Array(candidates.indices)
    func root(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    for (need, meeters) in metBy.enumerated() {
      for meeter in meeters { parent[root(meeter)] = root(owner[need]) }
    }
    var groups: [Int: [Int]] = [:]
    for index in candidates.indices { groups[root(index), default: []].append(index) }
    var needsOfGroup: [Int: [Int]] = [:]  // in one pass: filtering every need per group was quadratic
    for need in metBy.indices { needsOfGroup[root(owner[need]), default: []].append(need) }

    var chosen: [Int] = []
    for (group, members) in groups {
      let needs = needsOfGroup[group] ?? []
      // A candidate with no file need (none found older) is chosen for itself.
      let bare = members.filter { candidates[$0].needs.isEmpty }
      chosen += bare
      guard !needs.isEmpty else { continue }
      // Preference: newest files first, then the later article.
      let ranked = members.sorted { a, b in
        // In place: copying candidates to compare them was a tenth of planning (perf).
        if candidates[a].newest != candidates[b].newest { return HotfixCandidate.isEarlier(candidates[b].newest, candidates[a].newest) }
        return candidates[a].id > candidates[b].id
      }
      let rank = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1, $0) })
      var meets = [NeedSet](repeating: NeedSet(count: needs.count), count: ranked.count)
      for (bit, need) in needs.enumerated() {
        for meeter in metBy[need] { if let position = rank[meeter] { meets[position].insert(bit) } }
      }
      let picked = ranked.count <= exactLimit ? exact(meets, needs.count) : greedy(meets, needs.count)
      chosen += picked.map { ranked[$0] }.filter { !bare.contains($0) }
    }
    return chosen.sorted()
  }

  /// The smallest subset (by position in `meets`, earlier preferred) whose union holds all `count` needs.
  private static func exact(_ meets: [NeedSet], _ count: Int) -> [Int] {
    let n = meets.count
    let all = NeedSet(all: count)
    var union = NeedSet(count: count)
    for size in 1...n {
      var pick = Array(0..<size)
      while true {
        union.clear()
        for index in pick { union.formUnion(meets[index]) }
        if union == all { return pick }
        // Next combination in lexicographic order.
        var i = size - 1
        while i >= 0 && pick[i] == n - size + i { i -= 1 }
        if i < 0 { break }
        pick[i] += 1
        for j in (i + 1)..<size { pick[j] = pick[j - 1] + 1 }
      }
    }
    return Array(0..<n)
  }

  /// Repeatedly the candidate meeting most needs still open (earlier on ties).
  private static func greedy(_ meets: [NeedSet], _ count: Int) -> [Int] {
    var open = NeedSet(all: count)
    var picked: [Int] = []
    while !open.isEmpty {
      var best = -1
      var bestCount = 0
      for (index, set) in meets.enumerated() {
        let count = set.countInCommon(with: open)
        if count > bestCount {
          best = index
          bestCount = count
        }
      }
      guard best >= 0 else { break }
      picked.append(best)
      open.subtract(meets[best])
    }
    return picked
  }
}

/// A set of a group's needs, need i as bit i: the exact cover tries every combination of up to
/// 16 hotfixes, and unions of `Set<Int>` there were 43% of planning a fleet (perf).
struct NeedSet: Equatable {
  private var words: [UInt64]

  /// No need of `count`.
  init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

  /// Every need of `count`.
  init(all count: Int) {
    self.init(count: count)
    for bit in 0..<count { insert(bit) }
  }

  mutating func insert(_ bit: Int) { words[bit >> 6] |= 1 << UInt64(bit & 63) }

  mutating func clear() {
    for index in words.indices { words[index] = 0 }
  }

  mutating func formUnion(_ other: NeedSet) {
    for index in words.indices { words[index] |= other.words[index] }
  }

  mutating func subtract(_ other: NeedSet) {
    for index in words.indices { words[index] &= ~other.words[index] }
  }

  var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

  func countInCommon(with other: NeedSet) -> Int {
    var count = 0
    for index in words.indices { count += (words[index] & other.words[index]).nonzeroBitCount }
    return count
  }
}
