import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// Contract section 4 piece by piece (`VerdictRules`).
@Suite struct VerdictRulesTests {
  @Test func enterpriseCountsAsServer() {
    let rule = Rule(id: "Q1", title: "t", editions: [.server])
    #expect(rule.applies(to: .enterprise))
    #expect(!rule.applies(to: .workstation))
    let facts = PrecomputedRule(rule, rows: 0..<0)
    for edition in Edition.allCases { #expect(facts.applies(to: edition) == rule.applies(to: edition)) }
  }

  @Test func versionDecidesBeforeDate() {
    let v = { (b: UInt32) in FileVersion(nt4Build: b).parts }
    let day = { (d: Int) in FileDate(year: 2000, month: 1, day: d) }
    #expect(VerdictRules.compare(found: (v(7000), day(9)), required: (v(7001), day(1))) == .older)
    #expect(VerdictRules.compare(found: (v(7002), day(1)), required: (v(7001), day(9))) == .current)
    #expect(VerdictRules.compare(found: (nil, day(1)), required: (v(7001), day(9))) == .older)
    #expect(VerdictRules.compare(found: (v(7000), nil), required: (nil, day(9))) == .undecided)
  }

  @Test func fileNameKeyFoldsEveryCase() {
    #expect(FileNameKey.of("RPCSS.EXE") == "rpcss.exe")
    #expect(FileNameKey.of("MÜLL.DLL") == FileNameKey.of("müll.dll"))
    #expect(FileNameKey.of("rpcss.exe") == "rpcss.exe")
    let filter = FileNameIndex(names: ["MÜLL.DLL", "Rpcss.exe"])
    func id(_ path: String) -> Int32 { filter.nameID(path: Array(path.utf8).span) }
    #expect(id("C:\\WINNT\\müll.dll") >= 0)
    #expect(id("C:\\WINNT\\Müll.DLL") == id("MÜLL.DLL"))
    #expect(id("C:\\WINNT\\mull.dll") == -1)
  }
}
