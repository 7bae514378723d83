import Foundation
import HotfixCheck

/// Hosts done, rate and time left on standard error, only when it is a terminal,
/// at most five times a second.
final class Progress {
  private let start = Date()
  private var lastDraw = Date.distantPast

  /// A meter when standard error is a terminal, else nil (no progress in logs or pipes).
  static func onTerminal() -> Progress? {
    isatty(STDERR_FILENO) == 1 ? Progress() : nil
  }

  func update(_ state: RunProgress) {
    let now = Date()
    guard now.timeIntervalSince(lastDraw) > 0.2 else { return }
    lastDraw = now
    let elapsed = max(now.timeIntervalSince(start), 0.001)
    var line = String(
      format: "\r%d host(s), %.0f hosts/s, input %d of %d", state.hosts, Double(state.hosts) / elapsed, state.inputsDone, state.inputs)
    if state.bytesDone > 0 && state.bytes > state.bytesDone {
      // Inputs differ in size: bytes done is the better measure of what is left.
      let left = elapsed * Double(state.bytes - state.bytesDone) / Double(state.bytesDone)
      line += String(format: ", about %.0f s left", left)
    }
    FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
  }

  func finish() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
