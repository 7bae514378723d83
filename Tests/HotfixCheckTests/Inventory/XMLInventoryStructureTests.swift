import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// Issue 14: what the XML reader refuses, reads or marks, instead of skipping in silence.
@Suite struct XMLInventoryStructureTests {
  static let attributes = #"edition="server" service-pack="sp6a" platform="intel""#
  static let file = #"<file path="C:\rpcss.exe" version="4.0.1381.7000"/>"#

  func read(_ text: String) throws -> (hosts: [HostInventory], failures: [InventoryError]) {
    try XMLInventoryReaderTests().read(text)
  }

  @Test func aKnownElementInAnotherCaseIsRead() throws {
    let (hosts, failures) = try read(
      "<Inventory><Host name=\"A\" \(Self.attributes)><FILE path=\"a.dll\"/><HotFix id=\"Q1\"/></Host></Inventory>")
    #expect(failures.isEmpty)
    #expect(hosts.map(\.name) == ["A"])
    #expect(hosts.first?.files.count == 1 && hosts.first?.hotfixes == ["Q1"])
  }

  @Test func anUnknownElementOutsideHostsIsAnErrorAndNamesEveryHostInIt() throws {
    let (hosts, failures) = try read(
      """
      <inventory>
        <site name="east">
          <host name="A" \(Self.attributes)>\(Self.file)</host>
        </site>
        <host name="C" \(Self.attributes)>\(Self.file)</host>
      </inventory>
      """)
    #expect(hosts.map(\.name) == ["C"])
    #expect(failures.count == 2)
    #expect(failures[0].message.contains("unknown element <site>") && failures[0].line == 2 && failures[0].column > 0)
    #expect(failures[1].host == "A" && failures[1].line == 3 && failures[1].message.contains("<site>"))
  }

  @Test func aHostInsideAHostFailsBothByName() throws {
    let (hosts, failures) = try read(
      "<inventory><host name=\"A\" \(Self.attributes)><host name=\"B\" \(Self.attributes)>\(Self.file)</host></host></inventory>")
    #expect(hosts.isEmpty)
    #expect(Set(failures.compactMap(\.host)) == ["A", "B"])
    #expect(failures.allSatisfy { $0.description.hasPrefix("inv.xml:1:") })
  }

  @Test func aWrapperAroundFilesFailsItsHost() throws {
    let (hosts, failures) = try read(
      """
      <inventory>
        <host name="A" \(Self.attributes)><files>\(Self.file)</files></host>
        <host name="B" \(Self.attributes)>\(Self.file)<file path="b.dll"><note/></file></host>
      </inventory>
      """)
    #expect(hosts.isEmpty)
    #expect(failures.map(\.host) == ["A", "B"])
    #expect(failures[0].message.contains("<files>") && failures[0].line == 2)
    #expect(failures[1].message.contains("<note>"))
  }

  @Test func anElementInAnotherNamespaceIsUnknown() throws {
    let (hosts, failures) = try read(
      "<inventory xmlns:x=\"urn:x\"><host name=\"A\" \(Self.attributes)><x:file path=\"a.dll\"/></host></inventory>")
    #expect(hosts.isEmpty)
    #expect(failures.first?.message.contains("unknown element <file>") == true)
  }

  @Test func namespacedAttributesAreIgnored() throws {
    let (hosts, failures) = try read(
      """
      <inventory xmlns:x="urn:x">
        <host name="A" \(Self.attributes) x:edition="workstation">
          <file path="a.dll" x:version="9.0" version="4.0.1381.7000" x:path="evil.dll"/>
          <file path="b.dll" x:version="9.0"/>
        </host>
      </inventory>
      """)
    #expect(failures.isEmpty)
    let host = try #require(hosts.first)
    #expect(host.edition == .server)
    #expect(host.files.map(\.path) == ["a.dll", "b.dll"])
    #expect(host.files[0].version?.text == "4.0.1381.7000")
    #expect(host.files[1].version == nil)
  }

  @Test func collectorAttributesAreAccepted() throws {
    let (hosts, failures) = try read(
      """
      <host name="A" \(Self.attributes) collected="2026-11-29T08:00:00Z" collector="hotfix-inventory.vbs 1.2" hotfixes="unknown">\(Self.file)</host>
      """)
    #expect(failures.isEmpty)
    #expect(hosts.map(\.name) == ["A"])
  }

  @Test func anEmptyNameIsSaidToBeEmpty() throws {
    let (_, failures) = try read(
      "<inventory><host name=\"\" \(Self.attributes)/><host name=\"B\" \(Self.attributes)><file path=\" \"/></host></inventory>")
    #expect(failures.count == 2)
    #expect(failures[0].message.contains("empty name") && failures[0].host?.contains("unnamed") == true)
    #expect(failures[1].message.contains("empty path"))
  }

  @Test func sizesMayCarryThousandsSeparators() throws {
    let (hosts, failures) = try read(
      "<host name=\"A\" \(Self.attributes)><file path=\"a.dll\" size=\"107,792\"/><file path=\"b.dll\" size=\"1,234,567\"/></host>")
    #expect(failures.isEmpty)
    #expect(hosts.first?.files.map(\.size) == [107792, 1234567])
    for bad in ["1,07,792", "107,79", ",107", "107,792,"] {
      #expect(
        try read("<host name=\"A\" \(Self.attributes)><file path=\"a.dll\" size=\"\(bad)\"/></host>").failures.first?.message.contains(
          "size") == true, "\(bad)")
    }
  }

  @Test func aFatalErrorSaysWhereReadingStoppedAndWhatWasRead() throws {
    let (hosts, failures) = try read(
      """
      <inventory>
        <host name="A" \(Self.attributes)>\(Self.file)</host>
        <host name="B" \(Self.attributes)>\(Self.file)</host>
        <host name="C" \(Self.attributes)><file path="c.dll" size="1" size="2"/></host>
        <host name="D" \(Self.attributes)>\(Self.file)</host>
      </inventory>
      """)
    #expect(hosts.map(\.name) == ["A", "B"])
    let error = try #require(failures.first)
    #expect(error.line == 4 && error.host == "C")
    #expect(error.message.contains("size is given twice"))
    #expect(error.message.contains("reading stopped at line 4: 2 hosts before it were read"))
  }

  @Test func aHugeValueIsSaidInPlainWords() throws {
    let (_, failures) = try read(
      "<inventory><host name=\"A\" \(Self.attributes)/><host name=\"" + String(repeating: "x", count: 10_500_000)
        + "\" \(Self.attributes)/></inventory>")
    let error = try #require(failures.first)
    #expect(error.message.contains("longer than the 10,000,000 bytes"))
    #expect(error.message.contains("1 host before it was read"))
  }

  @Test func aHostListingNoFilesIsMarkedAndFilteredFilesAreNot() throws {
    let path = try temporaryFile(
      "<inventory><host name=\"A\" \(Self.attributes)/><host name=\"B\" \(Self.attributes)><file path=\"x.dll\"/></host></inventory>",
      suffix: ".xml")
    let (hosts, _) = readAll { XMLInventoryReader.read(path: path, filter: FileNameIndex(names: ["rpcss.exe"]), emit: $0) }
    #expect(hosts.map(\.hasNoFiles) == [true, false])
    #expect(hosts[1].files.isEmpty)
  }
}
