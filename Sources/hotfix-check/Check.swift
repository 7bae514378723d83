import ArgumentParser
import Foundation
import HotfixCheck

extension HotfixCheckCommand {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Judge each host of the inventories against the rules.",
      discussion: """
        Examples:
          hotfix-check check examples/xml/ntsrv01.xml
          hotfix-check check examples/csv/fleet.csv --format xml --output report.xml
          hotfix-check check examples/fleet/printsrv1.xml --plan
          hotfix-check check examples/xml --no-builtin --kb kb
          cat examples/xml/ntsrv02.xml | hotfix-check check - --format json
        """)
    @OptionGroup var options: ReportOptions

    func run() throws { try execute(options, fleetSummary: false) }
  }

  struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Judge a whole fleet and summarise it: hosts by verdict, rules and service packs needed.",
      discussion: """
        Examples:
          hotfix-check audit examples/xml
          hotfix-check audit examples/xml examples/csv/fleet.csv --format xml --output fleet-report.xml
          hotfix-check audit /srv/inventories --max-age 30
        """)
    @OptionGroup var options: ReportOptions

    @Option(
      name: .customLong("max-age"),
      help: ArgumentHelp(
        "List in the summary the inventories collected more than this many days ago (by their collected time).", valueName: "days"))
    var maxAge: Int = ReportContext.defaultMaxInventoryAge

    func validate() throws {
      if maxAge < 0 { throw ValidationError("--max-age must be 0 or more days") }
    }

    func run() throws { try execute(options, fleetSummary: true, maxInventoryAge: maxAge) }
  }
}

/// Shared by check and audit: load rules, open the output, run, set the exit status.
private func execute(_ options: ReportOptions, fleetSummary: Bool, maxInventoryAge: Int = ReportContext.defaultMaxInventoryAge) throws {
  let output = try openOutput(options.output, inputs: options.inputs)
  let base = try options.kb.loadRules()
  let plans = options.planning.wantsPlans(options.format)
  let evaluator = Evaluator(
    rules: base.rules, manifests: base.manifests, includeNotApplicable: options.includeNotApplicable,
    ignoreList: try options.planning.loadIgnoreList(ruleIDs: Set(base.rules.map(\.id)), leftOut: base.rulesLeftOut, warn: printError),
    plans: plans,
    fleetSummaryOnly: fleetSummary && options.format == .text,
    // The HTML page slims each host's results itself (HTMLReportWriter.slim).
    sharesProfileResults: options.format != .html)
  let progress = Progress.onTerminal()
  let run = FleetRun(
    evaluator: evaluator,
    context: ReportContext(
      rules: base.rules.count, ruleSources: base.sources, fleetSummary: fleetSummary, maxInventoryAge: maxInventoryAge),
    threads: options.threads(warn: printError),
    progress: progress.map { meter in { meter.update($0) } })
  let (format, stylesheet) = (options.format, options.planning.stylesheet)
  let makeWriter: @Sendable () -> any ReportWriter = { format.makeWriter(plans: plans, stylesheet: stylesheet) }
  var writer = makeWriter()
  let summary = run.run(arguments: options.inputs, writer: &writer, workerWriter: makeWriter, output: output, warn: printError)
  progress?.finish()
  try commitOutput(output)
  if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
}
