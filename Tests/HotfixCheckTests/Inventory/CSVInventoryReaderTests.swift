import KBData
import Testing

@testable import HotfixCheck

@Suite struct CSVInventoryReaderTests {
  func read(_ text: String) throws -> (hosts: [HostInventory], failures: [InventoryError]) {
    let path = try temporaryFile(text, suffix: ".csv")
    return readAll { CSVInventoryReader.read(path: path, name: "fleet.csv", emit: $0) }
  }

  @Test func readsHostsFilesAndHotfixesInAnyColumnOrderAndCase() throws {
    let (hosts, failures) = try read(
      """
      Path,Host,Platform,Service_Pack,Edition,Size,Date,Version,Hotfix,Owner
      ,NTSRV01,Intel,SP6a,Server,,,,q256149,ops
      C:\\WINNT\\system32\\rpcss.exe,NTSRV01,INTEL,sp6a,SERVER,107792,3/14/2000,4.0.1381.7140,,ops
      C:\\WINNT\\system32\\ole32.dll,NTSRV01,intel,sp6a,server,,1999-10-14,,,ops
      C:\\WTSRV\\system32\\rpcss.exe,NTTSE01,intel,sp6,Terminal-Server,,,,,ops

      """)
    #expect(failures.isEmpty)
    #expect(hosts.map(\.name) == ["NTSRV01", "NTTSE01"])
    let first = try #require(hosts.first)
    #expect(first.edition == .server && first.servicePack == .sp6a && first.platform == .intel)
    #expect(first.hotfixes == ["Q256149"])
    #expect(first.files.count == 2)
    #expect(first.files[0].date?.description == "2000-03-14")
    #expect(first.files[0].version?.text == "4.0.1381.7140")
    #expect(first.files[0].size == 107792)
    #expect(hosts[1].edition == .terminalServer)
    #expect(hosts[1].files.count == 1)
  }

  @Test func quotesCRLFByteOrderMarkAndNewlinesInFields() throws {
    let text =
      "\u{FEFF}host,edition,service_pack,platform,path\r\n\"NT,01\",server,sp5,intel,\"C:\\Program Files\\\"\"odd\"\"\r\nname\\a.dll\"\r\n"
    let (hosts, failures) = try read(text)
    #expect(failures.isEmpty)
    #expect(hosts.first?.name == "NT,01")
    #expect(hosts.first?.files.first?.path == "C:\\Program Files\\\"odd\"\r\nname\\a.dll")
  }

  @Test func missingColumnsAreNamed() throws {
    let (hosts, failures) = try read("host,path,version\nA,x.dll,1.0\n")
    #expect(hosts.isEmpty)
    let error = try #require(failures.first)
    #expect(error.message.contains("edition, service_pack, platform"))
    #expect(error.description.hasPrefix("fleet.csv:1:1: error: missing required column"))
  }

  @Test func badValueFailsOnlyItsHostWithLineAndColumn() throws {
    let (hosts, failures) = try read(
      """
      host,edition,service_pack,platform,path,date
      A,server,sp6a,intel,a.dll,2000-01-01
      B,server,sp9,intel,b.dll,2000-01-01
      B,server,sp9,intel,c.dll,2000-01-01
      C,server,sp6a,intel,c.dll,2000-02-30
      D,server,sp6a,intel,d.dll,02/03/2000
      """)
    #expect(hosts.map(\.name) == ["A", "D"])
    #expect(failures.count == 2)
    #expect(failures[0].host == "B" && failures[0].line == 3 && failures[0].column == 10)
    #expect(failures[0].message.contains("sp9") && failures[0].message.contains("expected"))
    #expect(failures[1].host == "C" && failures[1].line == 5 && failures[1].column == 27)
  }

  @Test func unbalancedQuoteKeepsEarlierHosts() throws {
    let (hosts, failures) = try read("host,edition,service_pack,platform,path\nA,server,sp6a,intel,a.dll\nB,server,sp6a,intel,\"b.dll\n")
    #expect(hosts.map(\.name) == ["A"])
    let error = try #require(failures.first)
    #expect(error.host == "B")
    #expect(error.line == 3 && error.column == 21)
    #expect(error.message.contains("unbalanced quote"))
  }

  @Test func wrongFieldCountEmptyFileAndBinaryNoise() throws {
    let short = try read("host,edition,service_pack,platform,path\nA,server,sp6a\n")
    #expect(short.hosts.isEmpty && short.failures.first?.message.contains("expected 5") == true)
    let empty = try read("")
    #expect(empty.failures.first?.message.contains("empty file") == true)
    let path = try temporaryFile([0x00, 0xFF, 0x13, 0x37, 0x00, 0x0A, 0x41], suffix: ".csv")
    let noise = readAll { CSVInventoryReader.read(path: path, emit: $0) }
    #expect(noise.hosts.isEmpty && !noise.failures.isEmpty)
  }

  @Test func hostRowsMustAgree() throws {
    let (hosts, failures) = try read(
      """
      host,edition,service_pack,platform,path
      A,server,sp6a,intel,a.dll
      B,server,sp6a,intel,b.dll
      A,server,sp6a,intel,c.dll
      C,server,sp6a,intel,a.dll
      C,server,sp5,intel,b.dll
      """)
    // Read whole, A's rows apart are gathered (issue 14); C's disagree.
    #expect(hosts.map(\.name) == ["A", "B"])
    #expect(hosts[0].files.map(\.path) == ["a.dll", "c.dll"])
    #expect(failures.map(\.host) == ["C"])
    #expect(failures[0].message.contains("differs"))
  }

  @Test func rowsOfAHostApartAreGatheredIntoIt() throws {
    let (hosts, failures) = try read(
      """
      host,edition,service_pack,platform,path,size,hotfix
      A,server,sp6a,intel,a1.dll,"107,792",
      B,server,sp5,intel,b1.dll,1,
      A,,,,a2.dll,2,
      A,Server,SP6A,intel,,,Q256149
      B,server,sp5,intel,b2.dll,3,
      """)
    #expect(failures.isEmpty)
    #expect(hosts.map(\.name) == ["A", "B"])
    #expect(hosts[0].files.map(\.path) == ["a1.dll", "a2.dll"])
    #expect(hosts[0].files[0].size == 107792)
    #expect(hosts[0].hotfixes == ["Q256149"])
    #expect(hosts[1].files.map(\.path) == ["b1.dll", "b2.dll"])
  }

  @Test func rowsApartMustAgreeAndAFailedHostStaysFailed() throws {
    let (hosts, failures) = try read(
      """
      host,edition,service_pack,platform,path
      A,server,sp6a,intel,a1.dll
      B,server,sp9,intel,b1.dll
      A,server,sp5,intel,a2.dll
      B,server,sp6a,intel,b2.dll
      C,server,sp6a,intel,
      """)
    #expect(hosts.map(\.name) == ["C"])
    #expect(hosts[0].hasNoFiles)
    #expect(failures.map(\.host) == ["B", "A"])
    #expect(failures[1].message.contains("differs from the host's earlier rows") && failures[1].line == 4)
  }
}
