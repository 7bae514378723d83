import Foundation
import Testing

@testable import HotfixCheck

/// The hand-written escaping of the report writers (`ReportBytes`) against the libraries it
/// replaced: libxml2's xmlTextWriter for XML, JSONSerialization for JSON.
@Suite struct ReportBytesTests {
  /// Strings of every kind of character a report meets: markup, quotes, controls, non-ASCII,
  /// characters XML cannot hold, a lone CR LF.
  static func samples() -> [String] {
    var random = SplitMix(seed: 0xE5C)
    let pieces = [
      "a", "Z", "0", " ", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\r\n", "\u{1}", "\u{7F}", "é", "€", "\u{FFFE}",
      "\u{FFFD}", "𐀀", "\\", "/", "]]>", "C:\\WINNT\\", "Q256149",
    ]
    var samples = pieces + ["", "plain text", "Société Générale"]
    for _ in 0..<500 {
      samples.append(
        (0..<Int.random(in: 1...12, using: &random)).map { _ in pieces[Int.random(in: pieces.indices, using: &random)] }.joined())
    }
    return samples
  }

  @Test func xmlEscapingIsLibxml2s() {
    for sample in Self.samples() {
      // Inside a document, as the report's host elements were written.
      let xml = XMLStreamWriter()
      xml.startDocument()
      xml.startElement("r")
      _ = xml.drain()
      xml.startElement("e")
      xml.attribute("a", sample)
      xml.text(sample)
      xml.endElement()
      let expected = xml.drain()
      var mine: [UInt8] = []
      mine.append(markup: ">\n  <e a=\"")
      mine.append(xmlAttribute: sample)
      mine.append(markup: "\">")
      mine.append(xmlText: sample)
      mine.append(markup: "</e>\n")
      #expect(mine == expected, "\(sample.debugDescription)")
    }
  }

  @Test func jsonEscapingIsJSONSerializations() throws {
    for sample in Self.samples() {
      let data = try JSONSerialization.data(withJSONObject: [sample], options: [.withoutEscapingSlashes])
      var mine: [UInt8] = []
      mine.append(jsonString: sample)
      #expect(mine == Array(data.dropFirst().dropLast()), "\(sample.debugDescription)")
    }
  }

  /// A CSV field is quoted when it holds a comma, quote, CR or LF, also CR LF together (which
  /// compared as one Character matched neither "\r" nor "\n", and went out unquoted: a fix).
  @Test func csvQuotesEveryLineBreak() {
    #expect(CSVReportWriter.row(["a\r\nb", "c"]) == "\"a\r\nb\",c\r\n")
    #expect(CSVReportWriter.row(["=1+1", "-", "x,y", "q\"q"]) == "\"'=1+1\",-,\"x,y\",\"q\"\"q\"\r\n")
  }
}
