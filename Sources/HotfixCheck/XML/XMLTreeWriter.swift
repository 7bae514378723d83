import CLibXML2

/// libxml2's `xmlTextWriter` on a memory buffer that the caller drains as it goes,
/// so a large report is streamed and escaping is libxml2's.
final class XMLTreeWriter {
  private let buffer: xmlBufferPtr
  private let writer: xmlTextWriterPtr

  init() {
    LibXML.initialize()
    buffer = xmlBufferCreate()
    writer = xmlNewTextWriterMemory(buffer, 0)
    xmlTextWriterSetIndent(writer, 1)
    xmlTextWriterSetIndentString(writer, "  ")
  }

  deinit {
    xmlFreeTextWriter(writer)
    xmlBufferFree(buffer)
  }

  /// `<?xml version="1.0" encoding="UTF-8"?>`.
  func startDocument() { xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil) }

  /// A processing instruction such as `xml-stylesheet`.
  func processingInstruction(_ target: String, _ content: String) {
    xmlTextWriterWritePI(writer, target, Self.clean(content))
  }

  func startElement(_ name: String) { xmlTextWriterStartElement(writer, name) }

  func attribute(_ name: String, _ value: String) {
    xmlTextWriterWriteAttribute(writer, name, Self.clean(value))
  }

  func text(_ value: String) { xmlTextWriterWriteString(writer, Self.clean(value)) }

  func endElement() { xmlTextWriterEndElement(writer) }

  /// Bytes already written as XML by another XMLTreeWriter (`xmlTextWriterWriteRawLen`).
  func raw(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    bytes.withUnsafeBufferPointer { xmlTextWriterWriteRawLen(writer, $0.baseAddress, Int32($0.count)) }
  }

  func endDocument() { xmlTextWriterEndDocument(writer) }

  /// The bytes written since the last drain (`xmlTextWriterFlush`, then the buffer is emptied).
  func drain() -> [UInt8] {
    xmlTextWriterFlush(writer)
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
