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
  var rows: [RuleFile]
  /// Whether a security bulletin names it: such hotfixes are installed first where they can be.
  var isSecurityFix = false
  /// Later hotfixes that replace it, as a security catalog says (`Rule.replacedBy`).
  var replacedBy: [Replacement] = []

  /// True when installing this hotfix brings the file of `need` to at least the level it asks for.
  func satisfies(_ need: FileNeed) -> Bool {
    rows.contains { $0.matchKey == need.key && FileLevel($0).isAtOrAbove(need.level) == true }
  }

  /// The newest date among its rows, to install older hotfixes first.
  var newest: FileDate? { rows.compactMap(\.date).max() }

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
      for key in Set(candidate.rows.map(\.matchKey)) { byFile[key, default: []].append(index) }
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

    var chosen: [Int] = []
    for members in groups.values {
      let memberSet = Set(members)
      let needs = metBy.indices.filter { memberSet.contains(owner[$0]) }
      // A candidate with no file need (none found older) is chosen for itself.
      let bare = members.filter { candidates[$0].needs.isEmpty }
      chosen += bare
      guard !needs.isEmpty else { continue }
      // Preference: newest files first, then the later article.
      let ranked = members.sorted { a, b in
        let x = candidates[a]
        let y = candidates[b]
        if x.newest != y.newest { return HotfixCandidate.isEarlier(y.newest, x.newest) }
        return x.id > y.id
      }
      let rank = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1, $0) })
      var meets = [Set<Int>](repeating: [], count: ranked.count)
      for need in needs {
        for meeter in metBy[need] { if let position = rank[meeter] { meets[position].insert(need) } }
      }
      let picked = ranked.count <= exactLimit ? exact(meets, needs.count) : greedy(meets, Set(needs))
      chosen += picked.map { ranked[$0] }.filter { !bare.contains($0) }
    }
    return chosen.sorted()
  }

  /// The smallest subset (by position in `meets`, earlier preferred) whose union holds `count` needs.
  private static func exact(_ meets: [Set<Int>], _ count: Int) -> [Int] {
    let n = meets.count
    for size in 1...n {
      var pick = Array(0..<size)
      while true {
        var union = Set<Int>()
        for index in pick { union.formUnion(meets[index]) }
        if union.count == count { return pick }
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
  private static func greedy(_ meets: [Set<Int>], _ all: Set<Int>) -> [Int] {
    var open = all
    var picked: [Int] = []
    while !open.isEmpty {
      var best = -1
      var bestCount = 0
      for (index, set) in meets.enumerated() {
        let count = set.intersection(open).count
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
