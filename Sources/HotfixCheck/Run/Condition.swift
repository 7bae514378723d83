import Foundation

// Why this file is unsafe (`@unchecked Sendable`): threads of a fleet run wait for one another
// (readers for room in a queue, the writer for a host to be judged), and `Mutex` cannot wait.
// This type pairs its state with an `NSCondition` and lets the state be reached only inside
// `withLock` and `wait(until:)`, under the lock, which is what makes the class safe to share;
// every other type that threads share holds a `Mutex` or one of these.

/// State shared between threads, guarded by a lock, with waiting until the state is ready.
final class Condition<State: Sendable>: @unchecked Sendable {
  private let condition = NSCondition()
  private var state: State

  init(_ state: State) { self.state = state }

  /// Runs `body` on the state under the lock, then wakes every waiting thread (the state may
  /// have changed for them).
  @discardableResult
  func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
    condition.lock()
    defer {
      condition.broadcast()
      condition.unlock()
    }
    return try body(&state)
  }

  /// Runs `body` on the state under the lock, waiting after each call that returns nil, until
  /// one returns a value; then wakes every waiting thread and returns that value.
  func wait<R>(until body: (inout State) throws -> R?) rethrows -> R {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let value = try body(&state) {
        condition.broadcast()
        return value
      }
      condition.wait()
    }
  }
}
