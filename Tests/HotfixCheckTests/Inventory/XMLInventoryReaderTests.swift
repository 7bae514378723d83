import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct XMLInventoryReaderTests {
  func read(_ text: String) throws -> (hosts: [HostInventory], failures: [InventoryError]) {
    let path = try temporaryFile(text, suffix: ".xml")
    return readAll { XMLInventoryReader.read(path: path, name: "inv.xml", emit: $0) }
  }

  @Test func readsAFleetInAnyCase() throws {
    let (hosts, failures) = try read(
      """
      <?xml version="1.0"?>
      <inventory>
        <host name="NTSRV01" edition="Server" service-pack="SP6a" platform="Intel">
          <hotfix id="Q256149"/>
          <file path="C:\\WINNT\\system32\\rpcss.exe" version="4.0.1381.7140" date="2000-03-14" size="107792"/>
          <file path="C:\\Temp\\a &amp; b.dll" date="3/14/2000"/>
        </host>
        <host name="NTALPHA1" edition="server" service-pack="sp5" platform="ALPHA"></host>
      </inventory>
      """)
    #expect(failures.isEmpty)
    #expect(hosts.map(\.name) == ["NTSRV01", "NTALPHA1"])
    #expect(hosts[0].hotfixes == ["Q256149"])
    #expect(hosts[0].files.map(\.path) == ["C:\\WINNT\\system32\\rpcss.exe", "C:\\Temp\\a & b.dll"])
    #expect(hosts[0].files[1].date?.description == "2000-03-14")
    #expect(hosts[1].platform == .alpha && hosts[1].servicePack == .sp5)
  }

  @Test func aHostMayBeTheRoot() throws {
    let (hosts, failures) = try read(
      "<host name=\"A\" edition=\"workstation\" service-pack=\"sp0\" platform=\"intel\"><file path=\"x.dll\"/></host>")
    #expect(failures.isEmpty)
    #expect(hosts.first?.files.count == 1)
  }

  @Test func badValueFailsItsHostAndKeepsTheOthers() throws {
    let (hosts, failures) = try read(
      """
      <inventory>
        <host name="A" edition="server" service-pack="sp6a" platform="intel"/>
        <host name="B" edition="server" service-pack="sp6a" platform="intel">
          <file path="b.dll" version="4.0.x"/>
        </host>
        <host name="C" edition="datacenter" service-pack="sp6a" platform="intel"/>
        <host name="D" edition="server" service-pack="sp6a" platform="intel"><file version="1.0"/></host>
      </inventory>
      """)
    #expect(hosts.map(\.name) == ["A"])
    #expect(failures.map(\.host) == ["B", "C", "D"])
    #expect(failures[0].line == 4)
    #expect(failures[0].message.contains("4.0.x"))
    #expect(failures[1].message.contains("datacenter"))
    #expect(failures[2].message.contains("path"))
  }

  @Test func refusesDoctypeAndExternalEntities() throws {
    let secret = try temporaryFile("TOP SECRET", suffix: ".txt")
    let (hosts, failures) = try read(
      """
      <?xml version="1.0"?>
      <!DOCTYPE inventory [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
      <inventory><host name="&xxe;" edition="server" service-pack="sp6a" platform="intel"/></inventory>
      """)
    #expect(hosts.isEmpty)
    let error = try #require(failures.first)
    #expect(error.message.contains("DOCTYPE") || error.message.contains("entities and DTDs are not allowed"))
    #expect(!error.message.contains("TOP SECRET"))
  }

  @Test func refusesBillionLaughs() throws {
    var dtd = "<!ENTITY lol0 \"lol\">"
    for level in 1...9 { dtd += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">" }
    let (hosts, failures) = try read(
      "<?xml version=\"1.0\"?><!DOCTYPE inventory [\(dtd)]><inventory><host name=\"&lol9;\" edition=\"server\" service-pack=\"sp6a\" platform=\"intel\"/></inventory>"
    )
    #expect(hosts.isEmpty)
    #expect(failures.count == 1)
  }

  @Test func truncatedFileKeepsHostsReadBeforeTheBreak() throws {
    let (hosts, failures) = try read(
      """
      <inventory>
        <host name="A" edition="server" service-pack="sp6a" platform="intel"><file path="a.dll"/></host>
        <host name="B" edition="server" service-pack="sp6a" platform="intel"><file path="b.dll"
      """)
    #expect(hosts.map(\.name) == ["A"])
    let error = try #require(failures.first)
    #expect(error.host == "B")
    #expect(error.line >= 3)
    #expect(error.description.hasPrefix("inv.xml:"))
  }

  @Test func wrongRootAndEmptyInventoryAreErrors() throws {
    #expect(try read("<fleet/>").failures.first?.message.contains("expected <inventory> or <host>") == true)
    #expect(try read("<inventory/>").failures.first?.message.contains("no <host>") == true)
  }
}
