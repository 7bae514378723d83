extension Rule {
  /// The rule as a few lines for a person (`kb show`): each fact with the article line it was read
  /// from (`line 52`, or `Q241211 line 120` when a service pack's fix list gave it), so an auditor
  /// can check it against the article.
  public var textDescription: String {
    func at(_ line: Int?) -> String { line.map { $0 > 0 ? "  (line \($0))" : "" } ?? "" }
    func at(_ origin: FactOrigin?) -> String {
      origin.map { $0.line > 0 || $0.article != nil || $0.catalog != nil ? "  (\($0))" : "" } ?? ""
    }
    func name(_ ref: ServicePackRef) -> String {
      (ref.edition == .terminalServer ? "TSE " : "") + ref.servicePack.displayName
    }
    var lines = ["\(id): \(title)\(at(origin.title))"]
    if editions.isEmpty {
      lines.append("  editions: - (the article names none: every edition)")
    } else {
      for edition in editions.sorted() { lines.append("  edition: \(edition.rawValue)\(at(origin.editions[edition]))") }
    }
    if requires.isEmpty { lines.append("  requires: -") }
    for ref in requires { lines.append("  requires: \(name(ref))\(at(ref.origin))") }
    if fixedIn.isEmpty { lines.append("  fixed in: -") }
    for ref in fixedIn { lines.append("  fixed in: \(name(ref))\(at(ref.origin))") }
    func cells(_ file: RuleFile) -> String {
      [
        file.edition == .terminalServer ? "TSE" : "standard",
        file.platform?.rawValue ?? "any platform",
        file.name,
        file.version?.text ?? "-",
        file.date?.description ?? "-",
        file.size.map(String.init) ?? "-",
      ].joined(separator: "  ") + (file.servicePacks.map { "  for " + Self.words($0) } ?? "")
    }
    for file in files { lines.append("  file: " + cells(file) + at(file.origin)) }
    for file in disputedFiles {
      lines.append("  catalog file, not judged (the article lists another version): " + cells(file) + at(file.origin))
    }
    for bulletin in bulletins { lines.append("  bulletin: \(bulletin)" + at(bulletin.origin)) }
    for replacement in replacedBy { lines.append("  replaced by: \(replacement)" + at(replacement.origin)) }
    return lines.joined(separator: "\n")
  }

  /// `SP4 to SP5`, `SP6a`: the service packs a build of a file is for.
  static func words(_ packs: ClosedRange<ServicePack>) -> String {
    packs.lowerBound == packs.upperBound
      ? packs.lowerBound.displayName : "\(packs.lowerBound.displayName) to \(packs.upperBound.displayName)"
  }
}
