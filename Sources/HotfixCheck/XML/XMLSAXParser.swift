import CLibXML2
import Foundation

/// A failure of libxml2 while reading, with its own message and position.
struct XMLReadError: Error {
  var line: Int
  var column: Int
  var message: String
}

/// One attribute of a start tag: name and value as bytes that live only during the callback.
struct XMLAttribute {
  var name: UnsafeBufferPointer<UInt8>
  var value: UnsafeBufferPointer<UInt8>

  /// True when the name is `text` (ASCII).
  func named(_ text: StaticString) -> Bool { bytesEqual(name, text) }
}

/// True when the bytes are exactly the ASCII `text`.
func bytesEqual(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
  guard bytes.count == text.utf8CodeUnitCount, let base = bytes.baseAddress else { return bytes.isEmpty && text.utf8CodeUnitCount == 0 }
  return memcmp(base, text.utf8Start, bytes.count) == 0
}

/// What the parser calls: start and end of each element, with bytes valid only during the call.
protocol XMLSAXHandler: AnyObject {
  func startElement(_ name: UnsafeBufferPointer<UInt8>, _ attributes: [XMLAttribute], line: Int, column: Int) throws
  func endElement(_ name: UnsafeBufferPointer<UInt8>) throws
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
  private let handler: XMLSAXHandler
  fileprivate var failure: Error?
  fileprivate var context: xmlParserCtxtPtr?
  fileprivate var attributes: [XMLAttribute] = []

  init(handler: XMLSAXHandler) {
    LibXML.initialize()
    self.handler = handler
  }

  /// Parses everything readable from `descriptor`; throws the first error (libxml2's or the handler's).
  func parse(fileDescriptor descriptor: Int32, name: String) throws {
    var sax = xmlSAXHandler()
    sax.initialized = XML_SAX2_MAGIC
    sax.startElementNs = { context, localname, _, _, _, _, count, _, raw in
      guard let parser = XMLSAXParser.from(context), let localname, parser.failure == nil else { return }
      parser.attributes.removeAll(keepingCapacity: true)
      if let raw {
        for index in 0..<Int(count) {
          let base = raw + index * 5  // localname, prefix, URI, value, end
          guard let attributeName = base[0], let start = base[3], let end = base[4] else { continue }
          parser.attributes.append(
            XMLAttribute(
              name: UnsafeBufferPointer(start: attributeName, count: strlen(attributeName)),
              value: UnsafeBufferPointer(start: start, count: end - start)))
        }
      }
      let name = UnsafeBufferPointer(start: localname, count: strlen(localname))
      let line = parser.context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0
      let column = parser.context.map { Int(xmlSAX2GetColumnNumber($0)) } ?? 0
      do {
        try parser.handler.startElement(name, parser.attributes, line: line, column: column)
      } catch {
        parser.stop(error)
      }
    }
    sax.endElementNs = { context, localname, _, _ in
      guard let parser = XMLSAXParser.from(context), let localname, parser.failure == nil else { return }
      do {
        try parser.handler.endElement(UnsafeBufferPointer(start: localname, count: strlen(localname)))
      } catch {
        parser.stop(error)
      }
    }
    sax.internalSubset = { context, _, _, _ in
      guard let parser = XMLSAXParser.from(context), parser.failure == nil else { return }
      let (line, column) = parser.position
      parser.stop(XMLReadError(
        line: line, column: column,
        message: "a DOCTYPE (DTD) is not allowed in an inventory: DTDs can declare entities that read local files or expand without bound"))
    }
    sax.serror = { context, error in
      guard let context, let error else { return }
      let parser = Unmanaged<XMLSAXParser>.fromOpaque(context).takeUnretainedValue()
      guard parser.failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
      var message = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
      while message.last?.isWhitespace == true { message.removeLast() }
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
    xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
    // Not zero-filled: read() writes what is used (a fleet of 1,000 files zeroed 256 MB for nothing).
    var chunk = [CChar](unsafeUninitializedCapacity: 1 << 18) { _, count in count = 1 << 18 }
    var guardTags = TagGuard()
    var head: [UInt8] = []
    while failure == nil {
      let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if head.isEmpty && got > 0 { head = chunk.prefix(min(got, 256)).map { UInt8(bitPattern: $0) } }
      if got < 0 {
        throw XMLReadError(line: position.line, column: position.column, message: "cannot read: \(String(cString: strerror(errno)))")
      }
      if got == 0 && head.isEmpty {  // libxml2 would say "Extra content at the end of the document"
        throw XMLReadError(line: 1, column: 1, message: "empty file: expected an XML inventory (<inventory> or <host>)")
      }
      let crowded = chunk.withUnsafeBytes { guardTags.scan(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
      let status = chunk.withUnsafeBufferPointer { xmlParseChunk(context, $0.baseAddress, Int32(crowded ? 0 : got), got == 0 ? 1 : 0) }
      if failure != nil { break }
      if crowded {
        throw XMLReadError(
          line: position.line, column: position.column,
          message: "a start tag with more than \(TagGuard.maximumAttributes) attributes: expected a host, file or hotfix element")
      }
      if status == Int32(XML_ERR_INVALID_ENCODING.rawValue) || status == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue) {
        throw XMLReadError(
          line: position.line, column: position.column,
          message: "bytes that are not valid \(Self.encodingName(head)) text: expected the encoding the document declares (UTF-8 when it declares none)")
      }
      if status != 0 {
        throw XMLReadError(line: position.line, column: position.column, message: "the document is not well-formed (libxml2 error \(status))")
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

/// Counts attributes in start tags as bytes stream past, before libxml2 parses them:
/// libxml2 2.9 checks a tag's attributes for duplicates pair by pair, so one tag with
/// 300,000 attributes (3 MB) took 77 s. Inventories have a handful per tag.
struct TagGuard {
  static let maximumAttributes = 1_000
  private var inTag = false
  private var skipping = false  // inside <!…> or <?…>: nothing is counted
  private var quote: UInt8 = 0
  private var afterOpen = false
  private var equals = 0

  /// True when a tag so far has more attributes than allowed.
  mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    var index = 0
    while index < bytes.count {
      if quote != 0 {
        // Most bytes are attribute values: jump to the closing quote (callgrind: the byte loop was 18 instructions a byte).
        guard let found = memchr(base + index, Int32(quote), bytes.count - index) else { return false }
        index = base.distance(to: UnsafeRawPointer(found)) + 1
        quote = 0
        continue
      }
      let byte = bytes[index]
      index += 1
      if afterOpen {
        afterOpen = false
        if byte == 0x21 || byte == 0x3F { skipping = true }  // "!" or "?"
      }
      switch byte {
      case 0x3C:  // "<"
        if !inTag {
          inTag = true
          afterOpen = true
          equals = 0
        }
      case 0x3E:  // ">"
        inTag = false
        skipping = false
      case 0x22, 0x27:  // quotes open only inside a counted tag
        if inTag && !skipping { quote = byte }
      case 0x3D:  // "="
        if inTag && !skipping {
          equals += 1
          if equals > Self.maximumAttributes { return true }
        }
      default:
        break
      }
    }
    return false
  }
}
