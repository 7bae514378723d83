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
    var left = order
    var result: [Int] = []
    // The files of the hotfixes passed over, by number: a set of file names made per candidate
    // per pick (and the names lower-cased again) was 4% of planning a fleet (perf).
    var ahead = Set<Int32>()
    while !left.isEmpty {
      ahead.removeAll(keepingCapacity: true)
      var pick = left.startIndex
      for slot in left.indices {
        let hotfix = candidates[left[slot]].hotfix
        if hotfix.isSecurityFix && !hotfix.distinctFiles.contains(where: ahead.contains) {
          pick = slot
          break
        }
        ahead.formUnion(hotfix.distinctFiles)
      }
      result.append(left.remove(at: pick))
    }
    return result
  }
}
