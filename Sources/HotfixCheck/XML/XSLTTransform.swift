internal import CLibXML2
internal import CLibXSLT

#if canImport(Glibc)
  import Glibc
#endif

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
