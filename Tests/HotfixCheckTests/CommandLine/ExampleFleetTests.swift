import Foundation
import Testing

@testable import HotfixCheck

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The realistic example fleet, `examples/fleet/` (written by `scripts/make-examples.py`),
/// judged on the built-in catalog as the README's first command does.
@Suite struct ExampleFleetTests {
  static let hosts = ["alphawks1", "filesrv1", "olddc1", "printsrv1", "sqlclus1", "tsrv1"]

  static let expected = [
    "FILESRV1": "fix-needed", "SQLCLUS1": "regressed", "OLDDC1": "fix-needed",
    "PRINTSRV1": "regressed", "TSRV1": "fix-needed",
    // Every host has rules that apply but list nothing for its build line and platform
    // (articles fixed only in "the latest service pack"): the best a host can get is unknown.
    "ALPHAWKS1": "unknown",
  ]

  /// The report's rules, host by host: host → rule id → the rule element.
  func rules(_ xml: String) throws -> [String: [String: XMLElement]] {
    let document = try XMLDocument(data: Data(xml.utf8))
    var found: [String: [String: XMLElement]] = [:]
    for case let host as XMLElement in try document.nodes(forXPath: "/hotfix-report/host") {
      let name = host.attribute(forName: "name")?.stringValue ?? ""
      for case let rule as XMLElement in host.elements(forName: "rule") {
        found[name, default: [:]][rule.attribute(forName: "id")?.stringValue ?? ""] = rule
      }
    }
    return found
  }

  func file(_ rule: XMLElement?, _ name: String) -> XMLElement? {
    rule?.elements(forName: "file").first { $0.attribute(forName: "name")?.stringValue?.lowercased() == name.lowercased() }
  }

  func attribute(_ element: XMLElement?, _ name: String) -> String? {
    element?.attribute(forName: name)?.stringValue
  }

  @Test func inventoriesValidateAgainstTheSchema() throws {
    let validator = try XMLSchemaValidator(schemaPath: repositoryRoot.appendingPathComponent("schemas/inventory.xsd").path)
    for host in Self.hosts {
      let path = repositoryRoot.appendingPathComponent("examples/fleet/\(host).xml").path
      #expect(validator.validate(documentAt: path) == [], "\(host).xml")
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let files = text.components(separatedBy: "<file ").count - 1
      #expect(files >= 250, "\(host).xml has \(files) files")
    }
  }

  @Test func eachHostShowsItsVerdict() throws {
    let e2e = EndToEndTests()
    let outcome = try e2e.run(["check", "examples/fleet", "--format", "xml"], builtin: true)
    #expect(outcome.status == 1)
    #expect(try e2e.verdicts(outcome.stdout) == Self.expected)

    let rules = try rules(outcome.stdout)
    var seen = Set<String>()
    for (_, hostRules) in rules {
      for (_, rule) in hostRules { seen.insert(attribute(rule, "verdict") ?? "") }
    }
    #expect(seen.isSuperset(of: ["regressed", "fix-needed", "prerequisite-missing", "unknown", "up-to-date"]))

    // SQLCLUS1: Q320249 is recorded, but SP6a re-applied put back its afd.sys.
    let regressed = rules["SQLCLUS1"]?["Q320249"]
    #expect(attribute(regressed, "verdict") == "regressed")
    let afd = file(regressed, "Afd.sys")
    #expect(attribute(afd, "path") == #"C:\WINNT\system32\drivers\afd.sys"#)
    #expect(attribute(afd, "found-version") == "4.0.1381.7000")
    #expect(attribute(afd, "required-version") == "4.0.1381.7144")
    #expect(attribute(afd, "result") == "older")

    // FILESRV1 misses four post-SP6a hotfixes, nothing else.
    let filesrv = rules["FILESRV1"] ?? [:]
    let needed = filesrv.filter { attribute($0.value, "verdict") == "fix-needed" }.keys.sorted()
    #expect(needed == ["Q273600", "Q300987", "Q303720", "Q308605", "Q325646"])
    #expect(attribute(file(filesrv["Q273600"], "Mouclass.sys"), "found-version") == "4.0.1381.7000")
    #expect(attribute(filesrv["Q130029"], "verdict") == "unknown")  // config.nt: no version or date in the article

    // OLDDC1 (SP4) and PRINTSRV1 (SP5): hotfixes that need SP6a first.
    #expect(attribute(rules["OLDDC1"]?["Q256149"], "verdict") == "prerequisite-missing")
    #expect(attribute(rules["PRINTSRV1"]?["Q305399"], "verdict") == "prerequisite-missing")

    // PRINTSRV1: Q256149 installed on SP5; three SP5 files put back from the CD are older
    // than the SP5 contents list (Q235373): a partly overwritten service pack.
    let sp5 = rules["PRINTSRV1"]?["Q235373"]
    #expect(attribute(sp5, "verdict") == "regressed")
    #expect(sp5?.elements(forName: "reason").first?.stringValue?.contains("reapply SP5") == true)
    #expect(attribute(rules["OLDDC1"]?["Q235373"], "verdict") == nil)  // SP4: not-applicable, left out
    let older = (sp5?.elements(forName: "file") ?? []).filter { attribute($0, "result") == "older" }
    #expect(older.compactMap { attribute($0, "name")?.lowercased() }.sorted() == ["rasapi32.dll", "rasman.dll", "rasphone.exe"])
    #expect(attribute(file(sp5, "Rasman.dll"), "found-date") == "1996-08-09")
    #expect(attribute(rules["PRINTSRV1"]?["Q256149"], "verdict") == "up-to-date")

    // TSRV1 is judged by Terminal Server Edition rows only.
    let tse = rules["TSRV1"]?["Q327386"]
    #expect(attribute(tse, "verdict") == "fix-needed")
    #expect(attribute(file(tse, "Win32k.sys"), "required-version") == "4.0.1381.33539")
    #expect(attribute(file(tse, "Win32k.sys"), "path") == #"C:\WTSRV\system32\win32k.sys"#)
  }

  @Test func auditSummarisesTheFleet() throws {
    let outcome = try EndToEndTests().run(["audit", "examples/fleet"], builtin: true)
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("6 host(s)"))
    #expect(outcome.stdout.contains("6 host(s): error 0, regressed 2, fix-needed 3, prerequisite-missing 0, unknown 1"))
    #expect(outcome.stdout.contains("SQLCLUS1  enterprise sp6a intel  regressed"))
  }

  /// The committed files are what the generator writes: run it into a temporary folder.
  @Test func generatorIsReproducible() throws {
    guard
      let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { return }
    let output = NSTemporaryDirectory() + "hotfix-check-examples-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: output) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [repositoryRoot.appendingPathComponent("scripts/make-examples.py").path, "--output", output]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let written = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
    #expect(written == Self.hosts.map { "\($0).xml" })
    for name in written {
      let fresh = try Data(contentsOf: URL(fileURLWithPath: output).appendingPathComponent(name))
      let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/fleet/\(name)"))
      #expect(fresh == committed, "examples/fleet/\(name) differs from what scripts/make-examples.py writes")
    }
  }
}
