import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile and broken inputs (issue 5), run through the built binary as a user would:
/// each bad inventory is given together with a good one, and the run must end in
/// exit 2 with a `file:line:column: error:` naming it, the good host still reported,
/// nothing from outside the inventory in the output, quickly and in small memory.
@Suite(.serialized) struct HostileInputTests {
  /// What a case's input must give.
  enum Expectation: Sendable {
    /// Refused: exit 2 and an error naming the file; `mentions` are words the error must hold.
    case rejected(mentions: [String] = [])
    /// Actually valid: the host is reported with a real verdict (exit 0 or 1).
    case accepted(host: String)
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var suffix: String
    var expectation: Expectation
    /// Writes the input into the file at `path`; `context` has the secret's path and a loopback port.
    var write: @Sendable (_ path: String, _ context: Context) throws -> Void
    var testDescription: String { name }
  }

  struct Context: Sendable {
    var folder: String
    var secretPath: String
    var secret: String
    var port: UInt16
  }

  static let goodHost = repositoryRoot.appendingPathComponent("examples/xml/ntsrv02.xml").path
  static let hostAttributes = #"edition="server" service-pack="sp6a" platform="intel""#
  static let csvHeader = "host,edition,service_pack,platform,path,version,date,size\n"

  static func text(_ string: String) -> @Sendable (String, Context) throws -> Void {
    { path, _ in try Data(string.utf8).write(to: URL(fileURLWithPath: path)) }
  }

  static func bytes(_ bytes: [UInt8]) -> @Sendable (String, Context) throws -> Void {
    { path, _ in try Data(bytes).write(to: URL(fileURLWithPath: path)) }
  }

  /// Writes `prefix`, then `count` copies of `unit`, then `suffix`, in chunks (for inputs of tens of megabytes).
  static func repeated(_ prefix: String, _ unit: String, _ count: Int, _ suffix: String) -> @Sendable (String, Context) throws -> Void {
    { path, _ in
      FileManager.default.createFile(atPath: path, contents: nil)
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      defer { try? handle.close() }
      handle.write(Data(prefix.utf8))
      let chunkCount = max(1, 1 << 20 / max(1, unit.utf8.count))
      let chunk = Data(String(repeating: unit, count: chunkCount).utf8)
      var left = count
      while left >= chunkCount {
        handle.write(chunk)
        left -= chunkCount
      }
      if left > 0 { handle.write(Data(String(repeating: unit, count: left).utf8)) }
      handle.write(Data(suffix.utf8))
    }
  }

  static let xmlCases: [Case] = [
    Case(name: "xml: external entity reading a local file (XXE)", suffix: ".xml", expectation: .rejected()) { path, context in
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host [<!ENTITY xxe SYSTEM "file://\(context.secretPath)">]>
        <host name="XXE&xxe;" \(hostAttributes)><file path="C:\\&xxe;"/></host>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: parameter entity loading a local DTD that reads a file", suffix: ".xml", expectation: .rejected()) { path, context in
      let dtd = context.folder + "/evil.dtd"
      try Data("<!ENTITY leak SYSTEM \"file://\(context.secretPath)\">\n".utf8).write(to: URL(fileURLWithPath: dtd))
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host [<!ENTITY % p SYSTEM "file://\(dtd)"> %p;]>
        <host name="PE&leak;" \(hostAttributes)/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: billion laughs", suffix: ".xml", expectation: .rejected()) { path, _ in
      var declarations = "<!ENTITY lol0 \"lol\">\n"
      for level in 1...10 {
        declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
      }
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host [
        \(declarations)]>
        <host name="&lol10;" \(hostAttributes)/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: internal entity (plain DTD)", suffix: ".xml", expectation: .rejected()) { path, _ in
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host [<!ENTITY n "INTERNAL1">]>
        <host name="&n;" \(hostAttributes)/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: external DTD on disk with default attributes", suffix: ".xml", expectation: .rejected()) { path, context in
      let dtd = context.folder + "/defaults.dtd"
      try Data("<!ATTLIST host edition CDATA \"server\" service-pack CDATA \"sp6a\" platform CDATA \"intel\">\n".utf8).write(
        to: URL(fileURLWithPath: dtd))
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host SYSTEM "file://\(dtd)">
        <host name="EXTDTD1"/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: network DTD", suffix: ".xml", expectation: .rejected()) { path, context in
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host SYSTEM "http://127.0.0.1:\(context.port)/evil.dtd">
        <host name="NETDTD1" \(hostAttributes)/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(name: "xml: network entity", suffix: ".xml", expectation: .rejected()) { path, context in
      try Data(
        """
        <?xml version="1.0"?>
        <!DOCTYPE host [<!ENTITY net SYSTEM "http://127.0.0.1:\(context.port)/entity">]>
        <host name="NET&net;" \(hostAttributes)/>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    // Never processed, and since issue 14 refused as an element the reader does not know
    // (contract section 3): the secret stays out of the output either way.
    Case(name: "xml: XInclude of a local file is never processed", suffix: ".xml", expectation: .rejected(mentions: ["include"])) {
      path, context in
      try Data(
        """
        <?xml version="1.0"?>
        <host name="XINC1" \(hostAttributes) xmlns:xi="http://www.w3.org/2001/XInclude">
          <xi:include href="file://\(context.secretPath)" parse="text"/>
        </host>

        """.utf8
      ).write(to: URL(fileURLWithPath: path))
    },
    Case(
      name: "xml: 100k levels of nesting", suffix: ".xml", expectation: .rejected(),
      write: repeated("<?xml version=\"1.0\"?>\n<host name=\"DEEP1\" \(hostAttributes)>", "<x>", 100_000, "\n")),
    Case(
      name: "xml: 50 MB attribute value", suffix: ".xml", expectation: .rejected(),
      write: repeated("<?xml version=\"1.0\"?>\n<host \(hostAttributes) name=\"", "A", 50 << 20, "\"/>\n")),
    Case(
      name: "xml: 1 MB element name", suffix: ".xml", expectation: .rejected(),
      write: repeated("<?xml version=\"1.0\"?>\n<host name=\"LONGNAME1\" \(hostAttributes)><", "n", 1 << 20, "/></host>\n")),
    Case(
      name: "xml: 1 MB attribute name", suffix: ".xml", expectation: .rejected(),
      write: repeated("<?xml version=\"1.0\"?>\n<host name=\"LONGATTR1\" \(hostAttributes) ", "a", 1 << 20, "=\"x\"/>\n")),
    Case(
      name: "xml: truncated inside an attribute", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\"?>\n<host name=\"TRUNC1\" \(hostAttributes)>\n  <file path=\"C:\\WINNT\\sys")),
    Case(
      name: "xml: truncated before the end tag", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\"?>\n<inventory>\n<host name=\"TRUNC2\" \(hostAttributes)>\n  <file path=\"C:\\a.dll\"/>\n")),
    Case(name: "xml: empty file", suffix: ".xml", expectation: .rejected(), write: text("")),
    Case(
      name: "xml: declared UTF-8, Latin-1 bytes", suffix: ".xml", expectation: .rejected(mentions: []),
      write: bytes(
        Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<host name=\"LATIN".utf8) + [0xC9] + Array("\" \(hostAttributes)/>\n".utf8))),
    Case(
      name: "xml: valid UTF-8, then a stray 0xFF", suffix: ".xml", expectation: .rejected(),
      write: bytes(
        Array("<?xml version=\"1.0\"?>\n<host name=\"MIX\u{00C9}D\" \(hostAttributes)>\n<file path=\"C:\\".utf8) + [0xFF, 0xFE]
          + Array("x.dll\"/></host>\n".utf8))),
    Case(
      name: "xml: unknown encoding name", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\" encoding=\"X-NO-SUCH-ENCODING\"?>\n<host name=\"ENC1\" \(hostAttributes)/>\n")),
    Case(
      name: "xml: declared UTF-16, bytes are UTF-8", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<host name=\"ENC2\" \(hostAttributes)/>\n")),
    Case(
      name: "xml: UTF-8 byte-order mark", suffix: ".xml", expectation: .accepted(host: "BOM1"),
      write: bytes(
        [0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<host name=\"BOM1\" \(hostAttributes)/>\n".utf8))),
    Case(
      name: "xml: UTF-16LE with BOM", suffix: ".xml", expectation: .accepted(host: "UTF16LE1"),
      write: bytes(
        [0xFF, 0xFE]
          + "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<host name=\"UTF16LE1\" \(hostAttributes)/>\n".utf16.flatMap {
            [UInt8($0 & 0xFF), UInt8($0 >> 8)]
          })),
    Case(
      name: "xml: UTF-16BE with BOM", suffix: ".xml", expectation: .accepted(host: "UTF16BE1"),
      write: bytes(
        [0xFE, 0xFF]
          + "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<host name=\"UTF16BE1\" \(hostAttributes)/>\n".utf16.flatMap {
            [UInt8($0 >> 8), UInt8($0 & 0xFF)]
          })),
    Case(
      name: "xml: control character in an attribute", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\"?>\n<host name=\"CTL\u{01}1\" \(hostAttributes)/>\n")),
    Case(
      name: "xml: escape character in text", suffix: ".xml", expectation: .rejected(),
      write: text("<?xml version=\"1.0\"?>\n<host name=\"CTL2\" \(hostAttributes)>\u{1B}[31m</host>\n")),
    Case(
      name: "xml: NUL byte", suffix: ".xml", expectation: .rejected(),
      write: bytes(Array("<?xml version=\"1.0\"?>\n<host name=\"NUL1\" \(hostAttributes)>".utf8) + [0] + Array("</host>\n".utf8))),
  ]

  static let csvCases: [Case] = [
    Case(
      name: "csv: unbalanced quote", suffix: ".csv", expectation: .rejected(),
      write: text(
        csvHeader + "QUOTE1,server,sp6a,intel,\"C:\\WINNT\\a.dll,4.0.1381.1,2000-01-01,1\nQUOTE2,server,sp6a,intel,C:\\b.dll,,,\n")),
    Case(
      name: "csv: too many fields", suffix: ".csv", expectation: .rejected(),
      write: text(csvHeader + "FIELDS1,server,sp6a,intel,C:\\a.dll,4.0.1381.1,2000-01-01,1,extra,more\n")),
    Case(
      name: "csv: too few fields", suffix: ".csv", expectation: .rejected(),
      write: text(csvHeader + "FIELDS2,server,sp6a\n")),
    Case(
      name: "csv: missing required columns", suffix: ".csv", expectation: .rejected(mentions: ["service_pack", "platform"]),
      write: text("host,edition,path\nCOLS1,server,C:\\a.dll\n")),
    Case(
      name: "csv: unknown edition", suffix: ".csv", expectation: .rejected(mentions: ["datacenter"]),
      write: text(csvHeader + "VAL1,datacenter,sp6a,intel,C:\\a.dll,,,\n")),
    Case(
      name: "csv: unknown service pack", suffix: ".csv", expectation: .rejected(mentions: ["sp9"]),
      write: text(csvHeader + "VAL2,server,sp9,intel,C:\\a.dll,,,\n")),
    Case(
      name: "csv: unknown platform", suffix: ".csv", expectation: .rejected(mentions: ["sparc"]),
      write: text(csvHeader + "VAL3,server,sp6a,sparc,C:\\a.dll,,,\n")),
    Case(
      name: "csv: impossible date", suffix: ".csv", expectation: .rejected(mentions: ["2000-02-30"]),
      write: text(csvHeader + "DATE1,server,sp6a,intel,C:\\a.dll,,2000-02-30,\n")),
    Case(
      name: "csv: impossible US date", suffix: ".csv", expectation: .rejected(mentions: ["13/45/1999"]),
      write: text(csvHeader + "DATE2,server,sp6a,intel,C:\\a.dll,,13/45/1999,\n")),
    Case(
      name: "csv: impossible version", suffix: ".csv", expectation: .rejected(mentions: ["4.0.x.1"]),
      write: text(csvHeader + "VER1,server,sp6a,intel,C:\\a.dll,4.0.x.1,,\n")),
    Case(
      name: "csv: version overflowing", suffix: ".csv", expectation: .rejected(),
      write: text(csvHeader + "VER2,server,sp6a,intel,C:\\a.dll,4.0.1381.99999999999999999999999,,\n")),
    Case(
      name: "csv: size not a number", suffix: ".csv", expectation: .rejected(),
      write: text(csvHeader + "SIZE1,server,sp6a,intel,C:\\a.dll,,,-12x\n")),
    Case(name: "csv: empty file", suffix: ".csv", expectation: .rejected(), write: text("")),
    Case(name: "csv: header only", suffix: ".csv", expectation: .rejected(), write: text(csvHeader)),
    Case(
      name: "csv: binary noise", suffix: ".csv", expectation: .rejected(),
      write: { path, _ in
        var generator = SplitMix(seed: 0x5EED)
        let noise = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        try Data(noise).write(to: URL(fileURLWithPath: path))
      }),
    Case(
      name: "csv: NUL bytes in a field", suffix: ".csv", expectation: .rejected(),
      write: bytes(Array((csvHeader + "NUL2,server,sp6a,intel,C:\\a").utf8) + [0, 0] + Array(".dll,,,\n".utf8))),
    Case(
      name: "csv: UTF-16 file", suffix: ".csv", expectation: .rejected(),
      write: bytes(
        [0xFF, 0xFE] + (csvHeader + "U16,server,sp6a,intel,C:\\a.dll,,,\n").utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })),
    // Not UTF-8: read as Latin-1 (Windows NT tools write the ANSI code page), the host stands.
    Case(
      name: "csv: Latin-1 bytes", suffix: ".csv", expectation: .accepted(host: "LAT1"),
      write: bytes(Array((csvHeader + "LAT1,server,sp6a,intel,C:\\caf").utf8) + [0xE9] + Array(".dll,,,\n".utf8))),
    Case(
      name: "csv: 50 MB field", suffix: ".csv", expectation: .rejected(),
      write: repeated(csvHeader + "BIG1,server,sp6a,intel,C:\\", "a", 50 << 20, ".dll,,,\n")),
    Case(
      name: "csv: embedded newline in a quoted field", suffix: ".csv", expectation: .accepted(host: "NL1"),
      write: text(csvHeader + "NL1,server,sp6a,intel,\"C:\\odd\nname.dll\",4.0.1381.1,2000-01-01,1\n")),
    Case(
      name: "csv: CRLF line ends", suffix: ".csv", expectation: .accepted(host: "CRLF1"),
      write: text(csvHeader.replacingOccurrences(of: "\n", with: "\r\n") + "CRLF1,server,sp6a,intel,C:\\a.dll,4.0.1381.1,2000-01-01,1\r\n")),
    Case(
      name: "csv: byte-order mark", suffix: ".csv", expectation: .accepted(host: "BOMCSV1"),
      write: bytes([0xEF, 0xBB, 0xBF] + Array((csvHeader + "BOMCSV1,server,sp6a,intel,C:\\a.dll,,,\n").utf8))),
  ]

  static let allCases = xmlCases + csvCases

  /// A 50 MB line of empty fields: refused (exit 2, "a record longer than 16 MB"), but the
  /// CSV record reader keeps a field entry per comma first: 461 MB peak resident memory.
  static let csvManyFields = Case(
    name: "csv: 50 MB line of empty fields", suffix: ".csv", expectation: .rejected(),
    write: repeated(csvHeader + "BIG2,server,sp6a,intel,C:\\a.dll", ",", 50 << 20, "\n"))

  /// Host name → verdict, from an XML report.
  static func verdicts(_ xml: String) throws -> [String: String] {
    try EndToEndTests().verdicts(xml)
  }

  @Test(arguments: allCases) func hostileInput(_ testCase: Case) throws {
    try check(testCase)
  }

  @Test
  func csvLineOfManyEmptyFields() throws {
    try check(Self.csvManyFields)
  }

  /// 300,000 attributes on one start tag (a 3 MB file): libxml2 2.9.14 checks for duplicate
  /// attributes pair by pair, so the parse takes minutes (77 s, 4 s for 50,000); the reader
  /// has to refuse such a tag before libxml2 parses it (a cap on attributes per tag).
  static let xmlManyAttributes = Case(
    name: "xml: 300k attributes on one tag", suffix: ".xml", expectation: .rejected(),
    write: repeated("<?xml version=\"1.0\"?>\n<host name=\"ATTRS1\" \(hostAttributes)", " a=\"x\"", 1, "") >> { path in
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
      try handle.seekToEnd()
      for start in stride(from: 0, to: 300_000, by: 10_000) {
        handle.write(Data((start..<start + 10_000).map { " b\($0)=\"x\"" }.joined().utf8))
      }
      handle.write(Data("/>\n".utf8))
      try handle.close()
    })

  @Test
  func xmlTagWithManyAttributes() throws {
    try check(Self.xmlManyAttributes)
  }

  /// Bytes that libxml2's encoding converter refuses: libxml2 prints its own lines
  /// ("encoding error : input conversion failed…", "I/O error : encoder error",
  /// "xmlParseChunk: encoder error") on standard error beside ours, and ours says only
  /// "the document is not well-formed (libxml2 error 81)".
  static let xmlEncoderErrors: [Case] = [
    Case(
      name: "xml: UTF-16LE with an unpaired surrogate", suffix: ".xml", expectation: .rejected(mentions: ["UTF-16"]),
      write: bytes(
        [0xFF, 0xFE] + "<host name=\"SUR1\" \(hostAttributes)".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [
          0x00, 0xD8, 0x20, 0x00, 0x2F, 0x00, 0x3E, 0x00,
        ])),
    Case(
      name: "xml: ISO-2022-JP declared, bytes invalid in it", suffix: ".xml", expectation: .rejected(mentions: ["ISO-2022-JP"]),
      write: bytes(
        Array("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?>\n<host name=\"\u{1B}$B".utf8) + [0xFF, 0xFF]
          + Array("\" \(hostAttributes)/>\n".utf8))),
  ]

  @Test(arguments: xmlEncoderErrors)
  func xmlEncodingConversionFailure(_ testCase: Case) throws {
    try check(testCase)
  }

  func check(_ testCase: Case) throws {
    let folder = try temporaryFolder("hostile")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let secret = "TOP-SECRET-\(UUID().uuidString)"
    let secretPath = folder + "/secret.txt"
    try Data(secret.utf8).write(to: URL(fileURLWithPath: secretPath))
    let listener = try LoopbackListener()
    let context = Context(folder: folder, secretPath: secretPath, secret: secret, port: listener.port)
    let bad = folder + "/bad-input" + testCase.suffix
    try testCase.write(bad, context)

    let run = try runMeasured(["check", Self.goodHost, bad, "--format", "xml"], timeout: 60)
    let record = "\(testCase.name): \(run.summary); stderr: \(run.stderr.prefix(300))"
    print("hostile-case " + record.replacingOccurrences(of: "\n", with: " | "))

    #expect(!run.timedOut && run.signal == nil, "\(record)")
    #expect(run.seconds < 10, "\(record)")
    #expect(run.maxRSSMegabytes < 300, "\(record)")
    #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret), "secret leaked: \(record)")
    #expect(!run.stdout.contains("TOP-SECRET") && !run.stderr.contains("TOP-SECRET"), "secret leaked: \(record)")
    #expect(listener.connectionsSoFar() == 0, "network touched: \(record)")
    // Standard error holds our own error lines only (progress is for a terminal).
    let stray = run.stderr.split(separator: "\n").filter { $0.firstMatch(of: #/:[0-9]+:[0-9]+: error: /#) == nil }
    #expect(stray.isEmpty, "lines on stderr not in the file:line:column: error: form: \(stray.prefix(5)) \(record)")
    // Errors quote what they found, but never a control character that would drive the terminal.
    #expect(
      !run.stderr.unicodeScalars.contains { $0 != "\n" && $0.properties.generalCategory == .control },
      "control character on stderr: \(record)")
    let found = try Self.verdicts(run.stdout)
    #expect(found["NTSRV02"] == "up-to-date", "good host lost: \(record)")
    let badLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix(bad + ":") }
    switch testCase.expectation {
    case .rejected(let mentions):
      #expect(run.status == 2, "\(record)")
      let pattern = try Regex(NSRegularExpression.escapedPattern(for: bad) + #":[0-9]+:[0-9]+: error: [^\n]+"#)
      #expect(badLines.contains { $0.prefixMatch(of: pattern) != nil }, "no file:line:column: error: line: \(record)")
      for word in mentions {
        #expect(badLines.contains { $0.localizedCaseInsensitiveContains(word) }, "error does not mention \(word): \(record)")
      }
      #expect(found.values.contains("error"), "the bad input has no host with verdict error: \(record)")
    case .accepted(let host):
      #expect(run.status == 0 || run.status == 1, "\(record)")
      #expect(badLines.isEmpty, "\(record)")
      #expect(found[host] != nil && found[host] != "error", "\(host) not reported: \(record)")
    }
  }

  @Test func standardInputGetsTheSameTreatment() throws {
    let folder = try temporaryFolder("hostile-stdin")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let secretPath = folder + "/secret.txt"
    try Data("TOP-SECRET-STDIN".utf8).write(to: URL(fileURLWithPath: secretPath))
    let input = folder + "/stdin.xml"
    try Data(
      """
      <?xml version="1.0"?>
      <!DOCTYPE host [<!ENTITY xxe SYSTEM "file://\(secretPath)">]>
      <host name="STDIN&xxe;" \(Self.hostAttributes)/>

      """.utf8
    ).write(to: URL(fileURLWithPath: input))
    let run = try runMeasured(["check", Self.goodHost, "-", "--format", "xml"], stdinPath: input)
    #expect(run.status == 2, "\(run.summary) \(run.stderr)")
    #expect(!run.stdout.contains("TOP-SECRET") && !run.stderr.contains("TOP-SECRET"))
    #expect(run.stderr.contains(": error: "))
    #expect(try Self.verdicts(run.stdout)["NTSRV02"] == "up-to-date")
  }
}

/// Runs `then` on the file after `first` wrote it.
func >> (first: @escaping @Sendable (String, HostileInputTests.Context) throws -> Void, then: @escaping @Sendable (String) throws -> Void)
  -> @Sendable (String, HostileInputTests.Context) throws -> Void
{
  { path, context in
    try first(path, context)
    try then(path)
  }
}

/// A small deterministic generator, so "random" inputs are the same on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
