import ArgumentParser

@main
struct HotfixCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hotfix-check",
    abstract: "Tell which published Windows NT 4.0 hotfixes each host still needs.",
    discussion: """
      Rules come from Microsoft Knowledge Base articles: the ones built into the
      program, or every article under each --kb folder. Inventories are XML or CSV
      file lists of one host or a whole fleet.

      Examples:
        hotfix-check check examples/fleet.xml
        hotfix-check audit examples/ --format xml --output report.xml
        hotfix-check kb show Q256149 --format json
        hotfix-check kb lint --kb ../kbarchive
      """,
    subcommands: [Check.self, Audit.self, KB.self]
  )
}
