import ArgumentParser
import Foundation
import HotfixCheck
import KBData

extension HotfixCheckCommand {
  /// `hotfix-check kb list | show | lint`.
  struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kb",
      abstract: "List, show and lint the rules read from Knowledge Base articles.",
      subcommands: [List.self, Show.self, Lint.self, Catalog.self]
    )
  }
}

/// Output form of the `kb` commands.
enum KBFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

extension HotfixCheckCommand.KB {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every rule.",
      discussion: """
        The built-in catalog's rules, with each --kb folder's added. As text, the first lines
        (starting with #) say how many rules came from where; as JSON, standard error says it.
        Examples:
          hotfix-check kb list
          hotfix-check kb list --kb ../shared/corpus/kbarchive-nt --no-builtin --format json > rules.json
        """)
    @OptionGroup var kb: KBOptions
    @Option(help: "text or json (an array of rules in the form of kb show).") var format: KBFormat = .text

    func run() throws {
      let base = try kb.loadRules()
      switch format {
      case .json:
        printError(base.sourceSummary)
        try writeOutput(Rule.json(base.rules.map(\.jsonObject)) + "\n", escaping: false)
      case .text:
        var lines = ["# " + VisibleText.escaping(base.sourceSummary)]
        for rule in base.rules {
          // Fields escaped one by one: the tabs between them are the listing's own.
          lines.append("\(rule.id)\t\(rule.files.count) file(s)\t\(VisibleText.escaping(rule.title))")
        }
        try writeOutput(lines.joined(separator: "\n") + "\n", escaping: false)
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one rule.",
      discussion: """
        As text, each fact comes with the article line it was read from, and the rule with where it
        came from (the built-in catalog or a --kb folder).
        Example: hotfix-check kb show Q256149 --format json
        """)
    @Argument(help: "The article id, for example Q256149.") var id: String
    @OptionGroup var kb: KBOptions
    @Option(help: "text or json (contract section 2).") var format: KBFormat = .text

    func run() throws {
      let base = try kb.loadRules()
      guard let rule = base.rule(id: id) else {
        // Rules from the cache carry no articles: parse them to say why this one is not a rule.
        let articles = base.articles.isEmpty ? try kb.load().articles : base.articles
        if let article = articles.first(where: { $0.id?.uppercased() == id.uppercased() }),
          case .skipped(let reason) = article.outcome
        {
          printError("error: \(id) is not a rule: \(reason.rawValue) (\(article.path))")
        } else {
          printError("error: no article \(id) in the knowledge base")
        }
        throw ExitCode(2)
      }
      switch format {
      case .json: try writeOutput(Rule.json(rule.jsonObject) + "\n", escaping: false)
      case .text:
        var text = rule.textDescription + "\n"
        if let source = base.source(ofRule: rule.id) { text += "  from: \(source.kind.name)\n" }
        try writeOutput(text)
      }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say which articles became rules, which were skipped and why, and what could not be read.",
      discussion: """
        With --catalog, also what each security catalog gave: its NT 4.0 rules, those merged with
        article rules, what it skipped and why, and each file whose version it gives otherwise.
        Examples:
          hotfix-check kb lint --kb ../shared/corpus/kbarchive-nt
          hotfix-check kb lint --catalog ../shared/catalogs/mssecure-2001-10-04.xml
        """)
    @OptionGroup var kb: KBOptions

    func run() throws {
      var report = LintReport(try kb.load())
      // A catalog merges with the rules in force (the built-in catalog and the --kb folders).
      if !kb.catalogs.isEmpty { report.catalogMerges = try kb.loadRules().catalogMerges }
      try writeOutput(report.text + "\n")
    }
  }
}

extension HotfixCheckCommand.KB {
  struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the catalog of an archive of articles: the facts the parser reads, not the articles.",
      discussion: """
        Reads every article under ARCHIVE (laid out NNN/QNNNNNN/README.md) and writes its rules,
        service pack fix lists and manifests, each fact with the article line it came from, in the
        form of the project's kb/catalog.tsv (the built-in catalog). scripts/make-catalog runs this.
        Example: hotfix-check kb catalog ../shared/corpus/kbarchive-nt --output kb/catalog.tsv
        """)
    @Argument(help: ArgumentHelp("A checkout of the KB archive (its NT 4.0 part).", valueName: "archive"))
    var archive: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
      let destination = try openOutput(output, inputs: [archive])
      let catalog: KBData.Catalog
      do {
        catalog = try KBData.Catalog.read(archive: URL(fileURLWithPath: archive))
      } catch let error as KnowledgeBaseError {
        throw CommandError(message: error.description, status: 2)
      }
      let text = CatalogText.write(catalog)
      // The catalog is data (tab-separated facts), written as read: no escaping.
      destination.write(text)
      try commitOutput(destination)
      if let output {
        printError(
          "\(output): \(catalog.rules.count) rules, \(catalog.fixLists.count) fix lists, \(catalog.manifests.count) manifests from \(catalog.archive)"
        )
      }
    }
  }
}

extension RuleSource.Kind {
  /// `the built-in catalog (kbarchive-nt, revision …)` or the folder's path.
  var name: String {
    switch self {
    case .builtin(let stamp?): "the built-in catalog (\(stamp))"
    case .builtin(nil): "the built-in articles"
    case .folder(let path): path
    case .catalog(let stamp): "the security catalog \(stamp)"
    }
  }
}
