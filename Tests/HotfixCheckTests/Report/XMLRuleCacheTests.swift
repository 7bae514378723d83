import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct XMLRuleCacheTests {
  @Test func sharedResultsRenderTheSameFromTheCache() {
    // Two rules; the hosts have none of Q9's files, so its result is the profile's shared one.
    let spOnly = Rule(id: "Q9", title: "Fixed <by> & SP", fixedIn: [ServicePackRef(servicePack: .sp6)])
    let evaluator = Evaluator(rules: [seedRule, spOnly])
    let a = evaluator.judge(
      HostInventory(
        name: "A", edition: .server, servicePack: .sp5, platform: .intel, files: [file("rpcss.exe", nil, "1999-01-01")], source: "a.xml"))
    let b = evaluator.judge(
      HostInventory(
        name: "A", edition: .server, servicePack: .sp5, platform: .intel, files: [file("rpcss.exe", nil, "1999-01-01")], source: "a.xml"))
    #expect(a.results.last?.baseline != nil)
    let other = evaluator.judge(HostInventory(name: "C", edition: .workstation, servicePack: .sp3, platform: .alpha, source: "c.xml"))
    var warm = XMLReportWriter()
    _ = warm.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 2))
    _ = warm.host(other)  // the first host also closes the root's start tag
    let first = warm.host(a)
    let second = warm.host(b)  // Q9 now comes from the cache
    var cold = XMLReportWriter()
    _ = cold.begin(ReportContext(generated: "2026-11-26T17:00:00Z", rules: 2))
    _ = cold.host(other)
    #expect(second == first)
    #expect(cold.host(b) == second)
    #expect(String(decoding: second, as: UTF8.self).contains("title=\"Fixed &lt;by&gt; &amp; SP\""))
  }
}
