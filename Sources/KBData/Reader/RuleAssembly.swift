/// Puts the pieces of an article together into its rule, applying the build-line rules of
/// contract section 2: a TSE context, a TSE-only article or a TSE build version makes a row TSE.
enum RuleAssembly {
  static func rule(
    id: String, title: String, editions: Set<Edition>, groups: [BodyScan.RowGroup], status: StatusSentences,
    foreignProblem: Bool = false
  ) -> Rule {
    let terminalOnly = editions == [.terminalServer]
    // A hotfix whose only prerequisite is a TSE service pack is a TSE hotfix.
    // Only when nothing else in the article tells TSE rows from standard ones.
    let terminalRequirement = !status.requires.isEmpty && status.requires.allSatisfy { $0.edition == .terminalServer }
      && !groups.contains { $0.context.terminalServer && !$0.rows.isEmpty }
    var files: [RuleFile] = []
    // A fix for the Chinese build only is not an English list unless the text says it is.
    for group in groups where !group.context.excluded && (!foreignProblem || group.context.english) {
      // A list repeated elsewhere in the article counts once; equal rows of one list all count.
      let earlier = files
      for row in group.rows {
        let terminal = terminalOnly || terminalRequirement || group.context.terminalServer
          || (row.version?.isTerminalServerBuild ?? false)
        let file = RuleFile(
          edition: terminal ? .terminalServer : nil,
          platform: row.platform ?? group.context.platform,
          name: row.name, version: row.version, date: row.date, size: row.size)
        if !earlier.contains(file) { files.append(file) }
      }
    }
    func line(_ refs: [ServicePackRef], keepHighest: Bool) -> [ServicePackRef] {
      var byLine: [BuildLine: ServicePack] = [:]
      for ref in refs {
        let key = terminalOnly ? BuildLine.terminalServer : ref.line
        if let known = byLine[key] {
          byLine[key] = keepHighest ? max(known, ref.servicePack) : min(known, ref.servicePack)
        } else {
          byLine[key] = ref.servicePack
        }
      }
      return [BuildLine.standard, .terminalServer].compactMap { key in
        byLine[key].map { ServicePackRef(edition: key.editionTag, servicePack: $0) }
      }
    }
    return Rule(
      id: id, title: title, editions: editions,
      requires: line(status.requires, keepHighest: true),
      fixedIn: line(status.fixedIn, keepHighest: false),
      files: files)
  }
}
