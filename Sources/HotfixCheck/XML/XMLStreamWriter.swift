internal import CLibXML2

/// libxml2's `xmlTextWriter`, which streams elements out as they are written (it builds no tree), on a memory buffer that the caller drains as it goes: the XML
/// report's start and end (the hosts are written by hand, `ReportBytes`, whose escaping tests
/// compare with this writer's).
///
/// Every call's return code is checked. Writing to memory fails only when memory runs out or a
/// call comes out of order (an end with no element open): a bug, not bad input, so it stops the
/// program with libxml2's call named rather than let a broken report be written.
final class XMLStreamWriter {
  private let buffer: xmlBufferPtr
  private let writer: xmlTextWriterPtr

  init() {
    LibXML.initialize()
    guard let buffer = xmlBufferCreate() else { fatalError("xmlBufferCreate failed: out of memory") }
    guard let writer = xmlNewTextWriterMemory(buffer, 0) else { fatalError("xmlNewTextWriterMemory failed: out of memory") }
    self.buffer = buffer
    self.writer = writer
    Self.check(xmlTextWriterSetIndent(writer, 1), "xmlTextWriterSetIndent")
    Self.check(xmlTextWriterSetIndentString(writer, "  "), "xmlTextWriterSetIndentString")
  }

  /// Stops the program when a libxml2 writer call failed (see the type's comment).
  private static func check(_ code: Int32, _ call: StaticString) {
    if code < 0 { fatalError("\(call) failed (\(code)): out of memory, or called out of order") }
  }

  deinit {
    xmlFreeTextWriter(writer)
    xmlBufferFree(buffer)
  }

  /// `<?xml version="1.0" encoding="UTF-8"?>`.
  func startDocument() { Self.check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "xmlTextWriterStartDocument") }

  /// A processing instruction such as `xml-stylesheet`.
  func processingInstruction(_ target: String, _ content: String) {
    Self.check(xmlTextWriterWritePI(writer, target, Self.clean(content)), "xmlTextWriterWritePI")
  }

  func startElement(_ name: String) { Self.check(xmlTextWriterStartElement(writer, name), "xmlTextWriterStartElement") }

  func attribute(_ name: String, _ value: String) {
    Self.check(xmlTextWriterWriteAttribute(writer, name, Self.clean(value)), "xmlTextWriterWriteAttribute")
  }

  func text(_ value: String) { Self.check(xmlTextWriterWriteString(writer, Self.clean(value)), "xmlTextWriterWriteString") }

  func endElement() { Self.check(xmlTextWriterEndElement(writer), "xmlTextWriterEndElement") }

  /// Bytes already written as XML by another XMLStreamWriter (`xmlTextWriterWriteRawLen`).
  func raw(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    let code = bytes.withUnsafeBufferPointer { xmlTextWriterWriteRawLen(writer, $0.baseAddress, Int32($0.count)) }
    Self.check(code, "xmlTextWriterWriteRawLen")
  }

  func endDocument() { Self.check(xmlTextWriterEndDocument(writer), "xmlTextWriterEndDocument") }

  /// The bytes written since the last drain (`xmlTextWriterFlush`, then the buffer is emptied).
  func drain() -> [UInt8] {
    Self.check(xmlTextWriterFlush(writer), "xmlTextWriterFlush")
    let count = Int(xmlBufferLength(buffer))
    guard count > 0, let content = xmlBufferContent(buffer) else { return [] }
    let bytes = Array(UnsafeBufferPointer(start: content, count: count))
    xmlBufferEmpty(buffer)
    return bytes
  }

  /// Replaces characters that XML 1.0 cannot hold (control characters from a CSV, say) with U+FFFD.
  static func clean(_ value: String) -> String {
    // Fast path on bytes (callgrind: the scalar walk was 2.5M instructions a host): no control
    // byte and no 0xEF lead byte (U+FFFE, U+FFFF) means every character is allowed.
    if value.utf8.allSatisfy({ ($0 >= 0x20 && $0 != 0xEF) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return value }
    let allowed = value.unicodeScalars.allSatisfy(isXMLChar)
    if allowed { return value }
    var out = String.UnicodeScalarView()
    for scalar in value.unicodeScalars {
      out.append(isXMLChar(scalar) ? scalar : "\u{FFFD}")
    }
    return String(out)
  }

  private static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}
