/// Hosts waiting to be judged: read, not yet judged, first come first judged (used only when
/// readers hand hosts to judging threads); bounded, so readers wait for judges.
final class UnjudgedHostQueue: Sendable {
  private struct State {
    var slots: [JudgedSlot] = []
    var head = 0
    var closed = false
  }
  private let state = Condition(State())
  private let capacity: Int

  init(capacity: Int) { self.capacity = max(1, capacity) }

  func push(_ slot: JudgedSlot) {
    let capacity = capacity
    state.wait { state -> Void? in
      guard state.slots.count - state.head < capacity else { return nil }
      state.slots.append(slot)
      return ()
    }
  }

  /// The next host to judge, or nil once the readers are done and all is taken.
  func pop() -> JudgedSlot? {
    state.wait { state -> JudgedSlot?? in
      if state.head == state.slots.count && !state.closed { return nil }  // wait
      guard state.head < state.slots.count else { return .some(nil) }
      let slot = state.slots[state.head]
      state.head += 1
      if state.head > 64 && state.head * 2 > state.slots.count {  // drop the taken ones now and then
        state.slots.removeFirst(state.head)
        state.head = 0
      }
      return slot
    }
  }

  /// No more hosts will come.
  func close() { state.withLock { $0.closed = true } }
}
