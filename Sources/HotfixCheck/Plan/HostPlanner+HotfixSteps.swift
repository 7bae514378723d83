import KBData

/// Steps 3 to 5 of a plan (`HostPlanner`): of the hotfixes left after the service pack, the
/// fewest that meet every need, in install order, with what each settles.
extension HostPlanner {
  /// Steps 3 and 4: the fewest hotfixes, in install order, each with the rules it settles.
  func hotfixSteps(_ all: [HotfixCandidate]) -> [(step: PlanStep, settles: [Settled])] {
    guard !all.isEmpty else { return [] }
    let replaced = HotfixSupersedence.replacements(all)
    let candidates = replaced.isEmpty ? all : all.indices.filter { replaced[$0] == nil }.map { all[$0] }
    let chosen = HotfixCover.choose(candidates)
    let byAge = chosen.sorted { a, b in
      // In place: copying candidates to compare them was a tenth of planning (perf).
      if candidates[a].regressed != candidates[b].regressed { return !candidates[a].regressed }
      if candidates[a].newest != candidates[b].newest { return HotfixCandidate.isEarlier(candidates[a].newest, candidates[b].newest) }
      return candidates[a].id < candidates[b].id
    }
    let order =
      HotfixSupersedence.securityFirst(byAge.filter { !candidates[$0].regressed }, candidates)
      + HotfixSupersedence.securityFirst(byAge.filter { candidates[$0].regressed }, candidates)
    // By candidate: its place in `order`, and the rules its step settles (arrays, not
    // dictionaries keyed by candidate).
    var position = [Int](repeating: 0, count: candidates.count)
    var settles = [[Settled]](repeating: [], count: candidates.count)
    var isChosen = [Bool](repeating: false, count: candidates.count)
    for (place, index) in order.enumerated() {
      position[index] = place
      isChosen[index] = true
      let own = candidates[index]
      let how = own.regressed ? "reinstalls \(own.id): its files are older again" : "installs \(own.id)"
      settles[index] = [Settled(settlement: Settlement(rule: own.id, reason: how), rule: own.hotfix.rule)]
    }
    // The chosen hotfixes listing each file, in install order: a need is looked up by its file,
    // not asked of every chosen hotfix (that was a third of planning, callgrind).
    var chosenByFile: [Int32: [Int]] = [:]
    for index in order {
      for file in candidates[index].hotfix.distinctFiles { chosenByFile[file, default: []].append(index) }
    }
    for index in candidates.indices where !isChosen[index] {
      // Each need is met by the first chosen hotfix in install order that covers it.
      var by: [Int] = []
      for need in candidates[index].needs {
        if let coverer = chosenByFile[need.file]?.first(where: { candidates[$0].satisfies(need) }), !by.contains(coverer) {
          by.append(coverer)
        }
      }
      by.sort { position[$0] < position[$1] }
      guard let last = by.last else { continue }
      let names = by.map { candidates[$0].id }
      settles[last].append(
        Settled(
          settlement: Settlement(rule: candidates[index].id, reason: "covered by \(names.joined(separator: " and "))"),
          rule: candidates[index].hotfix.rule))
    }
    // A replaced hotfix goes with the step that settles its replacement (installed or covered).
    for (index, link) in replaced.sorted(by: { $0.key < $1.key }) {
      let replacer = all[link.by].id
      guard let step = settles.firstIndex(where: { $0.contains { $0.settlement.rule == replacer } }) else { continue }
      settles[step].append(
        Settled(settlement: Settlement(rule: all[index].id, reason: "replaced by \(link.replacement)"), rule: all[index].hotfix.rule))
    }
    return order.map { index in
      let candidate = candidates[index]
      let own = settles[index]
      return (
        PlanStep(
          action: candidate.regressed ? .reinstallHotfix : .installHotfix, hotfix: candidate.id, title: candidate.title),
        own.prefix(1) + own.dropFirst().sorted { $0.settlement.rule < $1.settlement.rule }
      )
    }
  }
}
