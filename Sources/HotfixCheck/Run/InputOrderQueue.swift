import Foundation

/// Hosts waiting to be written, in input order: per-input queues between the reading threads and
/// the writing thread, which takes input 0's items, then input 1's, and so on. Workers claim
/// inputs at most `window` ahead of the one being written, which bounds memory.
final class InputOrderQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var pending: [Int: [JudgedItem]] = [:]
  private var done: Set<Int> = []
  private var next = 0
  private var head = 0
  private let count: Int
  private let window: Int
  static let backlog = 8

  init(count: Int, window: Int) {
    self.count = count
    self.window = max(1, window)
  }

  /// The next input to read, or nil when all are claimed.
  func claim() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while next < count && next - head >= window { condition.wait() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }

  /// Hands on an item; waits while the input already has `backlog` items unwritten, so a reader
  /// faster than the writer (one big CSV) cannot grow memory with the fleet.
  ///
  /// Parts of one large CSV are not bounded: a reader on a later part must not wait for the
  /// writer to finish the earlier part (that made the parts read one after the other). What
  /// they hold is bounded anyway: at most a part's hosts per reading thread.
  func append(_ index: Int, _ item: JudgedItem, bounded: Bool = true) {
    condition.lock()
    while bounded && (pending[index]?.count ?? 0) >= Self.backlog { condition.wait() }
    pending[index, default: []].append(item)
    condition.broadcast()
    condition.unlock()
  }

  func finish(_ index: Int) {
    condition.lock()
    done.insert(index)
    condition.broadcast()
    condition.unlock()
  }

  /// Waits for items of input `index`; nil once it is finished and drained (then the window moves on).
  func take(_ index: Int) -> [JudgedItem]? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let items = pending.removeValue(forKey: index), !items.isEmpty {
        condition.broadcast()  // a reader may wait for room
        return items
      }
      if done.contains(index) {
        done.remove(index)
        head = index + 1
        condition.broadcast()
        return nil
      }
      condition.wait()
    }
  }
}
