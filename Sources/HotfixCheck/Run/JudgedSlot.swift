/// What a reader hands to the writing thread, in input order.
enum JudgedItem: Sendable {
  /// A host, judged (and written) by a judging thread when its slot is filled.
  case host(JudgedSlot)
  case failure(InventoryError)
}

/// One host on its way: read, then judged on some thread, then written in order.
final class JudgedSlot: Sendable {
  let host: HostInventory
  private let result = Condition<(HostReport, [UInt8]?)?>(nil)

  init(_ host: HostInventory) { self.host = host }

  func fill(_ report: HostReport, _ bytes: [UInt8]?) { result.withLock { $0 = (report, bytes) } }

  /// The report, and its bytes when a judging thread wrote them; waits until judged.
  func wait() -> (HostReport, [UInt8]?) { result.wait { $0 } }
}
