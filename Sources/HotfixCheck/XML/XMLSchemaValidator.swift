internal import CLibXML2

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
