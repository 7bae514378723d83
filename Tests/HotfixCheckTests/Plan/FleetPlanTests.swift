import KBData
import Testing

@testable import HotfixCheck

@Suite struct FleetPlanTests {
  @Test func fleetSumsHostsAndSettledRules() {
    let rules = [
      planRule("Q200001", fixedIn: .sp6a, []),
      planRule("Q200002", fixedIn: .sp6, []),
      planRule("Q200003", [("a.dll", "2000-05-01")]),
    ]
    let evaluator = Evaluator(rules: rules, plans: true)
    let hosts = [
      planHost(.sp4, [("a.dll", "1999-01-01")], name: "A"),  // SP6a settles 2, then Q200003
      planHost(.sp6, [("a.dll", "2000-05-01")], name: "B"),  // SP6a settles 1
      planHost(.sp6a, [("a.dll", "1999-01-01")], name: "C"),  // Q200003 only
      planHost(.sp6a, [("a.dll", "2000-06-01")], name: "D"),  // nothing
    ]
    var fleet = FleetPlan()
    for host in hosts { fleet.add(evaluator.judge(host).plan ?? HostPlan()) }
    #expect(fleet.hosts == 3)
    #expect(
      fleet.steps.map(\.summary) == [
        "install SP6a on 2 hosts: settles 3 rules",
        "install Q200003 on 2 hosts: settles 2 rules",
      ])
  }

  @Test func servicePacksComeHighestFirstAndHotfixesByHosts() {
    var fleet = FleetPlan()
    let sp5 = PlanStep(action: .installServicePack, servicePack: .sp5, settles: [Settlement(rule: "Q1", reason: "")])
    let sp6a = PlanStep(action: .installServicePack, servicePack: .sp6a)
    let q2 = PlanStep(action: .installHotfix, hotfix: "Q2", settles: [Settlement(rule: "Q2", reason: "")])
    let q3 = PlanStep(action: .installHotfix, hotfix: "Q3", settles: [Settlement(rule: "Q3", reason: "")])
    fleet.add(HostPlan(steps: [sp5, q3]))
    fleet.add(HostPlan(steps: [sp6a, q2, q3]))
    fleet.add(HostPlan(steps: [q2]))
    fleet.add(HostPlan(steps: [q2]))
    #expect(
      fleet.steps.map(\.summary) == [
        "install SP6a on 1 host: settles 0 rules",
        "install SP5 on 1 host: settles 1 rule",
        "install Q2 on 3 hosts: settles 3 rules",
        "install Q3 on 2 hosts: settles 2 rules",
      ])
  }

  @Test func countsAreGroupedByThousands() {
    #expect(FleetPlan.count(1020, "rule") == "1,020 rules")
    #expect(FleetPlan.count(1, "host") == "1 host")
    #expect(FleetPlan.count(1_234_567, "rule") == "1,234,567 rules")
  }
}
