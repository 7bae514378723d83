import Foundation

/// One inventory to read: a file, or standard input.
public struct InventoryInput: Sendable, Hashable {
  /// The form of an inventory.
  public enum Format: Sendable { case xml, csv }

  /// The path to open (a temporary copy for standard input).
  public var path: String
  /// How reports and errors name it: as given on the command line, `-` for standard input.
  public var name: String

  /// Set when this is one part of a large CSV file read on several threads.
  public var part: CSVPart?
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
  public func read(filter: FileNameFilter? = nil, emit: (InventoryItem) -> Void) {
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
  /// (recursively, sorted), `-` gives standard input. Names that do not exist are returned as failures.
  public static func expand(_ arguments: [String]) -> (inputs: [InventoryInput], failures: [InventoryError]) {
    var inputs: [InventoryInput] = []
    var failures: [InventoryError] = []
    for argument in arguments {
      if argument == "-" {
        switch copyStandardInput() {
        case .success(let path): inputs.append(InventoryInput(path: path, name: "-"))
        case .failure(let error): failures.append(error)
        }
        continue
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        failures.append(InventoryError(file: argument, line: 0, column: 0, message: "no such file or directory: expected an inventory (.xml, .csv) or a folder of them"))
        continue
      }
      if !isDirectory.boolValue {
        inputs.append(InventoryInput(path: argument))
        continue
      }
      var found: [String] = []
      if let walker = FileManager.default.enumerator(atPath: argument) {
        for case let relative as String in walker {
          let lower = relative.lowercased()
          guard lower.hasSuffix(".xml") || lower.hasSuffix(".csv") else { continue }
          let full = (argument as NSString).appendingPathComponent(relative)
          var isDir: ObjCBool = false
          if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { found.append(full) }
        }
      }
      if found.isEmpty {
        failures.append(InventoryError(file: argument, line: 0, column: 0, message: "no .xml or .csv inventory in this folder"))
      }
      inputs += found.sorted().map { InventoryInput(path: $0) }
    }
    return (inputs, failures)
  }

  /// Standard input is copied to a temporary file, so either reader can stream it and the format can be sniffed.
  private static func copyStandardInput() -> Result<String, InventoryError> {
    let path = NSTemporaryDirectory() + "hotfix-check-stdin-\(getpid())"
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else {
      return .failure(InventoryError(file: "-", line: 0, column: 0, message: "cannot buffer standard input in \(NSTemporaryDirectory())"))
    }
    defer { try? handle.close() }
    while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
      handle.write(chunk)
    }
    TemporaryFiles.shared.add(path)
    return .success(path)
  }
}
