import Foundation
import KBData
internal import SystemCalls

/// Why an inventory (or part of it) could not be read, and where.
public struct InventoryError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The input as named on the command line (`-` is standard input).
  public var file: String
  public var line: Int
  public var column: Int
  public var message: String
  /// The host the error belongs to, when it is known: that host gets the verdict `error`.
  public var host: String?

  public init(file: String, line: Int, column: Int, message: String, host: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.host = host
  }

  /// `file:line:column: error: message`, the form compilers use, so editors can jump to it.
  public var description: String {
    "\(Self.printable(file)):\(line):\(column): error: \(Self.printable(message))"
  }

  /// Control characters (bytes of a binary file quoted in a message) written as `\u{1B}`,
  /// so an error never drives the terminal it is printed on nor splits into more lines (`VisibleText`).
  static func printable(_ text: String) -> String { VisibleText.escaping(text) }
}

/// What an inventory reader hands on, one at a time, as soon as it is known.
public enum InventoryItem: Sendable {
  /// A host read whole.
  case host(HostInventory)
  /// A host (or the whole input, when `host` is nil) that could not be read.
  case failure(InventoryError)
}

extension InventoryError {
  /// Opens `path` for a reader, or hands on the failure to open it (named `label`).
  static func withOpenFile(_ path: String, label: String, emit: (InventoryItem) -> Void, _ body: (Int32) -> Void) {
    let descriptor: Int32
    do throws(SystemCallError) {
      descriptor = try SystemCalls.open(path, flags: O_RDONLY)
    } catch {
      emit(.failure(InventoryError(file: label, line: 0, column: 0, message: "cannot open: \(error.reason)")))
      return
    }
    defer { _ = try? SystemCalls.close(descriptor) }
    body(descriptor)
  }
}
