import KBData

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
    // The rows of every candidate listing a file some need asks for, by file, with their levels
    // (files no need asks for are left out: a host's candidates list many more). A need is
    // compared with these rows, without going through each candidate to its rows: that was half
    // of choosing (perf).
    var asked = Set<Int32>()
    for index in candidates.indices {
      for need in candidates[index].needs { asked.insert(need.file) }
    }
    var byFile: [Int32: [(candidate: Int, level: ComparedLevel)]] = [:]
    for index in candidates.indices {
      let hotfix = candidates[index].hotfix
      for row in hotfix.files.indices where asked.contains(hotfix.files[row]) {
        byFile[hotfix.files[row], default: []].append((index, hotfix.levels[row]))
      }
    }
    // Every need, flattened, and which candidates meet it (`HotfixCandidate.satisfies`), each
    // once, in order: `meeters[meetersStart[need]..<meetersStart[need + 1]]` (one list for all:
    // a list per need was an allocation per need of every host).
    var owner: [Int] = []
    var meeters: [Int] = []
    var meetersStart = [0]
    for index in candidates.indices {
      for need in candidates[index].needs {
        owner.append(index)
        let start = meeters.count
        for row in byFile[need.file] ?? []
        where (meeters.count == start || meeters[meeters.count - 1] != row.candidate)
          && VerdictRules.compare(found: row.level, required: need.level) == .current
        {
          meeters.append(row.candidate)
        }
        if !meeters[start...].contains(index) { meeters.append(index) }
        meetersStart.append(meeters.count)
      }
    }
    func metBy(_ need: Int) -> ArraySlice<Int> { meeters[meetersStart[need]..<meetersStart[need + 1]] }
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
    for need in owner.indices {
      for meeter in metBy(need) { parent[root(meeter)] = root(owner[need]) }
    }
    // A candidate alone in its group is chosen (for its own needs, or for itself when it has
    // none), without ranking or covering: most are alone, and doing so for each was a third of
    // choosing (perf).
    var size = [Int](repeating: 0, count: candidates.count)
    for index in candidates.indices { size[root(index)] += 1 }
    var chosen: [Int] = []
    var groups: [Int: [Int]] = [:]
    for index in candidates.indices {
      if size[root(index)] == 1 { chosen.append(index) } else { groups[root(index), default: []].append(index) }
    }
    var needsOfGroup: [Int: [Int]] = [:]  // in one pass: filtering every need per group was quadratic
    for need in owner.indices where size[root(owner[need])] > 1 { needsOfGroup[root(owner[need]), default: []].append(need) }

    var rank = [Int](repeating: 0, count: candidates.count)
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
      for (position, member) in ranked.enumerated() { rank[member] = position }
      var meets = [NeedSet](repeating: NeedSet(count: needs.count), count: ranked.count)
      for (bit, need) in needs.enumerated() {
        for meeter in metBy(need) { meets[rank[meeter]].insert(bit) }  // a need's meeters are of its group
      }
      let picked = ranked.count <= exactLimit ? exact(meets, needs.count) : greedy(meets, needs.count)
      chosen += picked.map { ranked[$0] }.filter { !bare.contains($0) }
    }
    return chosen.sorted()
  }

  /// The smallest subset (by position in `meets`, earlier preferred) whose union holds all `count` needs.
  ///
  /// A candidate meeting no more than an earlier one is left out: where a smallest subset had it,
  /// the earlier one in its place is as small and comes first, so the answer is the same, and
  /// trying fewer combinations was most of the exact cover's 7% of planning a fleet (perf).
  private static func exact(_ meets: [NeedSet], _ count: Int) -> [Int] {
    var kept: [Int] = []
    for index in meets.indices where !kept.contains(where: { meets[index].isSubset(of: meets[$0]) }) { kept.append(index) }
    let n = kept.count
    let all = NeedSet(all: count)
    var union = NeedSet(count: count)
    for size in 1...n {
      var pick = Array(0..<size)
      while true {
        union.clear()
        for index in pick { union.formUnion(meets[kept[index]]) }
        if union == all { return pick.map { kept[$0] } }
        // Next combination in lexicographic order.
        var i = size - 1
        while i >= 0 && pick[i] == n - size + i { i -= 1 }
        if i < 0 { break }
        pick[i] += 1
        for j in (i + 1)..<size { pick[j] = pick[j - 1] + 1 }
      }
    }
    return Array(meets.indices)
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
/// 16 hotfixes, and unions of `Set<Int>` there were 43% of planning a fleet (perf). The first 64
/// needs are held in place, the others in an array: a group rarely has more, and allocating
/// every set's words was most of the exact cover's 6% (perf).
struct NeedSet: Equatable {
  private var first: UInt64 = 0
  private var rest: [UInt64]

  /// No need of `count`.
  init(count: Int) { rest = count > 64 ? Array(repeating: 0, count: (count - 1) / 64) : [] }

  /// Every need of `count`.
  init(all count: Int) {
    self.init(count: count)
    for bit in 0..<count { insert(bit) }
  }

  mutating func insert(_ bit: Int) {
    if bit < 64 { first |= 1 << UInt64(bit) } else { rest[(bit >> 6) - 1] |= 1 << UInt64(bit & 63) }
  }

  mutating func clear() {
    first = 0
    for index in rest.indices { rest[index] = 0 }
  }

  mutating func formUnion(_ other: NeedSet) {
    first |= other.first
    for index in rest.indices { rest[index] |= other.rest[index] }
  }

  mutating func subtract(_ other: NeedSet) {
    first &= ~other.first
    for index in rest.indices { rest[index] &= ~other.rest[index] }
  }

  var isEmpty: Bool { first == 0 && rest.allSatisfy { $0 == 0 } }

  func isSubset(of other: NeedSet) -> Bool {
    first & ~other.first == 0 && rest.indices.allSatisfy { rest[$0] & ~other.rest[$0] == 0 }
  }

  func countInCommon(with other: NeedSet) -> Int {
    var count = (first & other.first).nonzeroBitCount
    for index in rest.indices { count += (rest[index] & other.rest[index]).nonzeroBitCount }
    return count
  }
}
