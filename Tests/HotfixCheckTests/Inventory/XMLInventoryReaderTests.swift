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
    let (hosts, _) = readAll { XMLInventoryReader.read(path: path, filter: FileNameFilter(names: ["rpcss.exe"]), emit: $0) }
    #expect(hosts.map(\.hasNoFiles) == [true, false])
    #expect(hosts[1].files.isEmpty)
  }
}

@Suite struct TagGuardTests {
  func crowded(_ text: String, chunk: Int) -> Bool {
    var guardTags = TagGuard()
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
      let slice = Array(bytes[start..<min(start + chunk, bytes.count)])
      if slice.withUnsafeBytes({ guardTags.scan($0) }) { return true }
      start += chunk
    }
    return false
  }

  @Test func countsAttributesOfOneTagAcrossChunks() {
    let many = "<host " + (0...TagGuard.maximumAttributes).map { "a\($0)=\"x\"" }.joined(separator: " ") + "/>"
    for chunk in [1, 7, 4096] { #expect(crowded(many, chunk: chunk)) }
  }

  @Test func quotedEqualsCommentsAndManySmallTagsAreFine() {
    let value = String(repeating: "a=b>c<", count: 2_000)
    let text =
      "<?xml version=\"1.0\"?><!-- \(String(repeating: "=", count: 50)) --><inventory note='\(value)'>"
      + String(repeating: "<file path=\"C:\\x=y.dll\" version=\"1.0\" date=\"2000-01-01\" size=\"1\"/>", count: 3_000) + "</inventory>"
    for chunk in [1, 13, 1 << 18] { #expect(!crowded(text, chunk: chunk)) }
  }

  @Test func aLongStretchFullOfEqualsSignsIsRefusedAndShortTagsAreNotCounted() {
    let long = "<host name=\"" + String(repeating: "=", count: 6_000) + "\"/>"
    for chunk in [1, 4096, 1 << 18] { #expect(crowded(long, chunk: chunk)) }
    // Many = in a short value: not a long stretch, however the chunks fall.
    let short = "<host name=\"" + String(repeating: "=", count: 1_500) + "\"/><x/>" + String(repeating: " ", count: 5_000)
    for chunk in [1, 700, 1 << 18] { #expect(!crowded(short, chunk: chunk)) }
    // 1,000 attributes: at the cap, not over it.
    let atCap = "<host " + (1...TagGuard.maximumAttributes).map { "a\($0)=\"x\"" }.joined(separator: " ") + "/>"
    #expect(!crowded(atCap, chunk: 100))
  }
}
