import KBData
import Testing

@testable import HotfixCheck

@Suite struct PlanTests {
  @Test func servicePackComesFirstAndIsTheHighestAsked() {
    let rules = [
      planRule("Q100001", requires: .sp5, [("a.dll", "2000-01-10")]),
      planRule("Q100002", fixedIn: .sp6, [("b.dll", "1999-08-01")]),
      planRule("Q100003", requires: .sp6a, [("c.dll", "2000-05-01")]),
    ]
    let host = planHost(.sp3, [("a.dll", "1997-01-01"), ("b.dll", "1997-01-01"), ("c.dll", "1997-01-01")])
    let result = plan(host, rules)
    #expect(result.summaries == ["install SP6a", "install Q100001", "install Q100003"])
    let pack = result.steps[0]
    #expect(pack.settles.map(\.rule) == ["Q100002"])
    #expect(pack.settles.first?.reason == "fixed in SP6")
    #expect(pack.enables == ["Q100001", "Q100003"])
    #expect(result.settledRules.sorted() == ["Q100001", "Q100002", "Q100003"])
  }

  @Test func noServicePackWhenTheHostIsAtEveryRequirement() {
    let rules = [planRule("Q100001", requires: .sp5, [("a.dll", "2000-01-10")])]
    let result = plan(planHost(.sp6a, [("a.dll", "1999-01-01")]), rules)
    #expect(result.summaries == ["install Q100001"])
  }

  @Test func ruleFixedByTheServicePackDropsOut() {
    // Below fixedIn with no rows of its own: only the service pack settles it.
    let rules = [
      planRule("Q100010", fixedIn: .sp6a, []),
      planRule("Q100011", fixedIn: .sp5, [("d.dll", "1999-02-01")]),
    ]
    let result = plan(planHost(.sp4, [("d.dll", "1998-01-01")]), rules)
    #expect(result.summaries == ["install SP6a"])
    #expect(result.settlement(of: "Q100010")?.reason == "fixed in SP6a")
    #expect(result.settlement(of: "Q100011")?.reason == "fixed in SP5")
  }

  @Test func hotfixOlderThanTheServicePackIsNotProposed() {
    // Q100021 was built for SP4 and dated before SP6a's release: SP6a carries it.
    let rules = [
      planRule("Q100020", requires: .sp6a, [("e.dll", "2000-04-01")]),
      planRule("Q100021", requires: .sp4, [("f.dll", "1999-02-01")]),
    ]
    let result = plan(planHost(.sp4, [("e.dll", "1998-01-01"), ("f.dll", "1998-01-01")]), rules)
    #expect(result.summaries == ["install SP6a", "install Q100020"])
    let settled = result.settlement(of: "Q100021")
    #expect(settled?.step == "install SP6a")
    #expect(settled?.reason.hasPrefix("older than SP6a") == true)
  }

  @Test func hotfixWhoseFilesTheServicePackShipsNewerIsNotProposed() {
    // Q100031 is fixed in SP6 and lists x.dll at 7000; Q100032 (for SP5, dated after SP6a)
    // ships x.dll at 6500 only: SP6 and later already carry more.
    let rules = [
      planRule("Q100030", requires: .sp6a, [("y.dll", "2000-04-01")]),
      planRule("Q100031", fixedIn: .sp6, [("x.dll", "4.0.1381.7000")]),
      planRule("Q100032", requires: .sp5, [("x.dll", "4.0.1381.6500")]),
    ]
    let result = plan(planHost(.sp5, [("x.dll", "4.0.1381.204"), ("y.dll", "1999-01-01")]), rules)
    #expect(result.summaries == ["install SP6a", "install Q100030"])
    #expect(result.settlement(of: "Q100031")?.reason == "fixed in SP6")
    #expect(result.settlement(of: "Q100032")?.reason.contains("SP6a ships x.dll at or above this fix (per Q100031)") == true)
  }

  @Test func hotfixWithNewerFilesCoversTheOthers() {
    let rules = [
      planRule("Q100041", [("rpcss.exe", "2000-03-14"), ("ole32.dll", "2000-03-14")]),
      planRule("Q100042", [("rpcss.exe", "2000-06-01"), ("ole32.dll", "2000-06-01")]),
      planRule("Q100043", [("rpcss.exe", "2000-01-01")]),
    ]
    let host = planHost(.sp6a, [("rpcss.exe", "1999-10-14"), ("ole32.dll", "1999-10-14")])
    let result = plan(host, rules)
    #expect(result.summaries == ["install Q100042"])
    #expect(result.steps[0].covers == ["Q100041", "Q100043"])
    #expect(result.settlement(of: "Q100041")?.reason == "covered by Q100042")
    #expect(result.settlement(of: "Q100043")?.reason == "covered by Q100042")
  }

  @Test func twoHotfixesCanTogetherCoverAThird() {
    let rules = [
      planRule("Q100051", [("a.dll", "2000-05-01"), ("b.dll", "2000-05-01")]),
      planRule("Q100052", [("a.dll", "2000-06-01")]),
      planRule("Q100053", [("b.dll", "2000-07-01")]),
    ]
    let result = plan(planHost(.sp6a, [("a.dll", "1999-01-01"), ("b.dll", "1999-01-01")]), rules)
    #expect(result.summaries == ["install Q100052", "install Q100053"])
    #expect(result.settlement(of: "Q100051")?.reason == "covered by Q100052 and Q100053")
    #expect(result.settlement(of: "Q100051")?.step == "install Q100053")
  }

  @Test func hotfixesForOtherFilesAreEachProposedOldestFirst() {
    let rules = [
      planRule("Q100061", [("a.dll", "2000-08-01")]),
      planRule("Q100062", [("b.dll", "2000-02-01")]),
    ]
    let result = plan(planHost(.sp6a, [("a.dll", "1999-01-01"), ("b.dll", "1999-01-01")]), rules)
    #expect(result.summaries == ["install Q100062", "install Q100061"])
  }

  @Test func regressedHotfixIsReinstalledLast() {
    let rules = [
      planRule("Q100071", [("a.dll", "2000-05-01")]),
      planRule("Q100072", [("b.dll", "2000-02-01")]),
    ]
    let host = planHost(.sp6a, hotfixes: ["Q100071"], [("a.dll", "1999-10-14"), ("b.dll", "1999-10-14")])
    let result = plan(host, rules)
    #expect(result.summaries == ["install Q100072", "reinstall Q100071"])
    #expect(result.steps[1].action == .reinstallHotfix)
  }

  @Test func regressedHotfixCoveredByANewerOneIsNotReinstalled() {
    let rules = [
      planRule("Q100081", [("r.dll", "2000-01-01")]),
      planRule("Q100082", [("r.dll", "2000-05-01")]),
    ]
    let host = planHost(.sp6a, hotfixes: ["Q100081"], [("r.dll", "1999-10-14")])
    let result = plan(host, rules)
    #expect(result.summaries == ["install Q100082"])
    #expect(result.settlement(of: "Q100081")?.reason == "covered by Q100082")
  }

  @Test func upToDateHostHasAnEmptyPlan() {
    let rules = [planRule("Q100091", [("a.dll", "2000-05-01")])]
    #expect(plan(planHost(.sp6a, [("a.dll", "2000-05-01")]), rules).isEmpty)
  }

  @Test func terminalServerHostIsPlannedByItsOwnRows() {
    let host = HostInventory(
      name: "TSE", edition: .terminalServer, servicePack: .sp6, platform: .intel,
      files: [file("C:\\WTSRV\\system32\\ole32.dll", "4.0.1381.33423", "2000-11-02")])
    let result = plan(host, [seedRule])
    #expect(result.summaries == ["install Q256149"])
  }

  @Test func exampleFleetPlansAreRight() throws {
    // The example fleet of examples/xml against the seed rule, checked by hand:
    // NTSRV03 (SP4) needs SP5 before Q256149; NTSRV04 records Q256149 yet has the old rpcss.exe.
    let evaluator = Evaluator(rules: [seedRule], plans: true)
    var plans: [String: [String]] = [:]
    var fleet = FleetPlan()
    let (inputs, missing) = InventoryInput.expand([repositoryRoot.appendingPathComponent("examples/xml").path])
    #expect(missing.isEmpty)
    for input in inputs {
      input.read { item in
        guard case .host(let host) = item, let plan = evaluator.judge(host).plan else { return }
        plans[host.name] = plan.summaries
        fleet.add(plan)
      }
    }
    #expect(plans["NTSRV01"] == ["install Q256149"])
    #expect(plans["NTENT01"] == ["install Q256149"])
    #expect(plans["NTTSE01"] == ["install Q256149"])
    #expect(plans["NTSRV03"] == ["install SP5", "install Q256149"])
    #expect(plans["NTSRV04"] == ["reinstall Q256149"])
    #expect(plans["NTSRV02"] == [])
    #expect(plans["NTALPHA1"] == [])
    #expect(plans["NTWKS01"] == [])
    #expect(
      fleet.steps.map(\.summary) == [
        "install SP5 on 1 host: settles 0 rules (needed first by 1 rule)",
        "install Q256149 on 4 hosts: settles 4 rules",
        "reinstall Q256149 on 1 host: settles 1 rule",
      ])
  }
}
