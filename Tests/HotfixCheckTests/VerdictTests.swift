import Testing

@testable import HotfixCheck

@Suite struct VerdictTests {
  @Test func worstOrderIsTheContracts() {
    let order: [Verdict] = [.notApplicable, .upToDate, .unknown, .prerequisiteMissing, .fixNeeded, .regressed]
    #expect(order.sorted() == order)
    #expect([Verdict.upToDate, .regressed, .fixNeeded].max() == .regressed)
  }
}
