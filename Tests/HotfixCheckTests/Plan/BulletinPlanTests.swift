import KBData
import Testing

@testable import HotfixCheck

/// What security bulletins change in a plan (issue 16): steps name the bulletins they settle,
/// security fixes go first where no older hotfix shares a file, and a hotfix a catalog says a
/// later needed one replaces is settled by it.
@Suite struct BulletinPlanTests {
  /// `planRule` naming a bulletin, replaced by `replacedBy` as a catalog says.
  func securityRule(_ id: String, _ bulletin: String, replacedBy: [String] = [], _ rows: [(String, String)]) -> Rule {
    var rule = planRule(id, rows)
    rule.bulletins = [SecurityBulletin(id: bulletin)]
    rule.replacedBy = replacedBy.map { Replacement(rule: $0, bulletin: nil, basis: .catalog) }
    return rule
  }

  @Test func aHotfixTheCatalogSaysIsReplacedIsSettledByItsReplacement() {
    let rules = [
      securityRule("Q100001", "MS00-001", replacedBy: ["Q100003"], [("a.dll", "4.0.1381.7000")]),
      securityRule("Q100003", "MS01-003", [("c.dll", "4.0.1381.7200")]),
    ]
    let result = plan(planHost(.sp6a, [("a.dll", "4.0.1381.6000"), ("c.dll", "4.0.1381.6000")]), rules)
    #expect(result.summaries == ["install Q100003"])
    #expect(result.settlement(of: "Q100001")?.reason == "replaced by Q100003, as the catalog says")
    #expect(result.steps.first?.bulletins == ["MS00-001", "MS01-003"])
  }

  @Test func replacementsChainThroughNeededHotfixesOnly() {
    // Q1 → Q2 → Q3, all needed: Q3 settles both. Q4 → Q5, Q5 not needed: Q4 stays.
    let rules = [
      securityRule("Q100001", "MS99-001", replacedBy: ["Q100002"], [("a.dll", "4.0.1381.7000")]),
      securityRule("Q100002", "MS00-002", replacedBy: ["Q100003"], [("b.dll", "4.0.1381.7000")]),
      securityRule("Q100003", "MS01-003", [("c.dll", "4.0.1381.7000")]),
      securityRule("Q100004", "MS00-004", replacedBy: ["Q100005"], [("d.dll", "4.0.1381.7000")]),
      securityRule("Q100005", "MS01-005", [("e.dll", "4.0.1381.7000")]),
    ]
    let files = ["a.dll", "b.dll", "c.dll", "d.dll"].map { ($0, "4.0.1381.6000") } + [("e.dll", "4.0.1381.7000")]
    let result = plan(planHost(.sp6a, files), rules)
    #expect(result.summaries.sorted() == ["install Q100003", "install Q100004"])
    #expect(result.settlement(of: "Q100001")?.step == "install Q100003")
    #expect(result.settlement(of: "Q100002")?.step == "install Q100003")
    #expect(result.settlement(of: "Q100004")?.step == "install Q100004")
  }

  @Test func securityFixesGoFirstUnlessAnOlderHotfixSharesAFile() {
    let plain = planRule("Q100010", [("x.dll", "2000-01-01")])
    let security = securityRule("Q100011", "MS01-011", [("y.dll", "2001-01-01")])
    let moved = plan(planHost(.sp6a, [("x.dll", "1999-01-01"), ("y.dll", "1999-01-01")]), [plain, security])
    #expect(moved.summaries == ["install Q100011", "install Q100010"])
    #expect(moved.steps.map(\.bulletins) == [["MS01-011"], []])

    // Both ship z.dll: the older goes first, so the later copy is the one left.
    let older = planRule("Q100012", [("z.dll", "2000-01-01"), ("w.dll", "2000-01-01")])
    let newer = securityRule("Q100013", "MS01-013", [("z.dll", "2001-01-01")])
    let kept = plan(planHost(.sp6a, [("z.dll", "1999-01-01"), ("w.dll", "1999-01-01")]), [older, newer])
    #expect(kept.summaries == ["install Q100012", "install Q100013"])
  }

  @Test func theFleetPlanListsSecurityFixesFirst() {
    let plain = planRule("Q100020", [("x.dll", "2000-01-01")])
    let security = securityRule("Q100021", "MS01-021", [("y.dll", "2001-01-01")])
    var fleet = FleetPlan()
    fleet.add(plan(planHost(.sp6a, [("x.dll", "1999-01-01")], name: "A"), [plain, security]))
    fleet.add(plan(planHost(.sp6a, [("x.dll", "1999-01-01")], name: "B"), [plain, security]))
    fleet.add(plan(planHost(.sp6a, [("y.dll", "1999-01-01")], name: "C"), [plain, security]))
    #expect(
      fleet.steps.map(\.summary) == [
        "install Q100021 on 1 host: settles 1 rule; bulletins MS01-021",
        "install Q100020 on 2 hosts: settles 2 rules",
      ])
  }
}
