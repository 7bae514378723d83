import Foundation

/// Hosts waiting to be judged: read, not yet judged, first come first judged (used only when
/// readers hand hosts to judging threads); bounded, so readers wait for judges.
final class UnjudgedHostQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var slots: [JudgedSlot] = []
  private var head = 0
  private var closed = false
  private let capacity: Int

  init(capacity: Int) { self.capacity = max(1, capacity) }

  func push(_ slot: JudgedSlot) {
    condition.lock()
    while slots.count - head >= capacity { condition.wait() }
    slots.append(slot)
    condition.broadcast()
    condition.unlock()
  }

  /// The next host to judge, or nil once the readers are done and all is taken.
  func pop() -> JudgedSlot? {
    condition.lock()
    defer { condition.unlock() }
    while head == slots.count && !closed { condition.wait() }
    guard head < slots.count else { return nil }
    let slot = slots[head]
    head += 1
    if head > 64 && head * 2 > slots.count {  // drop the taken ones now and then
      slots.removeFirst(head)
      head = 0
    }
    condition.broadcast()
    return slot
  }

  /// No more hosts will come.
  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }
}
