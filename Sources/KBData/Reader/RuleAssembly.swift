/// Puts the pieces of an article together into its rule, applying the build-line rules of
/// contract section 2: a TSE context, a TSE-only article or a TSE build version makes a row TSE.
enum RuleAssembly {
  static func rule(
    id: String, title: String, editions: Set<Edition>, groups: [BodyScan.RowGroup], status: StatusSentences,
    foreignProblem: Bool = false, origin: RuleOrigin = RuleOrigin()
  ) -> Rule {
    let terminalOnly = editions == [.terminalServer]
    // A hotfix whose only prerequisite is a TSE service pack is a TSE hotfix.
    // Only when nothing else in the article tells TSE rows from standard ones.
    let terminalRequirement =
      !status.requires.isEmpty && status.requires.allSatisfy { $0.edition == .terminalServer }
      && !groups.contains { $0.context.terminalServer && !$0.rows.isEmpty }
    var files: [RuleFile] = []
    // A fix for the Chinese build only is not an English list unless the text says it is.
    for group in groups where !group.context.excluded && (!foreignProblem || group.context.english) {
      // A list repeated elsewhere in the article counts once; equal rows of one list all count.
      let earlier = files
      for row in group.rows {
        let terminal =
          terminalOnly || terminalRequirement || group.context.terminalServer
          || (row.version?.isTerminalServerBuild ?? false)
        let file = RuleFile(
          edition: terminal ? .terminalServer : nil,
          platform: row.platform ?? group.context.platform,
          name: row.name, version: row.version, date: row.date, size: row.size, origin: FactOrigin(line: row.line))
        if !earlier.contains(file) { files.append(file) }
      }
    }
    // One entry per build line; the one kept keeps the line it was read from.
    func line(_ refs: [ServicePackRef], keepHighest: Bool) -> [ServicePackRef] {
      var byLine: [BuildLine: ServicePackRef] = [:]
      for ref in refs {
        let key = terminalOnly ? BuildLine.terminalServer : ref.line
        if let known = byLine[key] {
          let better = keepHighest ? ref.servicePack > known.servicePack : ref.servicePack < known.servicePack
          if better { byLine[key] = ref }
        } else {
          byLine[key] = ref
        }
      }
      return [BuildLine.standard, .terminalServer].compactMap { key in
        byLine[key].map { ServicePackRef(edition: key.editionTag, servicePack: $0.servicePack, origin: $0.origin) }
      }
    }
    return Rule(
      id: id, title: title, editions: editions,
      requires: line(status.requires, keepHighest: true),
      fixedIn: line(status.fixedIn, keepHighest: false),
      files: files, origin: origin)
  }
}
