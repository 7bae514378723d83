import KBData

/// What a security catalog adds to a host's hotfix steps (issue 16): which needed hotfix a later
/// needed one replaces, and an install order that puts security fixes first where it may.
enum HotfixSupersedence {
  /// For each candidate that another candidate replaces (`Rule.replacedBy`, followed through
  /// chains: Q1 replaced by Q2, Q2 by Q3), the candidate that settles it and the first link's
  /// fact. A cycle replaces none of its members.
  static func replacements(_ candidates: [HotfixCandidate]) -> [Int: (by: Int, replacement: Replacement)] {
    // Most catalogs replace nothing: upper-casing every candidate's id to look for replacements
    // was 1% of planning a fleet on the built-in catalog (perf).
    guard candidates.contains(where: { !$0.hotfix.replacedBy.isEmpty }) else { return [:] }
    let position = Dictionary(candidates.enumerated().map { ($1.id.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
    var direct: [Int: (by: Int, replacement: Replacement)] = [:]
    for (index, candidate) in candidates.enumerated() {
      for replacement in candidate.hotfix.replacedBy {
        if let by = position[replacement.rule.uppercased()], by != index {
          direct[index] = (by, replacement)
          break
        }
      }
    }
    var resolved: [Int: (by: Int, replacement: Replacement)] = [:]
    for (index, link) in direct {
      var seen: Set<Int> = [index]
      var at = link.by
      while let next = direct[at], seen.insert(at).inserted { at = next.by }
      if direct[at] == nil { resolved[index] = (at, link.replacement) }
    }
    return resolved
  }

  /// `order` (older hotfixes first, so that a later one's copy of a shared file is the one left)
  /// with security fixes moved ahead: each time, the first security fix that shares no file with
  /// a hotfix still ahead of it in `order`; else the next in `order`. Two hotfixes that ship the
  /// same file keep their order.
  static func securityFirst(_ order: [Int], _ candidates: [HotfixCandidate]) -> [Int] {
    // Counted, not searched: for each hotfix, how many of its files a hotfix still ahead of it
    // ships. A hotfix taken has none ahead, so it was the first of `order` left to ship each of
    // its files, and the next to ship each is then one closer to the front. Gathering the files of
    // the hotfixes ahead at every pick was 4% of planning a fleet (perf).
    let isSecurityFix = order.map { candidates[$0].isSecurityFix }
    var holders: [(file: Int32, place: Int)] = []
    for (place, index) in order.enumerated() {
      for file in candidates[index].hotfix.distinctFiles { holders.append((file, place)) }
    }
    holders.sort { ($0.file, $0.place) < ($1.file, $1.place) }
    var ahead = [Int](repeating: 0, count: order.count)
    var next: [(from: Int, to: Int)] = []  // the next hotfix in `order` to ship a file of `from`
    for (earlier, later) in zip(holders, holders.dropFirst()) where earlier.file == later.file {
      ahead[later.place] += 1
      next.append((earlier.place, later.place))
    }
    next.sort { $0.from < $1.from }
    var nextStart = [Int](repeating: next.count, count: order.count + 1)
    for (at, link) in next.enumerated().reversed() { nextStart[link.from] = at }
    for place in stride(from: order.count - 1, through: 0, by: -1) { nextStart[place] = min(nextStart[place], nextStart[place + 1]) }

    var left = Array(order.indices)  // places in `order`
    var result: [Int] = []
    while !left.isEmpty {
      let slot = left.firstIndex { isSecurityFix[$0] && ahead[$0] == 0 } ?? left.startIndex
      let place = left.remove(at: slot)
      result.append(order[place])
      for link in next[nextStart[place]..<nextStart[place + 1]] { ahead[link.to] -= 1 }
    }
    return result
  }
}
