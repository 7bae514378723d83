import Foundation

/// What a reader hands to the writing thread, in input order.
enum JudgedItem: Sendable {
  /// A host, judged (and written) by a judging thread when its slot is filled.
  case host(JudgedSlot)
  case failure(InventoryError)
}

/// One host on its way: read, then judged on some thread, then written in order.
final class JudgedSlot: @unchecked Sendable {
  let host: HostInventory
  private var result: (HostReport, [UInt8]?)?
  private let condition = NSCondition()

  init(_ host: HostInventory) { self.host = host }

  func fill(_ report: HostReport, _ bytes: [UInt8]?) {
    condition.lock()
    result = (report, bytes)
    condition.broadcast()
    condition.unlock()
  }

  /// The report, and its bytes when a judging thread wrote them; waits until judged.
  func wait() -> (HostReport, [UInt8]?) {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let result { return result }
      condition.wait()
    }
  }
}
