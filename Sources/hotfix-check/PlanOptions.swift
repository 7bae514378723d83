import ArgumentParser
import Foundation
import HotfixCheck
import KBData

/// `--plan`, `--ignore` and `--stylesheet`: what to install, what to skip, how a browser shows the XML.
struct PlanOptions: ParsableArguments {
  @Flag(
    help:
      "Add each host's plan (service pack, then hotfixes, then reinstalls) and the fleet plan to the text and XML reports; the html format always has it."
  )
  var plan = false

  @Option(
    help: ArgumentHelp(
      "Rules to skip, fleet-wide or per host: lines 'RULE HOST UNTIL REASON' (e.g. 'Q256149 * 2027-01-01 vendor app breaks'); HOST may be a pattern, UNTIL a date or -. Skipped rules show as ignored and do not count for the exit status.",
      valueName: "file"))
  var ignore: String?

  @Option(
    help: ArgumentHelp(
      "Put an xml-stylesheet instruction with this href in the XML report, so a browser shows it as a page (e.g. report-html.xsl).",
      valueName: "href"))
  var stylesheet: String?

  func validate() throws {
    if let stylesheet, let problem = XMLReportWriter.stylesheetProblem(stylesheet) {
      throw ValidationError("--stylesheet '\(stylesheet)': expected a URI reference such as report-html.xsl: \(problem)")
    }
  }

  /// Whether plans are made: asked for, or needed by the html page.
  func wantsPlans(_ format: ReportFormat) -> Bool { plan || format == .html }

  /// The ignore list in force today. On standard error: entries whose rule is neither among
  /// `ruleIDs` nor `leftOut` (rules that exist but `--only` keeps out of this run: one ignore list
  /// serves runs with and without `--only`), and expired entries (their rules judged again,
  /// unless another entry still ignores them).
  func loadIgnoreList(ruleIDs: Set<String>, leftOut: Set<String> = [], warn: (String) -> Void) throws -> IgnoreList {
    guard let ignore else { return IgnoreList() }
    let list: IgnoreList
    do {
      list = try IgnoreList.read(path: ignore)
    } catch let error as IgnoreListError {
      throw CommandError(message: error.description, status: 2)
    }
    for entry in list.entries(withRuleNotIn: ruleIDs.union(leftOut)) {
      warn("\(entry.source): warning: no rule \(entry.rule) among the rules: this entry ignores nothing")
    }
    guard let today = FileDate.today() else { return list }
    let (active, expired) = list.active(on: today)
    for entry in expired {
      let ended =
        "\(entry.source): warning: the entry for \(entry.rule) on \(entry.host) expired on \(entry.until.map(String.init(describing:)) ?? "?")"
      if let still = active.entry(covering: entry) {
        warn("\(ended); \(still.source) still ignores it")
      } else {
        warn("\(ended): judged again")
      }
    }
    return active
  }
}
