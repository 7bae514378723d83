import KBData
import Testing

@testable import HotfixCheck

@Suite struct RuleIndexTests {
  @Test func matchesAreSortedByRuleRowAndFile() {
    var generator = SystemRandomNumberGenerator()
    let matches = (0..<500).map { _ in
      RuleIndex.Match(
        rule: Int32.random(in: 0..<40, using: &generator), row: Int32.random(in: 0..<4, using: &generator),
        file: Int32.random(in: 0..<100, using: &generator))
    }
    #expect(RuleIndex.sortedByRule(matches, rules: 40) == matches.sorted())
    #expect(RuleIndex.sortedByRule([], rules: 3).isEmpty)
  }
}
