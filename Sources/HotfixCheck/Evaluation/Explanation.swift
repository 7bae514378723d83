import KBData

/// Why a rule got its verdict, kept as data: the sentence is written only when a report
/// shows it. `audit`'s fleet summary never does, and callgrind showed the sentences
/// (names collected, sorted and joined per rule) as about half of judging a host.
enum Explanation: Sendable, Hashable {
  /// Step 1: the article is for other editions.
  case otherEditions(Set<Edition>, host: Edition)
  /// Step 3: the host has the service pack that fixes it.
  case fixedBy(ServicePack, has: ServicePack)
  /// Step 4: a service pack fixes it and the article lists no files to check instead.
  case servicePackNeeded(ServicePack, has: ServicePack)
  /// Step 4: nothing to go on for this build line and platform.
  case noRows(BuildLine, Platform)
  /// Step 5: the host has none of the rows' files (their names, as the article spells them).
  case filesAbsent([String])
  /// Step 5 for a host whose inventory lists no file at all.
  case noFilesListed
  /// Step 6: every copy at or above the fix.
  case filesCurrent
  /// Step 6: no older copy, some undecided.
  case filesUndecided
  /// Step 7: older, recorded as installed.
  case regressed(rule: String)
  /// Step 7: older, and the fix needs a higher service pack first.
  case prerequisite(ServicePack, has: ServicePack)
  /// Step 7: older.
  case filesOlder
  /// A service pack manifest that does not speak for this host: the pack it lists, the host's.
  case outsideManifest(ServicePack, has: ServicePack, BuildLine, Platform)
  /// A manifest for a host that a later service pack's manifest judges instead.
  case manifestSuperseded(by: ServicePack, has: ServicePack)
  /// Step 6 for a manifest: every copy at or above the service pack's.
  case servicePackCurrent(ServicePack)
  /// A manifest's file older on the host than the service pack's copy.
  case servicePackOverwritten(listed: ServicePack, reapply: ServicePack)
  /// Step 7 (`filesOlder`, `prerequisite`) for a host whose hotfix list could not be read:
  /// the rule's hotfix may be recorded as installed, which would make it `regressed`.
  indirect case hotfixListUnknown(Explanation, rule: String)
  /// A sentence written by someone else (the ignore list, the planner, a test).
  case text(String)

  /// The sentence for a person; file names come from the evidence.
  func sentence(_ evidence: [FileEvidence]) -> String {
    switch self {
    case .otherEditions(let editions, let host):
      let named = editions.sorted().map(\.rawValue).joined(separator: ", ")
      return "the article applies to \(named), not \(host.rawValue)"
    case .fixedBy(let fixedIn, let has):
      return "fixed in \(fixedIn.displayName); the host has \(has.displayName)"
    case .servicePackNeeded(let fixedIn, let has):
      return "fixed in \(fixedIn.displayName); the host has \(has.displayName): install \(fixedIn.displayName)"
    case .noRows(let line, let platform):
      let lineName = line == .terminalServer ? "Terminal Server Edition" : "the standard NT 4.0"
      return "the article lists no files for \(lineName) build on \(platform.rawValue)"
    case .filesAbsent(let names):
      return "none of the listed files (\(Set(names).sorted().joined(separator: ", "))) is on the host"
    case .noFilesListed:
      return "no files in the inventory: the host's files were not collected, so whether it has the listed ones is not known"
    case .filesCurrent:
      return "every listed file on the host is at or above the fix"
    case .filesUndecided:
      return "\(Self.names(evidence, .undecided)): neither a comparable version nor a date on both sides"
    case .regressed(let rule):
      let (names, verb) = Self.older(evidence)
      return "\(rule) is recorded as installed, yet \(names) \(verb) older than the fix: reinstall it"
    case .prerequisite(let required, let has):
      let (names, verb) = Self.older(evidence)
      return
        "\(names) \(verb) older than the fix, which requires \(required.displayName); the host has \(has.displayName): install \(required.displayName) first"
    case .filesOlder:
      let (names, verb) = Self.older(evidence)
      return "\(names) \(verb) older than the fix"
    case .outsideManifest(let pack, let has, let line, let platform):
      if has < pack { return "the host has \(has.displayName), below \(pack.displayName), whose files this lists" }
      let lineName = line == .terminalServer ? "Terminal Server Edition" : "the standard NT 4.0"
      return "this lists \(pack.displayName)'s files of another build than \(lineName) build on \(platform.rawValue)"
    case .manifestSuperseded(let later, let has):
      return "the host has \(has.displayName): \(later.displayName)'s list of files judges it instead"
    case .servicePackCurrent(let pack):
      return "every listed file on the host is at or above \(pack.displayName)'s copy"
    case .servicePackOverwritten(let listed, let reapply):
      let (names, verb) = Self.older(evidence)
      return
        "\(names) \(verb) older than \(listed.displayName)'s copy: the service pack was partly overwritten, reapply \(reapply.displayName)"
    case .hotfixListUnknown(let inner, let rule):
      return inner.sentence(evidence)
        + "; the host's hotfix list could not be read, so \(rule) may be recorded as installed (then regressed: reinstall it)"
    case .text(let text):
      return text
    }
  }

  private static func names(_ evidence: [FileEvidence], _ result: CopyComparison) -> String {
    distinctNames(evidence, result).joined(separator: ", ")
  }

  private static func older(_ evidence: [FileEvidence]) -> (names: String, verb: String) {
    let names = distinctNames(evidence, .older)
    return (names.joined(separator: ", "), names.count == 1 ? "is" : "are")
  }

  /// The names of the files with this result, sorted, each once. Sorted and deduplicated in an
  /// array: a set per result was a third of writing a host's own results (callgrind).
  private static func distinctNames(_ evidence: [FileEvidence], _ result: CopyComparison) -> [String] {
    var names: [String] = []
    for file in evidence where file.result == result { names.append(file.name) }
    guard names.count > 1 else { return names }
    names.sort()
    var kept = 1
    for index in 1..<names.count where names[index] != names[kept - 1] {
      names[kept] = names[index]
      kept += 1
    }
    names.removeLast(names.count - kept)
    return names
  }
}
