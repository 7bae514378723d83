import ArgumentParser

extension HotfixCheckCommand {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Judge hosts against the rules.")
  }
  struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Judge a fleet and summarise it.")
  }
}
