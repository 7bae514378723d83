import Foundation

/// Hosts done and rate on standard error, only when it is a terminal, at most a few times a second.
final class Progress {
  private let start = Date()
  private var lastDraw = Date.distantPast

  /// A meter when standard error is a terminal, else nil (no progress in logs or pipes).
  static func onTerminal() -> Progress? {
    isatty(STDERR_FILENO) == 1 ? Progress() : nil
  }

  func update(hostsDone: Int) {
    let now = Date()
    guard now.timeIntervalSince(lastDraw) > 0.2 else { return }
    lastDraw = now
    let elapsed = max(now.timeIntervalSince(start), 0.001)
    let rate = Double(hostsDone) / elapsed
    FileHandle.standardError.write(Data(String(format: "\r%d host(s) judged, %.0f hosts/s, %.1fs", hostsDone, rate, elapsed).utf8))
  }

  func finish() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
