import KBData
import Testing

@testable import HotfixCheck

@Suite struct EvaluatorTests {
  func host(
    _ edition: Edition = .server, _ pack: ServicePack = .sp6a, _ platform: Platform = .intel, hotfixes: Set<String> = [],
    files: [InventoryFile]
  ) -> HostInventory {
    HostInventory(name: "H", edition: edition, servicePack: pack, platform: platform, hotfixes: hotfixes, files: files)
  }

  @Test func olderFileIsFixNeeded() {
    let result = Evaluator.judge(host(files: [file("C:\\WINNT\\system32\\rpcss.exe", nil, "1999-10-14")]), against: seedRule)
    #expect(result.verdict == .fixNeeded)
    #expect(result.evidence.count == 1)
    #expect(result.evidence.first?.result == .older)
    #expect(result.reason.contains("Rpcss.exe"))
  }

  @Test func fileAtTheFixIsUpToDate() {
    let result = Evaluator.judge(host(files: [file("C:\\WINNT\\system32\\RPCSS.EXE", nil, "2000-03-14")]), against: seedRule)
    #expect(result.verdict == .upToDate)
  }

  @Test func belowRequiredServicePackIsPrerequisiteMissing() {
    let result = Evaluator.judge(host(.server, .sp4, files: [file("rpcss.exe", nil, "1998-10-13")]), against: seedRule)
    #expect(result.verdict == .prerequisiteMissing)
    #expect(result.servicePack == .sp5)
  }

  @Test func recordedHotfixWithOlderFileIsRegressed() {
    let result = Evaluator.judge(host(hotfixes: ["q256149"], files: [file("rpcss.exe", nil, "1999-10-14")]), against: seedRule)
    #expect(result.verdict == .regressed)
  }

  @Test func recordedHotfixWithCurrentFileIsUpToDate() {
    let result = Evaluator.judge(host(hotfixes: ["Q256149"], files: [file("rpcss.exe", nil, "2000-03-15")]), against: seedRule)
    #expect(result.verdict == .upToDate)
  }

  @Test func otherEditionIsNotApplicable() {
    let result = Evaluator.judge(host(.workstation, files: [file("rpcss.exe", nil, "1999-10-14")]), against: seedRule)
    #expect(result.verdict == .notApplicable)
  }

  @Test func enterpriseIsJudgedAsServer() {
    let result = Evaluator.judge(host(.enterprise, files: [file("rpcss.exe", nil, "1999-10-14")]), against: seedRule)
    #expect(result.verdict == .fixNeeded)
  }

  @Test func missingFileIsNotApplicable() {
    let result = Evaluator.judge(host(files: [file("C:\\WINNT\\system32\\ole32.dll", "4.0.1381.7000", "1999-10-14")]), against: seedRule)
    #expect(result.verdict == .notApplicable)
  }

  @Test func terminalServerIsJudgedByItsOwnRowsOnly() {
    // A standard-build date that would pass the standard row must not count for TSE:
    // the TSE row for rpcss.exe asks for 4.0.1381.33478.
    let tse = host(.terminalServer, .sp6, files: [file("rpcss.exe", "4.0.1381.33400", "2001-12-01")])
    #expect(Evaluator.judge(tse, against: seedRule).verdict == .fixNeeded)
    // And a TSE-numbered file on a standard host is judged by the standard rows (dates here).
    let standard = host(.server, .sp6a, files: [file("rpcss.exe", "4.0.1381.33478", "1999-01-01")])
    #expect(Evaluator.judge(standard, against: seedRule).verdict == .fixNeeded)
  }

  @Test func versionDecidesBeforeDate() {
    let rule = Rule(
      id: "Q1", title: "t",
      files: [RuleFile(name: "a.dll", version: FileVersion("4.0.1381.7100"), date: FileDate(year: 2000, month: 1, day: 1))])
    // Newer date, older version: the version decides.
    #expect(Evaluator.judge(host(files: [file("a.dll", "4.0.1381.7050", "2001-01-01")]), against: rule).verdict == .fixNeeded)
    // Older date, newer version: up to date.
    #expect(Evaluator.judge(host(files: [file("a.dll", "4.0.1381.7200", "1999-01-01")]), against: rule).verdict == .upToDate)
    // No version on the host: the date decides.
    #expect(Evaluator.judge(host(files: [file("a.dll", nil, "1999-01-01")]), against: rule).verdict == .fixNeeded)
  }

  @Test func uninstallAndBackupCopiesDoNotCount() {
    let files = [
      file("C:\\WINNT\\system32\\rpcss.exe", nil, "2000-03-14"),
      file("C:\\WINNT\\$NtUninstallQ256149$\\rpcss.exe", nil, "1999-01-01"),
      file("C:\\WINNT\\$NtServicePackUninstall$\\rpcss.exe", nil, "1999-01-01"),
      file("C:\\WINNT\\ServicePackFiles\\i386\\rpcss.exe", nil, "1999-01-01"),
    ]
    let result = Evaluator.judge(host(files: files), against: seedRule)
    #expect(result.verdict == .upToDate)
    #expect(result.evidence.count == 1)
    // Only an uninstall copy: the component's live file is absent.
    #expect(Evaluator.judge(host(files: [files[1]]), against: seedRule).verdict == .notApplicable)
    // Any case, either slash; a folder that only starts like ServicePackFiles, or a file named so, is live.
    #expect(!file("c:/winnt/$ntuninstallq1$/rpcss.exe").isLive)
    #expect(!file("C:\\WINNT\\SERVICEPACKFILES\\rpcss.exe").isLive)
    #expect(file("C:\\WINNT\\ServicePackFilesOld\\rpcss.exe").isLive)
    #expect(file("C:\\WINNT\\system32\\$NtUninstall.exe").isLive)
    #expect(file("$NtUninstall").isLive)
  }

  @Test func oldestLiveCopyDecides() {
    let files = [file("C:\\WINNT\\system32\\rpcss.exe", nil, "2000-03-14"), file("D:\\apps\\rpcss.exe", nil, "1999-05-05")]
    let result = Evaluator.judge(host(files: files), against: seedRule)
    #expect(result.verdict == .fixNeeded)
    #expect(result.evidence.count == 2)
  }

  @Test func noComparableValueIsUnknown() {
    let result = Evaluator.judge(host(files: [file("rpcss.exe")]), against: seedRule)
    #expect(result.verdict == .unknown)
    #expect(result.evidence.first?.result == .undecided)
  }

  @Test func noRowsForPlatformIsUnknown() {
    let intelOnly = Rule(
      id: "Q2", title: "t", files: [RuleFile(platform: .intel, name: "tcpip.sys", date: FileDate(year: 1998, month: 1, day: 9))])
    let result = Evaluator.judge(host(.server, .sp3, .alpha, files: [file("tcpip.sys", nil, "1997-01-01")]), against: intelOnly)
    #expect(result.verdict == .unknown)
  }

  @Test func fixedInServicePackDecidesFirst() {
    let rule = Rule(
      id: "Q3", title: "t", fixedIn: [ServicePackRef(servicePack: .sp4)],
      files: [RuleFile(platform: .intel, name: "tcpip.sys", date: FileDate(year: 1998, month: 1, day: 9))])
    #expect(Evaluator.judge(host(.server, .sp4, files: [file("tcpip.sys", nil, "1997-01-01")]), against: rule).verdict == .upToDate)
    #expect(Evaluator.judge(host(.server, .sp3, files: [file("tcpip.sys", nil, "1997-01-01")]), against: rule).verdict == .fixNeeded)
  }

  @Test func servicePackOnlyRuleAsksForTheServicePack() {
    let rule = Rule(id: "Q4", title: "t", fixedIn: [ServicePackRef(servicePack: .sp5)])
    let below = Evaluator.judge(host(.workstation, .sp3, files: []), against: rule)
    #expect(below.verdict == .fixNeeded)
    #expect(below.servicePack == .sp5)
    #expect(Evaluator.judge(host(.workstation, .sp6a, files: []), against: rule).verdict == .upToDate)
    // The standard fixedIn says nothing about the TSE line.
    #expect(Evaluator.judge(host(.terminalServer, .sp3, files: []), against: rule).verdict == .unknown)
  }

  @Test func hostVerdictIsTheWorstAndIndexMatchesDirectJudging() {
    let other = Rule(id: "Q5", title: "t", files: [RuleFile(name: "afd.sys", date: FileDate(year: 1999, month: 1, day: 1))])
    let evaluator = Evaluator(rules: [seedRule, other], includeNotApplicable: true)
    let h = host(hotfixes: ["Q256149"], files: [file("rpcss.exe", nil, "1999-10-14"), file("afd.sys", nil, "1999-02-01")])
    let report = evaluator.judge(h)
    #expect(report.verdict == .regressed)
    #expect(report.results.map(\.verdict) == [.regressed, .upToDate])
    for (rule, result) in zip([seedRule, other], report.results) {
      #expect(Evaluator.judge(h, against: rule) == result)
    }
    // Not-applicable results are left out unless asked for.
    let quiet = Evaluator(rules: [seedRule, other]).judge(host(files: [file("afd.sys", nil, "1999-02-01")]))
    #expect(quiet.results.map(\.ruleID) == ["Q5"])
  }
}

extension EvaluatorTests {
  /// `fleetSummaryOnly` starts from the profile's baseline and judges only matched rules: it
  /// must find what judging every rule finds, for rules the baseline needs and the files
  /// clear, rules the files make needed, and rules of other editions.
  @Test func neededRulesAgreeWithEveryResult() throws {
    let day = { (y: Int, m: Int, d: Int) in FileDate(year: y, month: m, day: d) }
    let rules = [
      seedRule,  // requires SP5; rpcss.exe of 2000-03-14
      Rule(
        id: "Q1", title: "fixed in SP6, rows too", fixedIn: [ServicePackRef(servicePack: .sp6)],
        files: [RuleFile(name: "afd.sys", date: day(1999, 6, 1))]),
      Rule(id: "Q2", title: "fixed in SP4, no rows", fixedIn: [ServicePackRef(servicePack: .sp4)]),
      Rule(id: "Q3", title: "workstation only", editions: [.workstation], files: [RuleFile(name: "afd.sys", date: day(2001, 1, 1))]),
      Rule(id: "Q4", title: "no rows, no fix"),
      Rule(id: "Q5", title: "alpha rows", files: [RuleFile(platform: .alpha, name: "ntoskrnl.exe", version: FileVersion("4.0.1381.7000"))]),
      // Needed in the baseline (no Intel rows, fixed in SP6) and judged again when matched.
      Rule(
        id: "Q6", title: "alpha rows, SP6", fixedIn: [ServicePackRef(servicePack: .sp6)],
        files: [RuleFile(platform: .alpha, name: "mup.sys", date: day(1999, 1, 1))]),
    ]
    let hosts = [
      host(.server, .sp3, files: [file("C:\\WINNT\\afd.sys", nil, "1999-07-01")]),  // files clear Q1 though SP3 lacks SP6
      host(
        .server, .sp3,
        files: [file("afd.sys", nil, "1999-01-01"), file("rpcss.exe", nil, "1999-01-01"), file("mup.sys", nil, "1998-01-01")]),
      host(.enterprise, .sp6a, hotfixes: ["Q256149"], files: [file("rpcss.exe", nil, "1999-01-01")]),
      host(.terminalServer, .sp4, .alpha, files: [file("ntoskrnl.exe", "4.0.1381.6000"), file("ole32.dll", "4.0.1381.33000")]),
      host(.workstation, .sp2, files: [file("afd.sys", nil, "2000-01-01"), file("$NtUninstallQ1$\\afd.sys", nil, "1990-01-01")]),
      host(.server, .sp5, files: []),
    ]
    let full = Evaluator(rules: rules, includeNotApplicable: true)
    let lean = Evaluator(rules: rules, fleetSummaryOnly: true)
    // The same hosts read from a CSV through the index's name filter, as `audit` reads them:
    // their files then carry name ids, which the index looks up instead of hashing names.
    var csv = "host,edition,service_pack,platform,path,version,date,hotfix\n"
    for (number, h) in hosts.enumerated() {
      csv += "R\(number),\(h.edition.rawValue),\(h.servicePack.rawValue),\(h.platform.rawValue),,,,\(h.hotfixes.sorted().joined())\n"
      for f in h.files {
        csv +=
          "R\(number),\(h.edition.rawValue),\(h.servicePack.rawValue),\(h.platform.rawValue),\"\(f.path)\",\(f.version?.text ?? ""),\(f.date?.description ?? ""),\n"
      }
    }
    let path = try temporaryFile(csv, suffix: ".csv")
    let read = readAll { CSVInventoryReader.read(path: path, name: "fleet.csv", filter: lean.index.fileNameIndex, emit: $0) }
    #expect(read.failures.isEmpty)
    #expect(read.hosts.count == hosts.count)
    #expect(read.hosts.allSatisfy { $0.nameIndex == lean.index.fileNameIndex.identity })
    for (h, filtered) in zip(hosts, read.hosts) {
      let some = lean.judge(filtered)
      var h = h
      h.hasNoFiles = h.files.isEmpty  // as read: a host whose rows name no file (issue 14)
      let all = full.judge(h)
      #expect(
        some.neededRules?.entries.map { some.neededRules?.rules[Int($0.position)].id }
          == all.results.filter(\.verdict.needsAction).map(\.ruleID))
      #expect(some.tally == all.tally)
      #expect(some.verdict == all.verdict)
    }
    for h in hosts {
      let all = full.judge(h)
      let some = lean.judge(h)
      #expect(some.results.isEmpty)
      let entries = some.neededRules?.entries ?? []
      #expect(entries.map { some.neededRules?.rules[Int($0.position)].id } == all.results.filter(\.verdict.needsAction).map(\.ruleID))
      #expect(entries.map(\.verdict) == all.results.filter(\.verdict.needsAction).map(\.verdict))
      #expect(entries.map(\.servicePack) == all.results.filter(\.verdict.needsAction).map(\.servicePack))
      #expect(some.verdict == all.verdict)
      #expect(some.tally == all.tally)
    }
    // The hosts differ in what they need: the comparison is not between empty lists.
    #expect(Set(hosts.map { full.judge($0).results.filter(\.verdict.needsAction).count }).count > 2)
  }
}

extension EvaluatorTests {
  /// With an ignore list, the lean evaluator still lists needed rules (as results, since the
  /// list names rules by id), and an ignored rule is not among them.
  @Test func keepsOnlyNeededWithAnIgnoreList() {
    let spOnly = Rule(id: "Q9", title: "fixed in SP6", fixedIn: [ServicePackRef(servicePack: .sp6)])
    let ignore = IgnoreList(entries: [IgnoreEntry(rule: "Q9", host: "H", reason: "lab")])
    let lean = Evaluator(rules: [seedRule, spOnly], ignoreList: ignore, fleetSummaryOnly: true)
    let report = lean.judge(host(.server, .sp5, files: [file("rpcss.exe", nil, "1999-01-01")]))
    #expect(report.results.map(\.ruleID) == ["Q256149"])
    #expect(report.tally[.ignored] == 1)
    #expect(report.neededRules == nil)
    var summary = FleetSummary()
    summary.add(report)
    #expect(summary.ruleNeeds["Q256149"]?.hosts == 1)
    #expect(summary.ruleNeeds["Q9"] == nil)
  }
}
