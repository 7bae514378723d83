import Foundation
import KBData

/// One `check` or `audit`: reads every input, judges each host as soon as it is read,
/// writes its report at once and keeps only the summary.
public struct FleetRun {
  public var evaluator: Evaluator
  public var context: ReportContext
  /// Called with the number of hosts done, for progress on a terminal.
  public var progress: ((Int) -> Void)?

  public init(evaluator: Evaluator, context: ReportContext, progress: ((Int) -> Void)? = nil) {
    self.evaluator = evaluator
    self.context = context
    self.progress = progress
  }

  /// Runs over the command-line arguments, writing the report to `output`; returns the summary.
  public func run(arguments: [String], format: ReportFormat, output: ReportOutput, warn: (String) -> Void) -> FleetSummary {
    var writer = format.makeWriter()
    return run(arguments: arguments, writer: &writer, output: output, warn: warn)
  }

  public func run(arguments: [String], writer: inout any ReportWriter, output: ReportOutput, warn: (String) -> Void) -> FleetSummary {
    let (inputs, missing) = InventoryInput.expand(arguments)
    var summary = FleetSummary()
    var seen: [String: String] = [:]  // host name (lower case) → where it was first read
    output.write(writer.begin(context))
    func report(_ host: HostReport) {
      summary.add(host)
      output.write(writer.host(host))
      progress?(summary.hosts)
    }
    for failure in missing {
      warn(failure.description)
      report(HostReport(failure: failure))
    }
    let filter = evaluator.index.fileNameFilter
    for input in inputs {
      input.read(filter: filter) { item in
        switch item {
        case .host(let host):
          let key = host.name.lowercased()
          if let first = seen[key] {
            let failure = InventoryError(
              file: host.source, line: host.line, column: 1,
              message: "host \(host.name) is also in \(first): expected each host once", host: host.name)
            warn(failure.description)
            report(HostReport(failure: failure))
            return
          }
          seen[key] = "\(host.source):\(host.line)"
          report(evaluator.judge(host))
        case .failure(let failure):
          warn(failure.description)
          report(HostReport(failure: failure))
        }
      }
    }
    output.write(writer.end(summary))
    return summary
  }
}
