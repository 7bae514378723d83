extension Rule {
  /// The rule as a few lines for a person (`kb show`).
  public var textDescription: String {
    func refs(_ list: [ServicePackRef]) -> String {
      list.isEmpty
        ? "-"
        : list.map { ($0.edition == .terminalServer ? "TSE " : "") + $0.servicePack.displayName }.joined(separator: ", ")
    }
    var lines = [
      "\(id): \(title)",
      "  editions: \(editions.isEmpty ? "-" : editions.sorted().map(\.rawValue).joined(separator: ", "))",
      "  requires: \(refs(requires))",
      "  fixed in: \(refs(fixedIn))",
    ]
    for file in files {
      let cells = [
        file.edition == .terminalServer ? "TSE" : "standard",
        file.platform?.rawValue ?? "any platform",
        file.name,
        file.version?.text ?? "-",
        file.date?.description ?? "-",
        file.size.map(String.init) ?? "-",
      ]
      lines.append("  file: " + cells.joined(separator: "  "))
    }
    return lines.joined(separator: "\n")
  }
}
