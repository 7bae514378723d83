/// Hosts waiting to be written, in input order: per-input queues between the reading threads and
/// the writing thread, which takes input 0's items, then input 1's, and so on. Workers claim
/// inputs at most `window` ahead of the one being written, which bounds memory.
final class InputOrderQueue: Sendable {
  private struct State {
    var pending: [Int: [JudgedItem]] = [:]
    var done: Set<Int> = []
    var next = 0
    var head = 0
  }
  private let state = Condition(State())
  private let count: Int
  private let window: Int
  static let backlog = 8

  init(count: Int, window: Int) {
    self.count = count
    self.window = max(1, window)
  }

  /// The next input to read, or nil when all are claimed.
  func claim() -> Int? {
    let (count, window) = (count, window)
    return state.wait { state -> Int?? in
      if state.next < count && state.next - state.head >= window { return nil }  // wait
      guard state.next < count else { return .some(nil) }
      state.next += 1
      return state.next - 1
    }
  }

  /// Hands on an item; waits while the input already has `backlog` items unwritten, so a reader
  /// faster than the writer (one big CSV) cannot grow memory with the fleet.
  ///
  /// Parts of one large CSV are not bounded: a reader on a later part must not wait for the
  /// writer to finish the earlier part (that made the parts read one after the other). What
  /// they hold is bounded anyway: at most a part's hosts per reading thread.
  func append(_ index: Int, _ item: JudgedItem, bounded: Bool = true) {
    state.wait { state -> Void? in
      if bounded && (state.pending[index]?.count ?? 0) >= Self.backlog { return nil }
      state.pending[index, default: []].append(item)
      return ()
    }
  }

  func finish(_ index: Int) { state.withLock { _ = $0.done.insert(index) } }

  /// Waits for items of input `index`; nil once it is finished and drained (then the window moves on).
  func take(_ index: Int) -> [JudgedItem]? {
    state.wait { state -> [JudgedItem]?? in
      if let items = state.pending.removeValue(forKey: index), !items.isEmpty {
        return items  // a reader may wait for room: `wait` wakes it
      }
      if state.done.contains(index) {
        state.done.remove(index)
        state.head = index + 1
        return .some(nil)
      }
      return nil
    }
  }
}
