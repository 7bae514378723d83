import Testing

@testable import KBData

@Suite struct ModelTests {
  @Test func versionsCompareByNumberWithMissingPartsZero() throws {
    let short = try #require(FileVersion("4.00.1381"))
    let long = try #require(FileVersion("4.0.1381.0"))
    #expect(short == long)
    #expect(try #require(FileVersion("4.0.1381.7043")) < #require(FileVersion("4.0.1381.33478")))
    #expect(FileVersion("4.0.x") == nil)
    #expect(FileVersion("1.2.3.4.5") == nil)
    // Empty parts, a trailing dot, overflow of a part, nothing at all.
    for bad in ["1..2", ".1", "1.", "", "4294967296.0", "1.2.3.99999999999999999999", "4.0 .1381", "+4.0"] {
      #expect(FileVersion(bad) == nil, "\(bad)")
    }
    #expect(FileVersion("4294967295.0.0.1").map { $0.parts == (4_294_967_295, 0, 0, 1) } == true)
    #expect(FileVersion("0000000001.2").map { $0.parts == (1, 2, 0, 0) && $0.text == "0000000001.2" } == true)
    #expect(try #require(FileVersion("4.0.1381.33478")).isTerminalServerBuild)
  }

  @Test func versionsKeepTheirSpelling() {
    for text in ["4.0.1381.7043", "10.20", "4.00.1381", "0", "5.0.2195.1600", "4294967295.0.0.1"] {
      #expect(FileVersion(text)?.text == text)
    }
    #expect(FileVersion(nt4Build: 7043).text == "4.0.1381.7043")
    #expect(FileDate(year: 1999, month: 1, day: 5)?.description == "1999-01-05")
  }

  @Test func servicePacksOrderWithSixA() {
    #expect(ServicePack.sp6 < .sp6a)
    #expect(ServicePack(name: "SP6a") == .sp6a)
    #expect(ServicePack(name: "sp7") == nil)
  }

  @Test func inventoryDatesInBothForms() {
    #expect(FileDate(inventoryText: "2000-03-14")?.description == "2000-03-14")
    #expect(FileDate(inventoryText: "3/14/2000")?.description == "2000-03-14")
    #expect(FileDate(inventoryText: "2000-02-30") == nil)
    #expect(FileDate(inventoryText: "14/03/2000") == nil)
  }
}
