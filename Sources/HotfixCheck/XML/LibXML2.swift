// Why this file is unsafe: it is the only code that talks to libxml2 and libxslt, whose API is
// C pointers (parser contexts, SAX callbacks with NUL-terminated names and attribute arrays,
// documents, buffers). Each C object is owned by one class here and freed in its `deinit` or a
// `defer`; what leaves the file is safe: Strings, [UInt8], and, during a SAX callback only,
// `XMLName` and `XMLAttributes`, whose bytes are handed on as `Span<UInt8>` (`withValue`).

internal import CLibXML2
internal import CLibXSLT
import Foundation
internal import SystemCalls

#if canImport(Glibc)
  import Glibc
#endif

/// A failure of libxml2 while reading, with its own message and position.
struct XMLReadError: Error {
  var line: Int
  var column: Int
  var message: String
}

/// An element or attribute name as libxml2 hands it on: NUL-terminated UTF-8, valid only during the callback.
struct XMLName {
  let bytes: UnsafePointer<UInt8>

  /// True when the name is exactly the ASCII `text`: compared in place, without measuring
  /// the name first (perf: strlen and memcmp per attribute were ~4% of reading a fleet).
  @inline(__always)
  func `is`(_ text: StaticString) -> Bool {
    let other = text.utf8Start
    for index in 0..<text.utf8CodeUnitCount where bytes[index] != other[index] { return false }
    return bytes[text.utf8CodeUnitCount] == 0
  }

  /// True when the name is `text` in any ASCII case (`Host`, `FILE`). `text` must be lower-case
  /// letters and `-`: OR-ing 0x20 folds exactly the letters then, and no byte of a valid XML
  /// name folds onto `-` or a letter it is not. Called only after `is` fails, so the common
  /// exact spelling pays nothing for it.
  func isCaseless(_ text: StaticString) -> Bool {
    let other = text.utf8Start
    for index in 0..<text.utf8CodeUnitCount where bytes[index] | 0x20 != other[index] { return false }
    return bytes[text.utf8CodeUnitCount] == 0
  }

  var text: String { String(cString: bytes) }

  /// The name's first byte (NUL for an empty name, which libxml2 never hands on).
  var firstByte: UInt8 { bytes[0] }
}

/// One attribute of a start tag: name and value as bytes that live only during the callback.
struct XMLAttribute {
  var name: XMLName
  private let value: UnsafeBufferPointer<UInt8>

  init(name: XMLName, value: UnsafeBufferPointer<UInt8>) {
    self.name = name
    self.value = value
  }

  /// True when the name is `text` (ASCII).
  @inline(__always)
  func named(_ text: StaticString) -> Bool { name.is(text) }

  /// Calls `body` with the value's bytes (a Span: it cannot outlive the call).
  @inline(__always)
  func withValue<R, E: Error>(_ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R { try body(value.span) }
}

/// The attributes of a start tag, valid only during the callback that hands them on.
struct XMLAttributes: RandomAccessCollection {
  private let attributes: UnsafeBufferPointer<XMLAttribute>

  fileprivate init(_ attributes: UnsafeBufferPointer<XMLAttribute>) { self.attributes = attributes }

  var startIndex: Int { 0 }
  var endIndex: Int { attributes.count }
  subscript(position: Int) -> XMLAttribute { attributes[position] }
}

/// What kind of document a parser reads, for its messages: an inventory or a security catalog.
struct XMLDocumentKind {
  /// `an inventory`.
  var name: String
  /// What an empty file should have held: `an XML inventory (<inventory> or <host>)`.
  var expected: String
  /// The elements a start tag should be: `a host, file or hotfix element`.
  var elements: String

  static let inventory = XMLDocumentKind(
    name: "an inventory", expected: "an XML inventory (<inventory> or <host>)", elements: "a host, file or hotfix element")
}

/// What the parser calls: start and end of each element, with bytes valid only during the call.
protocol XMLSAXHandler: AnyObject {
  /// `namespaced`: the element is in a namespace (`<x:host xmlns:x="…">`). Attributes in a
  /// namespace (`x:version`) are not handed on: they belong to someone else's vocabulary.
  func startElement(_ name: XMLName, namespaced: Bool, _ attributes: XMLAttributes, line: Int, column: Int) throws
  func endElement(_ name: XMLName) throws
}

/// libxml2's SAX2 push parser fed from a file descriptor in chunks, made safe for untrusted input:
/// no network (`XML_PARSE_NONET`), default size limits (no `XML_PARSE_HUGE`), and any DOCTYPE
/// stops the parse at its name, before an internal subset, entity or external DTD is read.
/// Only predefined entities and character references can then occur, which libxml2 decodes.
///
/// SAX2 rather than the `xmlTextReader` API: measured on a 200-host fleet, the reader
/// (which builds a node per element and copies every attribute) was the limit; SAX2 hands
/// attribute bytes straight to the handler. Every libxml2 pointer stays inside this file.
final class XMLSAXParser {
  /// Not retained per element (`unowned(unsafe)`): the reader that made this parser keeps the
  /// handler alive for the whole parse. perf: retaining the parser and the handler in every
  /// callback was ~5% of reading a fleet.
  private unowned(unsafe) let handler: XMLSAXHandler
  fileprivate var failure: Error?
  fileprivate var context: xmlParserCtxtPtr?
  /// The attributes of the tag being handed on, in memory allocated once (growing for a tag
  /// with more): an array cleared and filled per element cost ~3% of reading a fleet (perf).
  private var attributes = UnsafeMutablePointer<XMLAttribute>.allocate(capacity: 16)
  private var attributeCapacity = 16
  private let document: XMLDocumentKind

  init(handler: XMLSAXHandler, document: XMLDocumentKind = .inventory) {
    LibXML.initialize()
    self.handler = handler
    self.document = document
  }

  deinit { attributes.deallocate() }

  /// Parses everything readable from `descriptor`; throws the first error (libxml2's or the handler's).
  func parse(fileDescriptor descriptor: Int32, name: String) throws {
    var sax = xmlSAXHandler()
    sax.initialized = XML_SAX2_MAGIC
    sax.startElementNs = { context, localname, _, uri, _, _, count, _, raw in
      guard let context, let localname else { return }
      Unmanaged<XMLSAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef {
        $0.started(localname, namespaced: uri != nil, Int(count), raw)
      }
    }
    sax.endElementNs = { context, localname, _, _ in
      guard let context, let localname else { return }
      Unmanaged<XMLSAXParser>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.ended(localname) }
    }
    sax.internalSubset = { context, _, _, _ in
      guard let parser = XMLSAXParser.from(context), parser.failure == nil else { return }
      let (line, column) = parser.position
      parser.stop(
        XMLReadError(
          line: line, column: column,
          message:
            "a DOCTYPE (DTD) is not allowed in \(parser.document.name): DTDs can declare entities that read local files or expand without bound"
        ))
    }
    sax.serror = { context, error in
      guard let context, let error else { return }
      let parser = Unmanaged<XMLSAXParser>.fromOpaque(context).takeUnretainedValue()
      guard parser.failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
      var message = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
      while message.last?.isWhitespace == true { message.removeLast() }
      message = XMLSAXParser.plainWords(message, document: parser.document)
      parser.failure = XMLReadError(line: Int(error.pointee.line), column: Int(error.pointee.int2), message: message)
    }
    let me = Unmanaged.passUnretained(self).toOpaque()
    guard let context = xmlCreatePushParserCtxt(&sax, me, nil, 0, name) else {
      throw XMLReadError(line: 0, column: 0, message: "cannot start the XML parser")
    }
    self.context = context
    defer {
      self.context = nil
      xmlFreeParserCtxt(context)
    }
    // NOENT only decodes the predefined entities here: a DOCTYPE, the only way to declare others, stops the parse.
    xmlCtxtUseOptions(
      context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
    // Not zero-filled: read() writes what is used (a fleet of 1,000 files zeroed 256 MB for nothing).
    var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 18) { _, count in count = 1 << 18 }
    var guardTags = TagGuard()
    var head: [UInt8] = []
    while failure == nil {
      let got: Int
      do throws(SystemCallError) {
        got = try SystemCalls.read(descriptor, into: &chunk, 0..<chunk.count)
      } catch {
        throw XMLReadError(line: position.line, column: position.column, message: "cannot read: \(error.reason)")
      }
      if head.isEmpty && got > 0 { head = Array(chunk.prefix(min(got, 256))) }
      if got == 0 && head.isEmpty {  // libxml2 would say "Extra content at the end of the document"
        throw XMLReadError(line: 1, column: 1, message: "empty file: expected \(document.expected)")
      }
      let crowded = guardTags.scan(chunk.span.extracting(0..<got))
      let status = chunk.withUnsafeBytes { bytes in
        xmlParseChunk(context, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(crowded ? 0 : got), got == 0 ? 1 : 0)
      }
      if failure != nil { break }
      if crowded {
        throw XMLReadError(
          line: position.line, column: position.column,
          message: "a start tag with more than \(TagGuard.maximumAttributes) attributes (\"=\" signs): expected \(document.elements)")
      }
      if status == Int32(XML_ERR_INVALID_ENCODING.rawValue) || status == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue) {
        throw XMLReadError(
          line: position.line, column: position.column,
          message:
            "bytes that are not valid \(Self.encodingName(head)) text: expected the encoding the document declares (UTF-8 when it declares none)"
        )
      }
      if status != 0 {
        throw XMLReadError(
          line: position.line, column: position.column, message: "the document is not well-formed (libxml2 error \(status))")
      }
      if got == 0 { break }
    }
    if let failure { throw failure }
  }

  /// The document's encoding from its first bytes: a byte-order mark, or the XML declaration's `encoding`.
  static func encodingName(_ head: [UInt8]) -> String {
    if head.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
    if head.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
    let text = String(decoding: head.filter { $0 != 0 }, as: UTF8.self)
    if let range = text.range(of: "encoding=") {
      let rest = text[range.upperBound...].dropFirst()
      if let end = rest.firstIndex(where: { $0 == "\"" || $0 == "'" }) { return String(rest[..<end]) }
    }
    return "UTF-8"
  }

  /// A start tag: its name and `count` attributes as libxml2 lays them out (five pointers each).
  /// libxml2's words for the failures a user meets, said as what was wrong in the document
  /// (issue 14: "internal error: Huge input lookup" for a 10 MB attribute told nobody anything).
  static func plainWords(_ message: String, document: XMLDocumentKind = .inventory) -> String {
    if message.contains("Huge input lookup") || message.contains("AttValue length too long") || message.contains("huge text node")
      || message.contains("Name too long")
    {
      return "a value, name or text longer than the 10,000,000 bytes \(document.name) may hold (libxml2: \(message))"
    }
    if message.hasPrefix("Attribute "), message.hasSuffix(" redefined") {
      let name = message.dropFirst("Attribute ".count).dropLast(" redefined".count)
      return "the attribute \(name) is given twice in one tag: expected each attribute once"
    }
    return message
  }

  fileprivate func started(
    _ localname: UnsafePointer<UInt8>, namespaced: Bool, _ count: Int, _ raw: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
  ) {
    guard failure == nil else { return }
    if count > attributeCapacity {  // TagGuard keeps this under about 1,000
      attributes.deallocate()
      attributeCapacity = count
      attributes = .allocate(capacity: count)
    }
    var filled = 0
    if let raw {
      for index in 0..<count {
        let base = raw + index * 5  // localname, prefix, URI, value, end
        // base[2] is the namespace: `x:version` must not stand in for `version` (issue 14).
        guard base[2] == nil, let attributeName = base[0], let start = base[3], let end = base[4] else { continue }
        (attributes + filled).initialize(
          to: XMLAttribute(name: XMLName(bytes: attributeName), value: UnsafeBufferPointer(start: start, count: end - start)))
        filled += 1
      }
    }
    let line = context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0
    let column = context.map { Int(xmlSAX2GetColumnNumber($0)) } ?? 0
    do {
      try handler.startElement(
        XMLName(bytes: localname), namespaced: namespaced, XMLAttributes(UnsafeBufferPointer(start: attributes, count: filled)), line: line,
        column: column
      )
    } catch {
      stop(error)
    }
  }

  fileprivate func ended(_ localname: UnsafePointer<UInt8>) {
    guard failure == nil else { return }
    do {
      try handler.endElement(XMLName(bytes: localname))
    } catch {
      stop(error)
    }
  }

  fileprivate var position: (line: Int, column: Int) {
    guard let context else { return (0, 0) }
    return (Int(xmlSAX2GetLineNumber(context)), Int(xmlSAX2GetColumnNumber(context)))
  }

  fileprivate func stop(_ error: Error) {
    if failure == nil { failure = error }
    if let context { xmlStopParser(context) }
  }

  fileprivate static func from(_ context: UnsafeMutableRawPointer?) -> XMLSAXParser? {
    guard let context else { return nil }
    return Unmanaged<XMLSAXParser>.fromOpaque(context).takeUnretainedValue()
  }
}

/// Process-wide libxml2 set-up, done once before the first parser or writer.
enum LibXML {
  private static let once: Void = {
    xmlInitParser()
    xmlThrDefSetStructuredErrorFunc(nil, LibXML.ignore)
  }()

  /// Sets up libxml2 and, for the calling thread, routes errors raised outside a parser
  /// (encoding converters, I/O) away from libxml2's default of printing on standard error:
  /// our own messages say what went wrong, with file, line and column.
  static func initialize() {
    _ = once
    xmlSetStructuredErrorFunc(nil, LibXML.ignore)
    hotfix_check_silence_generic_errors()
  }

  /// An error handler that drops the error (the parser's own handler has recorded it).
  private static let ignore: xmlStructuredErrorFunc = { _, _ in }
}

// MARK: - XSLT (libxslt)

/// An XSLT 1.0 stylesheet compiled by libxslt (`xsltParseStylesheetDoc`), applied in memory.
///
/// The only place libxslt is called. The stylesheet and every document are parsed without
/// network access; the transformation may read, write or fetch nothing (libxslt's security
/// preferences forbid it all), so a stylesheet can only turn its input into its output.
final class XSLTTransform {
  private let stylesheet: xsltStylesheetPtr

  /// Compiles a stylesheet from its text; `name` is its URL in messages.
  init(stylesheet text: String, name: String) throws {
    LibXML.initialize()
    let bytes = Array(text.utf8)
    guard let document = Self.parse(bytes, name: name) else {
      throw XSLTError(message: "\(name): the stylesheet is not well-formed XML: \(Self.lastError())")
    }
    guard let compiled = xsltParseStylesheetDoc(document) else {
      xmlFreeDoc(document)
      throw XSLTError(message: "\(name): not an XSLT stylesheet libxslt can compile")
    }
    stylesheet = compiled  // owns `document` from here on
  }

  deinit { xsltFreeStylesheet(stylesheet) }

  /// Applies the stylesheet to an XML document (`xsltApplyStylesheetUser`), returning the
  /// serialised result as the stylesheet's `xsl:output` asks (`xsltSaveResultTo`).
  /// `parameters` set top-level `xsl:param`s, each value an XPath expression (`'head'`, `3`).
  func apply(to input: [UInt8], name: String, parameters: [(String, String)] = []) throws -> [UInt8] {
    guard let document = Self.parse(input, name: name) else {
      throw XSLTError(message: "\(name): not well-formed XML: \(Self.lastError())")
    }
    defer { xmlFreeDoc(document) }
    guard let context = xsltNewTransformContext(stylesheet, document) else {
      throw XSLTError(message: "cannot create a transformation context")
    }
    defer { xsltFreeTransformContext(context) }
    let preferences = xsltNewSecurityPrefs()
    defer { xsltFreeSecurityPrefs(preferences) }
    for option in [
      XSLT_SECPREF_READ_FILE, XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
      XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_WRITE_NETWORK,
    ] {
      xsltSetSecurityPrefs(preferences, option, xsltSecurityForbid)
    }
    xsltSetCtxtSecurityPrefs(preferences, context)
    // libxslt wants name, value, name, value, …, NULL as C strings that outlive the call.
    var strings: [UnsafeMutablePointer<CChar>?] = []
    for (name, value) in parameters {
      strings.append(strdup(name))
      strings.append(strdup(value))
    }
    defer { for string in strings { free(string) } }
    var list: [UnsafePointer<CChar>?] = strings.map { pointer in pointer.map { UnsafePointer($0) } }
    list.append(nil)
    let result = list.withUnsafeMutableBufferPointer { pointers in
      xsltApplyStylesheetUser(stylesheet, document, pointers.baseAddress, nil, nil, context)
    }
    guard let result, context.pointee.state != XSLT_STATE_ERROR, context.pointee.state != XSLT_STATE_STOPPED else {
      if let result { xmlFreeDoc(result) }
      throw XSLTError(message: "\(name): the transformation failed (libxslt printed why)")
    }
    defer { xmlFreeDoc(result) }
    guard let buffer = xmlAllocOutputBuffer(nil) else { throw XSLTError(message: "out of memory") }
    defer { xmlOutputBufferClose(buffer) }
    guard xsltSaveResultTo(buffer, result, stylesheet) >= 0 else {
      throw XSLTError(message: "\(name): cannot serialise the result")
    }
    xmlOutputBufferFlush(buffer)
    let size = Int(xmlOutputBufferGetSize(buffer))
    guard size > 0, let content = xmlOutputBufferGetContent(buffer) else { return [] }
    return Array(UnsafeBufferPointer(start: content, count: size))
  }

  /// `xmlReadMemory` with no network, no entity expansion and no DTD loading.
  private static func parse(_ bytes: [UInt8], name: String) -> xmlDocPtr? {
    bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.flatMap { base in
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
          xmlReadMemory(chars, Int32(buffer.count), name, nil, Int32(XML_PARSE_NONET.rawValue))
        }
      }
    }
  }

  /// libxml2's last error message (`xmlGetLastError`), copied at once.
  private static func lastError() -> String {
    guard let error = xmlGetLastError(), let message = error.pointee.message else { return "unknown error" }
    var text = String(cString: message)
    while text.last?.isWhitespace == true { text.removeLast() }
    return "line \(error.pointee.line): \(text)"
  }
}

/// A stylesheet that cannot be compiled, or a transformation that failed.
public struct XSLTError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

// MARK: - Writing (xmlTextWriter)

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

// MARK: - Schema validation

/// Validates XML documents against an XML Schema with libxml2 (`xmlSchemaValidateFile`).
public final class XMLSchemaValidator {
  private let parserContext: xmlSchemaParserCtxtPtr
  private let schema: xmlSchemaPtr

  /// Loads a schema file; throws its first error when it cannot be parsed.
  public init(schemaPath: String) throws {
    LibXML.initialize()
    guard let parserContext = xmlSchemaNewParserCtxt(schemaPath) else {
      throw SchemaError(messages: ["\(schemaPath): cannot open the schema"])
    }
    guard let schema = xmlSchemaParse(parserContext) else {
      xmlSchemaFreeParserCtxt(parserContext)
      throw SchemaError(messages: ["\(schemaPath): the schema does not parse"])
    }
    self.parserContext = parserContext
    self.schema = schema
  }

  deinit {
    xmlSchemaFree(schema)
    xmlSchemaFreeParserCtxt(parserContext)
  }

  /// The validation errors of a document file, as `line: message`; empty when it is valid.
  public func validate(documentAt path: String) -> [String] {
    guard let context = xmlSchemaNewValidCtxt(schema) else { return ["cannot create a validation context"] }
    defer { xmlSchemaFreeValidCtxt(context) }
    let collector = MessageCollector()
    let opaque = Unmanaged.passUnretained(collector).toOpaque()
    xmlSchemaSetValidStructuredErrors(
      context,
      { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue()
        var message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
        while message.last?.isWhitespace == true { message.removeLast() }
        collector.messages.append("\(error.pointee.line): \(message)")
      }, opaque)
    let status = xmlSchemaValidateFile(context, path, 0)
    if status != 0 && collector.messages.isEmpty { collector.messages.append("invalid (libxml2 status \(status))") }
    return collector.messages
  }
}

/// A schema that could not be loaded.
public struct SchemaError: Error {
  public var messages: [String]
}

private final class MessageCollector {
  var messages: [String] = []
}
