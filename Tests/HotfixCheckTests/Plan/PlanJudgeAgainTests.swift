import KBData
import Testing

@testable import HotfixCheck

@Suite struct PlanJudgeAgainTests {
  /// The planner's shortcut (only steps 3 and 7 can change with the service pack) agrees
  /// with judging the host afresh on the new service pack.
  @Test(arguments: [ServicePack.sp3, .sp4, .sp5, .sp6, .sp6a])
  func judgingAgainMatchesTheEvaluator(_ pack: ServicePack) {
    let rules = [
      planRule("Q300001", requires: .sp5, [("a.dll", "2000-01-10")]),
      planRule("Q300002", fixedIn: .sp6, [("b.dll", "1999-08-01")]),
      planRule("Q300003", fixedIn: .sp5, []),
      planRule("Q300004", requires: .sp4, fixedIn: .sp6a, [("a.dll", "1999-12-01")]),
      seedRule,
    ]
    let host = planHost(.sp3, hotfixes: ["Q300001"], [("a.dll", "1997-01-01"), ("b.dll", "1997-01-01"), ("rpcss.exe", "1997-01-01")])
    var onPack = host
    onPack.servicePack = pack
    for rule in rules {
      let before = Evaluator.judge(host, against: rule)
      guard before.verdict.needsAction else { continue }
      let shortcut = HostPlanner.judgeAgain(before, PrecomputedRule(rule, rows: 0..<rule.files.count), of: rule, on: pack, host: host)
        .result
      #expect(shortcut.verdict == Evaluator.judge(onPack, against: rule).verdict, "\(rule.id) on \(pack)")
    }
  }
}
