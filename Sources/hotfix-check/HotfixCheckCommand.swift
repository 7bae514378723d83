import ArgumentParser

@main
struct HotfixCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "hotfix-check")
}
