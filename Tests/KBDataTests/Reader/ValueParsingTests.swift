import Testing

@testable import KBData

/// Dates, times, sizes, versions and platform spellings as the articles write them.
@Suite struct ValueParsingTests {
  func date(_ text: String) -> String? { DateParsing.parse(Array(text.utf8)[...])?.description }

  @Test(arguments: [
    ("09/24/99", "1999-09-24"), ("5/1/2000", "2000-05-01"), ("03/14/2000", "2000-03-14"),
    ("22-Jun-2001", "2001-06-22"), ("02-May-01", "2001-05-02"), ("Sep-9-2001", "2001-09-09"),
    ("11-30-99", "1999-11-30"), ("15/11/99", "1999-11-15"), ("98/10/28", "1998-10-28"),
    ("22-FEB-2001", "2001-02-22"), ("05/03/02", "2002-05-03"),
  ])
  func dateForms(text: String, expected: String) {
    #expect(date(text) == expected)
  }

  @Test func dateInThreeWordsAndNonDates() {
    let cells = RowCells.cells(Array("31 May 2002  10:47  12,728  Tdasync.sys".utf8)[...])
    #expect(cells.first == .date(FileDate(year: 2002, month: 5, day: 31)!))
    #expect(date("13/13/99") == nil)
    #expect(date("4.0.1381") == nil)
    #expect(date("02/30/2000") == nil)
  }

  @Test(arguments: ["18:00", "07:44p", "10:22pm", "9:53PM", "11:10:00"])
  func timesAreNeverSizes(text: String) {
    #expect(CellShape.classify(Array(text.utf8)[...]) == .time)
  }

  @Test func timeWithSeparateMeridiemIsOneCell() {
    let cells = RowCells.cells(Array("02/14/99 11:10:00 PM 264,848 Rdr.sys Intel".utf8)[...])
    #expect(cells.count == 5)
    #expect(cells[1] == .time)
  }

  @Test func sizesWithAndWithoutCommas() {
    #expect(CellShape.classify(Array("701,712".utf8)[...]) == .number(701_712, hasComma: true, digits: 6))
    #expect(CellShape.classify(Array("36112".utf8)[...]) == .number(36_112, hasComma: false, digits: 5))
    #expect(CellShape.classify(Array("1,2345".utf8)[...]) != .number(12_345, hasComma: true, digits: 5))
    let kb = RowCells.cells(Array("105 KB Rpcss.exe".utf8)[...])
    #expect(kb == [.approximateSize, .name("Rpcss.exe")])
    #expect(FileRow.dottedThousands("177.424") == 177_424)
  }

  @Test(arguments: [
    ("Intel", Platform.intel), ("x86", .intel), ("(x86)", .intel), ("i386", .intel), ("I386", .intel),
    ("ALPHA", .alpha), ("alpha", .alpha), ("(Alpha)", .alpha),
  ])
  func platformSpellings(text: String, expected: Platform) {
    #expect(CellShape.platform(Array(text.utf8)[...]) == expected)
  }

  @Test func fileNamesAndWhatIsNot() {
    #expect(CellShape.fileName(Array("system32\\drivers\\afd.sys".utf8)[...]) == "afd.sys")
    #expect(CellShape.fileName(Array("Netlogon.dl_".utf8)[...]) == "Netlogon.dl_")
    #expect(CellShape.fileName(Array("4.0".utf8)[...]) == nil)
    #expect(CellShape.fileName(Array("www.microsoft.com".utf8)[...]) == nil)
  }

  @Test func htmlEntitiesInTitles() {
    #expect(HTMLEntities.decode("A &quot;Stop 0x1E&quot; in C:&#92;Program &amp; more") == "A \"Stop 0x1E\" in C:\\Program & more")
    #expect(HTMLEntities.decode("no entity & here") == "no entity & here")
  }
}
