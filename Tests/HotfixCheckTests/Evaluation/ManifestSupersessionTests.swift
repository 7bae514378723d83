import Foundation
import KBData
import Testing

@testable import HotfixCheck

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Two manifests of one build: a host at or above the later one is judged by it alone, so one
/// overwritten file is reported once (it is older than both packs' copies).
@Suite struct ManifestSupersessionTests {
  static let sp3 = ServicePackManifest(
    id: "Q172965", title: "Contents of the Nt4sp3_i.exe File", servicePack: ServicePackRef(servicePack: .sp3),
    platform: .intel, files: [RuleFile(platform: .intel, name: "Afd.sys", date: FileDate(year: 1997, month: 4, day: 29))])

  @Test func laterManifestJudgesHostsAtOrAboveItTheEarlierOneTheRest() {
    let evaluator = Evaluator(rules: [], manifests: [Self.sp3, ManifestJudgingTests.sp5], includeNotApplicable: true)
    func results(_ pack: ServicePack) -> [String: RuleResult] {
      let host = HostInventory(
        name: "H", edition: .server, servicePack: pack, platform: .intel,
        files: [InventoryFile(path: #"C:\WINNT\system32\drivers\afd.sys"#, date: FileDate(year: 1996, month: 8, day: 9))])
      return Dictionary(uniqueKeysWithValues: evaluator.judge(host).results.map { ($0.ruleID, $0) })
    }
    let sp5 = results(.sp5)
    #expect(sp5["Q235373"]?.verdict == .regressed)
    #expect(sp5["Q172965"]?.verdict == .notApplicable)
    #expect(sp5["Q172965"]?.reason == "the host has SP5: SP5's list of files judges it instead")
    let sp4 = results(.sp4)
    #expect(sp4["Q172965"]?.verdict == .regressed)
    #expect(sp4["Q172965"]?.reason.hasSuffix("reapply SP4") == true)
    #expect(sp4["Q235373"]?.verdict == .notApplicable)
  }
}
