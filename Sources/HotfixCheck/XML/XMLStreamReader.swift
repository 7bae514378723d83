import Foundation
import CLibXML2

/// A failure of libxml2 while reading, with its own message and position.
struct XMLReadError: Error {
  var line: Int
  var column: Int
  var message: String
}

/// One step of a streaming read: only what the inventory reader needs.
enum XMLStreamEvent {
  /// An element start tag, with its attributes copied into Swift strings.
  case start(name: String, attributes: [(name: String, value: String)], isEmpty: Bool, line: Int, column: Int)
  /// An element end tag.
  case end(name: String)
  /// Text outside markup (kept only to detect stray content).
  case text(line: Int, column: Int)
}

/// libxml2's streaming reader (`xmlReaderForFile`, `xmlTextReaderRead`), safe by construction:
/// no network (`XML_PARSE_NONET`), no entity substitution, no external DTD, and any DTD refused.
///
/// Every libxml2 pointer stays inside this class; values are copied out at once.
final class XMLStreamReader {
  private let reader: xmlTextReaderPtr
  private let errors: ErrorSink

  /// libxml2 options: forbid the network; never load or apply DTDs; keep default size limits (no XML_PARSE_HUGE).
  private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

  /// Opens a file (`xmlReaderForFile`).
  init(path: String) throws {
    LibXML.initialize()
    guard let reader = xmlReaderForFile(path, nil, Self.options) else {
      throw XMLReadError(line: 0, column: 0, message: "cannot open the file")
    }
    self.reader = reader
    errors = ErrorSink()
    errors.attach(to: reader)
  }

  /// Reads from an open file descriptor such as standard input (`xmlReaderForFd`).
  init(fileDescriptor: Int32, name: String) throws {
    LibXML.initialize()
    guard let reader = xmlReaderForFd(fileDescriptor, name, nil, Self.options) else {
      throw XMLReadError(line: 0, column: 0, message: "cannot read the input")
    }
    self.reader = reader
    errors = ErrorSink()
    errors.attach(to: reader)
  }

  deinit { xmlFreeTextReader(reader) }

  /// The next event, or nil at the end of the document.
  func next() throws -> XMLStreamEvent? {
    while true {
      let status = xmlTextReaderRead(reader)
      if status == 0 { return nil }
      if status < 0 { throw errors.first ?? currentError("the document is not well-formed") }
      let type = xmlTextReaderNodeType(reader)
      switch type {
      case Int32(XML_READER_TYPE_ELEMENT.rawValue):
        return startEvent()
      case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
        return .end(name: copy(xmlTextReaderConstLocalName(reader)))
      case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
        throw currentError("a DOCTYPE (DTD) is not allowed in an inventory: DTDs can declare entities that read local files or expand without bound")
      case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
        throw currentError("entity references are not allowed in an inventory")
      case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
        return .text(line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader)))
      default:
        continue
      }
    }
  }

  private func startEvent() -> XMLStreamEvent {
    let name = copy(xmlTextReaderConstLocalName(reader))
    let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
    // The parser reads ahead of the reader, so its position may be lines past this
    // element: take the line from the node, and the column only when on that line.
    let parserLine = Int(xmlTextReaderGetParserLineNumber(reader))
    let line = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? parserLine
    let column = line == parserLine ? Int(xmlTextReaderGetParserColumnNumber(reader)) : 1
    var attributes: [(name: String, value: String)] = []
    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
      attributes.append((copy(xmlTextReaderConstLocalName(reader)), copy(xmlTextReaderConstValue(reader))))
    }
    xmlTextReaderMoveToElement(reader)
    return .start(name: name, attributes: attributes, isEmpty: isEmpty, line: line, column: column)
  }

  private func currentError(_ message: String) -> XMLReadError {
    XMLReadError(
      line: Int(xmlTextReaderGetParserLineNumber(reader)),
      column: Int(xmlTextReaderGetParserColumnNumber(reader)), message: message)
  }

  private func copy(_ text: UnsafePointer<xmlChar>?) -> String {
    guard let text else { return "" }
    return String(cString: text)
  }
}

/// Collects libxml2's structured errors for one reader (`xmlTextReaderSetStructuredErrorHandler`).
private final class ErrorSink {
  var first: XMLReadError?

  func attach(to reader: xmlTextReaderPtr) {
    let context = Unmanaged.passUnretained(self).toOpaque()
    xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
      guard let context, let error else { return }
      let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
      guard sink.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
      var message = error.pointee.message.map { String(cString: $0) } ?? "unknown XML error"
      while message.last?.isWhitespace == true { message.removeLast() }
      if message.localizedCaseInsensitiveContains("entit") {
        message = "entities and DTDs are not allowed in an inventory (libxml2: \(message))"
      }
      sink.first = XMLReadError(line: Int(error.pointee.line), column: Int(error.pointee.int2), message: message)
    }, context)
  }
}

/// Process-wide libxml2 set-up, done once before the first reader or writer.
enum LibXML {
  private static let once: Void = {
    xmlInitParser()
  }()

  static func initialize() { _ = once }
}
