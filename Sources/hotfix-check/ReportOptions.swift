import ArgumentParser
import Foundation
import HotfixCheck

extension ReportFormat: ExpressibleByArgument {}

/// The options of `check` and `audit`.
struct ReportOptions: ParsableArguments {
  @Argument(help: ArgumentHelp("Inventory files (.xml, .csv), folders of them, or - for standard input.", valueName: "inventory"))
  var inputs: [String]

  @OptionGroup var kb: KBOptions

  @Option(help: "Report format: text, xml, json, csv or html.") var format: ReportFormat = .text

  @Option(
    name: .shortAndLong,
    help: ArgumentHelp("Write the report to this file (whole or not at all) instead of standard output.", valueName: "file"))
  var output: String?

  @Flag(help: "Also list the rules that do not apply to a host.") var includeNotApplicable = false

  @Option(
    name: .shortAndLong,
    help:
      "Threads that read and judge inventories (default: one per core; at most 4 per core and 64: more is capped, with a warning). The report is the same whatever the number."
  )
  var jobs: Int?

  @OptionGroup var planning: PlanOptions

  /// The threads to run: `--jobs` capped at `FleetRun.threadLimit()`, one per core by default.
  func threads(warn: (String) -> Void) -> Int {
    let limit = FleetRun.threadLimit()
    guard let jobs else { return min(ProcessInfo.processInfo.activeProcessorCount, limit) }
    if jobs > limit {
      warn(
        "warning: --jobs \(jobs) is more than this machine can use: running \(limit) threads (4 per core, at most \(FleetRun.maximumThreads))"
      )
      return limit
    }
    return jobs
  }

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    if inputs.isEmpty { throw ValidationError("name at least one inventory, folder, or - for standard input") }
  }
}
