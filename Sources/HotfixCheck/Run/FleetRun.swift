import Foundation
import KBData
internal import SystemCalls

/// One `check` or `audit`: reads and judges the inputs on every core, writes each host's
/// report as soon as it is its turn and keeps only the summary, so memory stays flat.
///
/// Inputs are taken in sorted order and hosts in file order, whatever the number of
/// threads or the order the inputs were named in: the report is the same byte for byte.
public struct FleetRun {
  public var evaluator: Evaluator
  public var context: ReportContext
  /// Called as hosts are written, for progress on a terminal.
  public var progress: ((RunProgress) -> Void)?
  /// Threads that read and judge inputs (at least 1).
  public var threads: Int
  /// CSV files of at least twice this are read in parts of about this size (see `CSVSplitPlan`).
  var csvPartSize = CSVSplitPlan.partSize

  public init(
    evaluator: Evaluator, context: ReportContext, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    progress: ((RunProgress) -> Void)? = nil
  ) {
    self.evaluator = evaluator
    self.context = context
    self.threads = max(1, threads)
    self.progress = progress
  }

  /// The most threads a run should start: 4 per core, at most `maximumThreads`. Readers wait on
  /// the disk and judges on readers, so a few more threads than cores can help; 100,000 (a typo
  /// in --jobs) started 32,452 threads and hung.
  public static func threadLimit(cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
    min(maximumThreads, max(1, cores) * 4)
  }

  /// The cap on `threadLimit` whatever the number of cores.
  public static let maximumThreads = 64

  /// Runs over the command-line arguments, writing the report to `output`; returns the summary.
  public func run(arguments: [String], format: ReportFormat, output: ReportOutput, warn: (String) -> Void) -> FleetSummary {
    var writer = format.makeWriter()
    return run(arguments: arguments, writer: &writer, workerWriter: { format.makeWriter() }, output: output, warn: warn)
  }

  /// Runs with a given writer. With `workerWriter`, a factory of writers like `writer`, hosts are
  /// also written on the reading threads when the format allows it (see `writesHostsIndependently`).
  public func run(
    arguments: [String], writer: inout any ReportWriter, workerWriter: (@Sendable () -> any ReportWriter)? = nil,
    output: ReportOutput, warn: (String) -> Void
  ) -> FleetSummary {
    let (found, missing) = InventoryInput.expand(arguments)
    // Canonical order: by path, each input once.
    // Large CSV files in parts, read on several threads (cut by the file alone, whatever the thread count).
    let inputs = Array(Set(found)).sorted { ($0.path, $0.name) < ($1.path, $1.name) }.flatMap { $0.parts(size: csvPartSize) }
    var summary = FleetSummary()
    var seen: [String: String] = [:]  // host name (lower case) → where it was first read
    let sizes = inputs.map { input in
      if input.part != nil { return csvPartSize }  // for progress: the nominal size
      // stat, not FileManager.attributesOfItem: this runs once per input before any work
      return SystemCalls.fileSize(input.path) ?? 0
    }
    var state = RunProgress(hosts: 0, inputsDone: 0, inputs: inputs.count, bytesDone: 0, bytes: sizes.reduce(0, +))
    output.write(writer.begin(context))
    let separator = writer.hostSeparator
    func write(_ bytes: [UInt8]) {
      if summary.hosts > 0 { output.write(separator) }
      output.write(bytes)
    }
    func report(_ host: HostReport) {
      write(writer.host(host))
      summary.add(host)
      state.hosts = summary.hosts
      progress?(state)
    }
    for failure in missing {
      warn(failure.description)
      report(HostReport(failure: failure))
    }
    let queue = InputOrderQueue(count: inputs.count, window: threads * 16)
    let work = UnjudgedHostQueue(capacity: threads * 4)
    let evaluator = self.evaluator
    let context = self.context
    let filter = evaluator.index.fileNameIndex
    // Hosts are written on the judging threads when the format allows it (about half of an
    // audit's work for the XML report), else here in order.
    let spread = writer.writesHostsIndependently
    let factory = spread ? workerWriter : nil
    // With at least as many inputs as threads, each reading thread judges (and writes) its own
    // hosts. With fewer (one big CSV), readers only read and judging threads judge and write,
    // so the CSV is read on one core while its hosts are judged on the others. Measured on
    // 1,000 XML files, handing every host between threads cost ~4,000 context switches and
    // 10% more time, so the hand-off is kept for when it pays.
    let handOff = inputs.count < threads
    let readers = DispatchGroup()
    for _ in 0..<min(threads, inputs.count) {
      startThread(readers) {
        var local = handOff ? nil : factory?()
        _ = local?.begin(context)
        while let index = queue.claim() {
          inputs[index].read(filter: filter) { item in
            switch item {
            case .host(let host):
              let slot = JudgedSlot(host)
              if handOff {
                work.push(slot)
              } else {
                let judged = evaluator.judge(host)
                slot.fill(judged, local?.host(judged))
              }
              queue.append(index, .host(slot), bounded: inputs[index].part == nil)
            case .failure(let failure): queue.append(index, .failure(failure), bounded: inputs[index].part == nil)
            }
          }
          queue.finish(index)
        }
      }
    }
    let judges = DispatchGroup()
    for _ in 0..<(handOff ? threads : 0) {
      startThread(judges) {
        var local = factory?()
        _ = local?.begin(context)
        while let slot = work.pop() {
          let judged = evaluator.judge(slot.host)
          slot.fill(judged, local?.host(judged))
        }
      }
    }
    readers.notify(queue: .global()) { work.close() }
    /// True when the host named `name` has rows apart in a CSV file read in parts: it is failed
    /// once, naming the lines of its blocks, and nothing a part read of it is reported (a verdict
    /// on one block would be a partial one, issue 14).
    func reportedApart(_ name: String, source: String, plan: CSVSplitPlan?) -> Bool {
      let key = name.lowercased()
      guard let plan, let lines = plan.linesApart(of: key) else { return false }
      if seen[key] == nil {
        let failure = InventoryError(
          file: source, line: lines[0], column: 1,
          message:
            "the rows of host \(name) are not together: its blocks begin at lines \(lines.map(String.init).joined(separator: ", ")); "
            + "a CSV of \(CSVSplitPlan.partSize >> 19) MB or more is read in parts and needs each host's rows together (sort it by host)",
          host: name)
        warn(failure.description)
        report(HostReport(failure: failure))
        seen[key] = "\(source):\(lines[0])"
      }
      return true
    }
    // This thread writes, in input order, as results come.
    for index in 0..<inputs.count {
      while let batch = queue.take(index) {
        // A part whose rows an earlier part read (its cut was wrong): its own reading does not count.
        let counts = inputs[index].counts
        for item in batch {
          guard counts else {
            if case .host(let slot) = item { _ = slot.wait() }  // let its judging finish
            continue
          }
          switch item {
          case .host(let slot):
            let (judged, written) = slot.wait()
            let host = slot.host
            let key = host.name.lowercased()
            if reportedApart(host.name, source: host.source, plan: inputs[index].plan) { continue }
            if let first = seen[key] {
              let failure = InventoryError(
                file: host.source, line: host.line, column: 1,
                message: "host \(host.name) is also in \(first): expected each host once", host: host.name)
              warn(failure.description)
              report(HostReport(failure: failure))
              continue
            }
            seen[key] = "\(host.source):\(host.line)"
            if let written {
              write(written)
              writer.sumUp(judged)
              summary.add(judged)
              state.hosts = summary.hosts
              progress?(state)
            } else {
              report(judged)
            }
          case .failure(let failure):
            if let name = failure.host, reportedApart(name, source: failure.file, plan: inputs[index].plan) { continue }
            warn(failure.description)
            report(HostReport(failure: failure))
          }
        }
      }
      state.inputsDone = index + 1
      state.bytesDone += sizes[index]
      progress?(state)
    }
    readers.wait()
    judges.wait()
    output.write(writer.end(summary))
    return summary
  }
}

/// How far a run is: hosts written, and inputs and their bytes done out of all.
public struct RunProgress: Sendable {
  public var hosts: Int
  public var inputsDone: Int
  public var inputs: Int
  public var bytesDone: Int64
  public var bytes: Int64
}

/// Runs `body` on a thread of its own. Not the dispatch pool: readers and judges wait on
/// each other, and a pool that runs only as many blocks as there are cores could leave
/// the judges unstarted while every reader waits for them.
private func startThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
  group.enter()
  let thread = Thread {
    body()
    group.leave()
  }
  thread.stackSize = 8 << 20  // libxml2 recursion on nested elements (bounded by its depth limit)
  thread.start()
}
