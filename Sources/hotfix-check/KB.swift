import ArgumentParser
import Foundation
import KBData

extension HotfixCheckCommand {
  /// `hotfix-check kb list | show | lint`.
  struct KB: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kb",
      abstract: "List, show and lint the rules read from Knowledge Base articles.",
      subcommands: [List.self, Show.self, Lint.self]
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
      discussion: "Example: hotfix-check kb list --kb ../kbarchive --format json > rules.json")
    @OptionGroup var kb: KBOptions
    @Option(help: "text or json (an array of rules in the form of kb show).") var format: KBFormat = .text

    func run() throws {
      let base = try kb.loadRules()
      switch format {
      case .json:
        print(Rule.json(base.rules.map(\.jsonObject)))
      case .text:
        for rule in base.rules {
          print("\(rule.id)\t\(rule.files.count) file(s)\t\(rule.title)")
        }
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one rule.",
      discussion: "Example: hotfix-check kb show Q256149 --format json")
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
      case .text: print(rule.textDescription)
      }
    }
  }

  struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say which articles became rules, which were skipped and why, and what could not be read.",
      discussion: "Example: hotfix-check kb lint --kb ../kbarchive")
    @OptionGroup var kb: KBOptions

    func run() throws {
      let base = try kb.load()
      print(LintReport(base).text)
    }
  }
}
