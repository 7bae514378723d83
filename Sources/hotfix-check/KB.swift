import ArgumentParser
import Foundation
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
        print(Rule.json(base.rules.map(\.jsonObject)))
      case .text:
        print("# " + base.sourceSummary)
        for rule in base.rules {
          print("\(rule.id)\t\(rule.files.count) file(s)\t\(rule.title)")
        }
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
      case .json: print(Rule.json(rule.jsonObject))
      case .text:
        print(rule.textDescription)
        if let source = base.source(ofRule: rule.id) { print("  from: \(source.kind.name)") }
      }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say which articles became rules, which were skipped and why, and what could not be read.",
      discussion: "Example: hotfix-check kb lint --kb ../shared/corpus/kbarchive-nt")
    @OptionGroup var kb: KBOptions

    func run() throws {
      let base = try kb.load()
      print(LintReport(base).text)
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
      let catalog: KBData.Catalog
      do {
        catalog = try KBData.Catalog.read(archive: URL(fileURLWithPath: archive))
      } catch let error as KnowledgeBaseError {
        throw CommandError(message: error.description, status: 2)
      }
      let text = CatalogText.write(catalog)
      if let output {
        do {
          try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
          throw CommandError(message: "\(output): error: cannot write the catalog: \(error.localizedDescription)", status: 2)
        }
        printError("\(output): \(catalog.rules.count) rules, \(catalog.fixLists.count) fix lists, \(catalog.manifests.count) manifests from \(catalog.archive)")
      } else {
        print(text, terminator: "")
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
    }
  }
}
