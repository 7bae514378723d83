import Foundation

/// Where the report goes: standard output, or a file written whole or not at all
/// (a temporary file beside it, renamed at the end; removed if the run is interrupted).
public final class ReportOutput {
  private let handle: FileHandle
  private let destination: String?
  private let temporary: String?

  /// Opens the destination before any work is done, so an unwritable `--output` fails at once.
  public init(path: String?) throws {
    guard let path else {
      handle = FileHandle.standardOutput
      destination = nil
      temporary = nil
      return
    }
    let directory = (path as NSString).deletingLastPathComponent
    let base = (path as NSString).lastPathComponent
    let temporary = (directory.isEmpty ? "." : directory) + "/.\(base).partial-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else {
      throw OutputError(message: "\(path): error: cannot write the report here: \(String(cString: strerror(errno)))")
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      try? FileManager.default.removeItem(atPath: temporary)
      throw OutputError(message: "\(path): error: is a folder: expected a file name for the report")
    }
    self.handle = handle
    destination = path
    self.temporary = temporary
    TemporaryFiles.shared.add(temporary)
  }

  public func write(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    handle.write(Data(bytes))
  }

  /// Puts the finished report in place (`rename`, atomic on one file system).
  public func commit() throws {
    guard let destination, let temporary else { return }
    try handle.synchronize()
    try handle.close()
    if rename(temporary, destination) != 0 {
      throw OutputError(message: "\(destination): error: cannot move the report into place: \(String(cString: strerror(errno)))")
    }
    TemporaryFiles.shared.remove(temporary)
  }
}

/// The report could not be written.
public struct OutputError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
