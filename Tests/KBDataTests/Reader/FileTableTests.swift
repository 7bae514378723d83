import Testing

@testable import KBData

/// Each file-list layout of the corpus, in a small fixture written for the test.
@Suite struct FileTableTests {
  typealias F = ArticleFixture

  @Test func headerRowInAnotherOrderWithVersionAndPlatform() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            File name     Version          Date        Time    Size     Platform
            ---------------------------------------------------------------------
            Afd.sys       4.0.1381.7043    04/28/1999  04:02p  67,568   x86
            Afd.sys       4.0.1381.7043    04/28/1999  04:01p  104,656  ALPHA
          """)))
    #expect(rule.files.count == 2)
    let intel = try #require(rule.files.first)
    #expect(intel.name == "Afd.sys")
    #expect(intel.version == FileVersion("4.0.1381.7043"))
    #expect(intel.date == F.date(1999, 4, 28))
    #expect(intel.size == 67_568)
    #expect(intel.platform == .intel)
    #expect(rule.files.last?.platform == .alpha)
  }

  @Test func dirLinesWithPlatformAfterTheName() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            07/07/97  08:12p               223,504 Ntoskrnl.exe (Intel)
            07/07/97  08:10p               401,232 Ntoskrnl.exe (Alpha)
          """, intro: "This fix should have the following time stamp:")))
    #expect(rule.files.map(\.platform) == [.intel, .alpha])
    #expect(rule.files.map(\.size) == [223_504, 401_232])
    #expect(rule.files.first?.date == F.date(1997, 7, 7))
  }

  @Test func boxedTableWithoutHeaderRow() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
          +----------------------------------------------------+
          | 01/22/98 | 12:59 | 244,128 | Fpnw.dll    | (Intel) |
          +----------------------------------------------------+
          | 01/22/98 | 12:55 | 438,544 | Fpnw.dll    | (Alpha) |
          +----------------------------------------------------+
          """)))
    #expect(rule.files.count == 2)
    #expect(rule.files.first?.size == 244_128)
    #expect(rule.files.first?.platform == .intel)
  }

  @Test func boxedTableWithHeaderRow() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
          +-----------------------------------------------+
          | Date     | Time  | Size   | File Name | Platform |
          +-----------------------------------------------+
          | 10/05/99 | 09:09 | 93,968 | msacm32.dll | i386  |
          +-----------------------------------------------+
          """)))
    #expect(rule.files.map(\.name) == ["msacm32.dll"])
    #expect(rule.files.first?.platform == .intel)
  }

  @Test func listSplitByBlankLinesWithPlatformLabels() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date      Time    Size     File name
            -------------------------------------
            x86:
            09/01/99  10:22pm  52,496  Ntlmssps.dll

            Alpha:
            09/01/99  10:20pm  80,144  Ntlmssps.dll
          """)))
    #expect(rule.files.map(\.platform) == [.intel, .alpha])
    #expect(rule.files.map(\.size) == [52_496, 80_144])
  }

  @Test func nameWithPathKeepsBaseNameAndTabsSeparateCells() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          "  Date\tTime\tSize\tFile name\n  09/24/99\t9:53PM\t36112\tsystem32\\drivers\\afd.sys")))
    #expect(rule.files.map(\.name) == ["afd.sys"])
    #expect(rule.files.first?.size == 36_112)
    #expect(rule.files.first?.date == F.date(1999, 9, 24))
  }

  @Test func tableWithNoIntroducingSentenceAndRowsIndentedByOneSpace() throws {
    let body = """
      RESOLUTION
      ==========

       Date        Time   Size     File name
       --------------------------------------
       5/1/2000    18:00  105 KB   Rpcss.exe
       5/1/2000    18:00  19.7 KB  Ole32.dll
      """
    let rule = try #require(F.rule(body: body))
    #expect(rule.files.count == 2)
    #expect(rule.files.allSatisfy { $0.size == nil })
    #expect(rule.files.first?.date == F.date(2000, 5, 1))
  }

  @Test func bareBuildNumberInVersionColumn() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date        Version  Size     File name
            ----------------------------------------
            03/14/2000  7043     107,792  Rpcss.exe
          """)))
    #expect(rule.files.first?.version?.text == "4.0.1381.7043")
    #expect(rule.files.first?.size == 107_792)
  }

  @Test func terminalServerBuildVersionMakesTheRowTSE() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date        Time   Version           Size     File name
            -------------------------------------------------------
            09/27/2001  20:17  4.0.1381.33478    701,712  Ole32.dll
            09/27/2001  20:17  4.0.1381.7140     108,816  Rpcss.exe
          """)))
    #expect(rule.files.map(\.edition) == [.terminalServer, nil])
  }

  @Test func nameWithoutExtensionUnderAHeaderAndFullMonthNames() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date          Time    Size     File name  Platform
            ----------------------------------------------------
            10/26/00      04:51p  156,496  Ntldr      Intel
            11-July-2001  11:51   343,312  Rpcrt4.dll x86
          """)))
    #expect(rule.files.map(\.name) == ["Ntldr", "Rpcrt4.dll"])
    #expect(rule.files.last?.date == F.date(2001, 7, 11))
  }

  @Test func operatingSystemColumnDoesNotHideTheSize() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            Date        Time       Size     File name     Operating system
            --------------------------------------------------------------
            Aug-1-2001  19:13      178,960  Dns.exe       Windows NT 4.0
          """)))
    #expect(rule.files.first?.size == 178_960)
    #expect(rule.files.first?.date == F.date(2001, 8, 1))
  }

  @Test func fileNameOnlyColumn() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            File name
            ---------
            Ole32.dll
            Rpcss.exe
          """)))
    #expect(rule.files.map(\.name) == ["Ole32.dll", "Rpcss.exe"])
    #expect(rule.files.allSatisfy { $0.date == nil && $0.size == nil && $0.version == nil })
  }

  @Test func bulletedNamesAfterATableAreNotRows() throws {
    let rule = try #require(
      F.rule(
        body: F.resolution(
          """
            File name     Date     Size    Platform
            ----------------------------------------
            Rsax86.exe    7/15/97  23,243  Intel

          Each self-extracting file contains the following files, which you need to read:

          - Readme.txt
          """)))
    #expect(rule.files.map(\.name) == ["Rsax86.exe"])
  }

  @Test func stackTraceAndEventLogAreNotFileLists() {
    let body = """
      SYMPTOMS
      ========

        kd> k
        ChildEBP RetAddr
        f7443c3c 8013e2b5 tcpip!TcpReceive+0x1a (tcpip.sys)

      MORE INFORMATION
      ================

        9/24/99 9:53:07 PM Security Success Audit Policy Change 612
        06-25-1997 17:06:20.113 - Modem inf path: mdmhayes.inf
      """
    let parsed = F.parse(body: body)
    #expect(parsed.rule == nil)
  }

  @Test func tableHeaderWithUnreadableRowsIsAWarning() {
    let parsed = F.parse(
      body: F.resolution(
        """
          Date      Time    Size     File name   Platform
          ------------------------------------------------
          see the readme for the list of files
        """))
    #expect(parsed.warnings.contains { $0.message.contains("table header") && $0.line > 20 })
  }
}
