internal import CLibXML2
import Foundation
internal import SystemCalls

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
