import Foundation
import Testing

@testable import HotfixCheck

/// A collector's `collected`, `collector` and `hotfixes="unknown"` (contract section 3): read
/// by the XML reader, and listed by `audit`'s summary (`--max-age`, issue 15).
@Suite struct CollectionStampTests {
  static let inventory = #"""
    <inventory>
      <host name="OLD1" edition="server" service-pack="sp6a" platform="intel"
            collected="2025-01-02T08:00:00Z" collector="hotfix-remote-inventory 1.0" hotfixes="unknown">
        <file path="C:\WINNT\system32\rpcss.exe" date="1999-10-14"/>
      </host>
      <host name="RECENT1" edition="server" service-pack="sp6a" platform="intel" collected="2025-11-20T09:00:00+01:00">
        <file path="C:\WINNT\system32\rpcss.exe" date="2000-06-01"/>
      </host>
      <host name="MONTHS1" edition="server" service-pack="sp6a" platform="intel" collected="2025-09-01T00:00:00.250Z">
        <file path="C:\WINNT\system32\rpcss.exe" date="2000-06-01"/>
      </host>
      <host name="PLAIN1" edition="server" service-pack="sp6a" platform="intel" collector="by hand">
        <file path="C:\WINNT\system32\rpcss.exe" date="2000-06-01"/>
      </host>
    </inventory>
    """#

  @Test func readerKeepsTheCollectionFacts() throws {
    let path = try temporaryFile(Self.inventory, suffix: ".xml")
    let (hosts, failures) = readAll { XMLInventoryReader.read(path: path, emit: $0) }
    #expect(failures.isEmpty, "\(failures)")
    let byName = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) })
    let old = try #require(byName["OLD1"])
    #expect(old.collected == ISO8601DateFormatter().date(from: "2025-01-02T08:00:00Z"))
    #expect(old.collector == "hotfix-remote-inventory 1.0")
    #expect(old.hotfixListUnknown)
    #expect(byName["RECENT1"]?.collected == ISO8601DateFormatter().date(from: "2025-11-20T08:00:00Z"))
    #expect(byName["RECENT1"]?.hotfixListUnknown == false)
    #expect(byName["MONTHS1"]?.collected != nil)
    #expect(byName["PLAIN1"]?.collected == nil)
  }

  /// A bad `collected` or `hotfixes` value fails its host, with file, line and column.
  @Test func badValuesFailTheirHost() throws {
    let text = #"""
      <inventory>
        <host name="A" edition="server" service-pack="sp6" platform="intel" collected="last week"/>
        <host name="B" edition="server" service-pack="sp6" platform="intel" hotfixes="some"/>
        <host name="C" edition="server" service-pack="sp6" platform="intel" collected="2025-02-30T00:00:00Z"/>
        <host name="D" edition="server" service-pack="sp6" platform="intel" hotfixes="UNKNOWN" collected="2025-02-28T10:00:00"/>
      </inventory>
      """#
    let path = try temporaryFile(text, suffix: ".xml")
    let (hosts, failures) = readAll { XMLInventoryReader.read(path: path, emit: $0) }
    #expect(hosts.map(\.name) == ["D"])
    #expect(failures.map(\.host) == ["A", "B", "C"])
    #expect(failures[0].line == 2 && failures[0].description.contains(#"collected time "last week""#), "\(failures[0])")
    #expect(failures[1].description.contains("expected unknown"), "\(failures[1])")
    // No offset: read as UTC.
    #expect(hosts.first?.collected == ISO8601DateFormatter().date(from: "2025-02-28T10:00:00Z"))
  }

  /// Through the binary: the reports' "now" is SOURCE_DATE_EPOCH (2025-11-26T17:00:00Z).
  @Test(.enabled(if: EndToEndTests.binary != nil)) func auditListsOldAndUnknown() throws {
    let path = try temporaryFile(Self.inventory, suffix: ".xml")
    let standard = try EndToEndTests().run(["audit", path])
    #expect(standard.status == 1, "\(standard.stderr)")
    #expect(
      standard.stdout.contains("Inventories older than 90 days (collect again):\n  OLD1  collected 2025-01-02, 328 days ago"),
      "\(standard.stdout)")
    #expect(!standard.stdout.contains("  MONTHS1  collected"), "\(standard.stdout)")
    #expect(standard.stdout.contains("Inventories that do not say when they were collected: 1 host(s)"))
    #expect(
      standard.stdout.contains(
        "Hosts whose hotfix list could not be read (a reinstalled service pack shows as fix-needed, not regressed):\n  OLD1  ("))

    let strict = try EndToEndTests().run(["audit", path, "--max-age", "30"])
    let lines = strict.stdout.split(separator: "\n").filter { $0.contains(" days ago") }
    #expect(lines.map { $0.split(separator: " ").first.map(String.init) } == ["OLD1", "MONTHS1"], "\(strict.stdout)")

    let wrong = try EndToEndTests().run(["audit", path, "--max-age", "-1"])
    #expect(wrong.status != 0 && wrong.stderr.contains("--max-age"), "\(wrong.stderr)")
  }

  /// The same lists in the summary of the XML (valid against its schema), JSON and HTML reports.
  @Test(.enabled(if: EndToEndTests.binary != nil)) func everyReportListsOldAndUnknown() throws {
    let path = try temporaryFile(Self.inventory, suffix: ".xml")
    let xml = try EndToEndTests().run(["audit", path, "--max-age", "30", "--format", "xml"])
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/hotfix-report.xsd").path)
    #expect(validator.validate(documentAt: try temporaryFile(xml.stdout, suffix: ".xml")) == [])
    #expect(xml.stdout.contains(#"error="0" inventory-max-age="30" undated-inventories="1">"#), "\(xml.stdout)")
    #expect(xml.stdout.contains(#"<old-inventory host="OLD1" source="\#(path)" collected="2025-01-02T08:00:00Z" days="328"/>"#))
    #expect(xml.stdout.contains(#"<old-inventory host="MONTHS1" source="\#(path)" collected="2025-09-01T00:00:00Z" days="86"/>"#))
    #expect(!xml.stdout.contains(#"<old-inventory host="RECENT1""#))
    #expect(xml.stdout.contains(#"<unknown-hotfix-list host="OLD1" source="\#(path)"/>"#))

    let json = try EndToEndTests().run(["audit", path, "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let summary = try #require(object["summary"] as? [String: Any])
    #expect(summary["inventoryMaxAge"] as? Int == 90)
    #expect((summary["oldInventories"] as? [[String: Any]])?.map { $0["host"] as? String } == ["OLD1"])
    #expect((summary["oldInventories"] as? [[String: Any]])?.first?["days"] as? Int == 328)
    #expect(summary["undatedInventories"] as? Int == 1)
    #expect((summary["unknownHotfixLists"] as? [[String: Any]])?.map { $0["host"] as? String } == ["OLD1"])

    let html = try EndToEndTests().run(["audit", path, "--format", "html"])
    #expect(html.stdout.contains(#"<h2 id="inventories">Inventories</h2>"#), "\(html.stdout)")
    #expect(html.stdout.contains("Collected more than 90 days ago: collect again."))
    #expect(
      html.stdout.contains("<td><strong>OLD1</strong></td>\n<td class=\"level\">2025-01-02</td>\n<td class=\"n\">328</td>"),
      "\(html.stdout)")
    #expect(html.stdout.contains("1 inventory(ies) do not say when they were collected."))
    #expect(html.stdout.contains("Hotfix list could not be read"))
  }

  /// A host whose hotfix list is unknown cannot be found `regressed` unless it lists the hotfix
  /// (the script's fallback finds some): its older file stays `fix-needed`, and the reason says
  /// it may be regressed. A host that lists its hotfixes gets the plain reason.
  @Test(.enabled(if: EndToEndTests.binary != nil)) func unknownHotfixListSaysItMayBeRegressed() throws {
    let text = #"""
      <inventory>
        <host name="UNKNOWN1" edition="server" service-pack="sp6a" platform="intel" hotfixes="unknown">
          <file path="C:\WINNT\system32\rpcss.exe" date="1999-10-14"/>
        </host>
        <host name="FOUND1" edition="server" service-pack="sp6a" platform="intel" hotfixes="unknown">
          <hotfix id="Q256149"/>
          <file path="C:\WINNT\system32\rpcss.exe" date="1999-10-14"/>
        </host>
        <host name="KNOWN1" edition="server" service-pack="sp6a" platform="intel">
          <file path="C:\WINNT\system32\rpcss.exe" date="1999-10-14"/>
        </host>
      </inventory>
      """#
    let run = try EndToEndTests().run(["check", try temporaryFile(text, suffix: ".xml"), "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let hosts = try #require(object["hosts"] as? [[String: Any]])
    func seedRule(_ host: String) -> [String: Any]? {
      (hosts.first { $0["name"] as? String == host }?["rules"] as? [[String: Any]])?.first { $0["id"] as? String == "Q256149" }
    }
    let unknown = try #require(seedRule("UNKNOWN1"))
    #expect(unknown["verdict"] as? String == "fix-needed")
    #expect(
      unknown["reason"] as? String
        == "Rpcss.exe is older than the fix; the host's hotfix list could not be read, so Q256149 may be recorded as installed (then regressed: reinstall it)"
    )
    #expect(seedRule("FOUND1")?["verdict"] as? String == "regressed")
    let known = try #require(seedRule("KNOWN1"))
    #expect(known["verdict"] as? String == "fix-needed")
    #expect(known["reason"] as? String == "Rpcss.exe is older than the fix", "\(known)")
  }
}
