import Foundation
internal import SystemCalls

/// One inventory to read: a file, or standard input.
public struct InventoryInput: Sendable, Hashable {
  /// The form of an inventory.
  public enum Format: Sendable { case xml, csv }

  /// The path to open (a temporary copy for standard input).
  public var path: String
  /// How reports and errors name it: as given on the command line, `-` for standard input.
  public var name: String

  /// Set when this is one part of a large CSV file read on several threads.
  var part: CSVPart?
  /// Where the file's parts begin; shared by them.
  let plan: CSVSplitPlan?

  public init(path: String, name: String? = nil) {
    self.path = path
    self.name = name ?? path
    part = nil
    plan = nil
  }

  private init(_ whole: InventoryInput, part: CSVPart, plan: CSVSplitPlan) {
    path = whole.path
    name = whole.name
    self.part = part
    self.plan = plan
  }

  /// This input, or the parts of it to read on separate threads (a large CSV file).
  func parts(size: Int64) -> [InventoryInput] {
    guard part == nil, format == .csv, let plan = CSVSplitPlan.make(path: path, partSize: size) else { return [self] }
    return (0..<plan.count).map { InventoryInput(self, part: CSVPart(index: $0, count: plan.count), plan: plan) }
  }

  /// False for a part whose rows an earlier part read itself (it found its own end wrong).
  var counts: Bool {
    guard let part, let plan else { return true }
    return plan.counts(part.index)
  }

  public static func == (a: InventoryInput, b: InventoryInput) -> Bool { a.path == b.path && a.name == b.name && a.part == b.part }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(path)
    hasher.combine(name)
    hasher.combine(part)
  }

  /// By extension; otherwise by the first byte that is not a space or a byte-order mark (`<` is XML).
  public var format: Format {
    let lower = path.lowercased()
    if lower.hasSuffix(".xml") { return .xml }
    if lower.hasSuffix(".csv") { return .csv }
    guard let handle = FileHandle(forReadingAtPath: path) else { return .csv }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 512)) ?? Data()
    for byte in head where ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF, 0x00].contains(byte) {
      return byte == UInt8(ascii: "<") ? .xml : .csv
    }
    // UTF-16 text starts with FE FF / FF FE and has zero bytes: only XML may be UTF-16.
    return head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) ? .xml : .csv
  }

  /// Reads this input, handing on hosts and failures as they come.
  public func read(filter: FileNameIndex? = nil, emit: (InventoryItem) -> Void) {
    if let part, let plan {
      CSVInventoryReader.read(part: part, plan: plan, name: name, filter: filter, emit: emit)
      return
    }
    switch format {
    case .xml: XMLInventoryReader.read(path: path, name: name, filter: filter, emit: emit)
    case .csv: CSVInventoryReader.read(path: path, name: name, filter: filter, emit: emit)
    }
  }

  /// Expands command-line arguments: a directory gives every `.xml` and `.csv` file under it
  /// (recursively, sorted), `-` gives standard input. Names that do not exist, and entries of
  /// a folder that are not regular files, are returned as failures.
  ///
  /// Standard input, pipes and process substitution (`<(cat host.xml)`, `/dev/stdin`) are
  /// copied to a temporary file first: sniffing the format read bytes from the stream that
  /// the reader then never saw (issue 14), and a large CSV is read in parts by offset.
  public static func expand(_ arguments: [String]) -> (inputs: [InventoryInput], failures: [InventoryError]) {
    var inputs: [InventoryInput] = []
    var failures: [InventoryError] = []
    var readStandardInput = false
    for argument in arguments {
      if argument == "-" {
        // Standard input can be read once: a second `-` would read nothing and lose nothing
        // visibly, so it is refused (the first one is read).
        guard !readStandardInput else {
          failures.append(
            InventoryError(file: "-", line: 0, column: 0, message: "standard input (-) is named more than once: it can be read only once"))
          continue
        }
        readStandardInput = true
        switch copyStream(FileHandle.standardInput, name: "-") {
        case .success(let path): inputs.append(InventoryInput(path: path, name: "-"))
        case .failure(let error): failures.append(error)
        }
        continue
      }
      guard let status = SystemCalls.status(argument) else {
        let reason = errno == ENOENT ? "no such file or directory" : String(cString: strerror(errno))
        failures.append(
          InventoryError(file: argument, line: 0, column: 0, message: "\(reason): expected an inventory (.xml, .csv) or a folder of them"))
        continue
      }
      switch status.kind {
      case .regular:
        inputs.append(InventoryInput(path: argument))
      case .folder:
        var found: [String] = []
        walk(argument, found: &found, failures: &failures)
        if found.isEmpty && !failures.contains(where: { $0.file.hasPrefix(argument) }) {
          failures.append(InventoryError(file: argument, line: 0, column: 0, message: "no .xml or .csv inventory in this folder"))
        }
        inputs += found.sorted().map { InventoryInput(path: $0) }
      default:
        // Named on the command line, a pipe is meant to be read: copied whole, then read as a file.
        guard let handle = FileHandle(forReadingAtPath: argument) else {
          failures.append(InventoryError(file: argument, line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))"))
          continue
        }
        defer { try? handle.close() }
        switch copyStream(handle, name: argument) {
        case .success(let path): inputs.append(InventoryInput(path: path, name: argument))
        case .failure(let error): failures.append(error)
        }
      }
    }
    return (inputs, failures)
  }

  /// Every `.xml` and `.csv` regular file under `folder`, symbolic links to them included.
  /// Anything else of those names (a FIFO, which hung the run; a dangling link or a link
  /// loop, which were skipped in silence) is a failure with its reason (issue 14). Links to
  /// folders are not followed, so a link loop among folders cannot recurse.
  private static func walk(_ folder: String, found: inout [String], failures: inout [InventoryError]) {
    let entries: [String]
    do {
      entries = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      failures.append(InventoryError(file: folder, line: 0, column: 0, message: "cannot list this folder: \(error.localizedDescription)"))
      return
    }
    for entry in entries.sorted() {
      let full = (folder as NSString).appendingPathComponent(entry)
      guard let link = SystemCalls.linkStatus(full) else { continue }  // gone meanwhile
      if link.kind == .folder {
        walk(full, found: &found, failures: &failures)
        continue
      }
      let lower = entry.lowercased()
      guard lower.hasSuffix(".xml") || lower.hasSuffix(".csv") else { continue }
      guard let target = SystemCalls.status(full) else {
        let reason: String
        switch errno {
        case ELOOP: reason = "a symbolic link loop"
        case ENOENT: reason = "a symbolic link to nothing (its target does not exist)"
        default: reason = String(cString: strerror(errno))
        }
        failures.append(InventoryError(file: full, line: 0, column: 0, message: "not readable: \(reason): expected a regular file"))
        continue
      }
      let what: String
      switch target.kind {
      case .regular:
        found.append(full)
        continue
      case .fifo: what = "a named pipe (FIFO) in a folder"
      case .folder: what = "a symbolic link to a folder"
      case .socket: what = "a socket"
      default: what = "a device"
      }
      failures.append(InventoryError(file: full, line: 0, column: 0, message: "not read: \(what): expected a regular file"))
    }
  }

  /// A stream (standard input, a pipe) copied to a temporary file, so either reader can
  /// stream it and the format can be sniffed without taking bytes from the reader.
  ///
  /// The file is made new (`O_EXCL | O_NOFOLLOW`, mode 0600) under a name no one can guess: a
  /// link planted in the temporary folder is never followed. A read or write that fails (a full
  /// disk) fails this input with the system's reason, not the run, and never a cut-short copy.
  private static func copyStream(_ input: FileHandle, name: String) -> Result<String, InventoryError> {
    let path = NSTemporaryDirectory() + "hotfix-check-stream-\(getpid())-\(UUID().uuidString)"
    let what = name == "-" ? "standard input" : "the stream"
    do throws(SystemCallError) {
      let output = try SystemCalls.open(path, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
      TemporaryFiles.shared.add(path)
      do throws(SystemCallError) {
        try SystemCalls.copy(from: input.fileDescriptor, to: output)
      } catch {
        _ = try? SystemCalls.close(output)  // the copy's own error is the one to report
        throw error
      }
      try SystemCalls.close(output)
      return .success(path)
    } catch {
      return .failure(InventoryError(file: name, line: 0, column: 0, message: "cannot copy \(what) to \(NSTemporaryDirectory()): \(error)"))
    }
  }
}
