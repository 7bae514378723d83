import Foundation
@_spi(Readers) import KBData
internal import SystemCalls

/// Reads the XML inventory of contract section 3 with libxml2 (SAX2, see XMLSAXParser),
/// handing on each host as soon as its end tag is read.
public enum XMLInventoryReader {
  /// Reads a file; `name` is how errors and reports name it. With a `filter`, only
  /// the files it passes are kept (every value is still checked).
  public static func read(path: String, name: String? = nil, filter: FileNameIndex? = nil, emit: (InventoryItem) -> Void) {
    let label = name ?? path
    InventoryError.withOpenFile(path, label: label, emit: emit) { read(fileDescriptor: $0, name: label, filter: filter, emit: emit) }
  }

  /// Reads an open descriptor, such as standard input (`-`).
  public static func read(fileDescriptor: Int32, name: String, filter: FileNameIndex? = nil, emit: (InventoryItem) -> Void) {
    withoutActuallyEscaping(emit) { emit in
      let state = XMLInventoryHandler(file: name, filter: filter, emit: emit)
      do {
        try XMLSAXParser(handler: state).parse(fileDescriptor: fileDescriptor, name: name)
        state.finish()
      } catch let error as XMLReadError {
        // A fatal error ends the file: say where and what was read, so later hosts are not lost unseen.
        var message = error.message
        switch state.hostsRead {
        case _ where !state.began: break  // an empty file or a refused prolog: nothing was to be read
        case 0: message += "; reading stopped at line \(error.line), before any host of this file was read"
        case 1: message += "; reading stopped at line \(error.line): 1 host before it was read, any later host in this file was not"
        case let count:
          message += "; reading stopped at line \(error.line): \(count) hosts before it were read, any later host in this file was not"
        }
        emit(.failure(InventoryError(file: name, line: error.line, column: error.column, message: message, host: state.openHostName)))
      } catch let error as InventoryError {
        emit(.failure(error))
      } catch {
        emit(.failure(InventoryError(file: name, line: 0, column: 0, message: "\(error)", host: state.openHostName)))
      }
    }
  }
}

/// The SAX handler of an XML inventory: libxml2 calls it per element, and it keeps the reader's
/// place in the document (which host is open, and whether it already failed).
final class XMLInventoryHandler: XMLSAXHandler {
  let file: String
  /// Only files whose names pass are kept, when `filtering`. Not optional: unwrapping an
  /// optional filter per file copied it, retaining its arrays (callgrind: 1.4% of an XML audit,
  /// and the retains are shared between threads).
  let filter: FileNameIndex
  let filtering: Bool
  private let emit: (InventoryItem) -> Void
  private var depth = 0
  private var rootIsHost = false
  private var host: HostInventory? {
    didSet { hostOpen = host != nil }
  }
  /// Whether a host is open (`host != nil`), kept apart: testing the optional per file copied
  /// the host, retaining its fields (callgrind).
  private var hostOpen = false
  /// The open host's files, gathered apart from it and moved in when it ends, for the same reason.
  private var openFiles: [InventoryFile] = []
  /// Set when the open host had a bad value: its failure is reported once, the rest of it skipped.
  private var hostFailed = false
  /// The open host's name, known from its start tag even when it later fails.
  private(set) var openHostName: String?
  private var hostCount = 0
  /// Hosts whose end tag was read (handed on or failed): what an error that stops the file says was read.
  private(set) var hostsRead = 0
  /// Whether the root element was read: before it, an error stops nothing that was there to read.
  private(set) var began = false
  /// Whether the element at the hosts' depth is a `<host>` (open, or failed).
  private var inHost = false
  /// `<file>` elements of the open host, kept or not by the filter: none at all is reported (issue 14).
  private var filesListed = 0
  /// The unknown element at the hosts' depth being skipped, for naming the hosts found in it.
  private var outside: (name: String, line: Int)?

  init(file: String, filter: FileNameIndex?, emit: @escaping (InventoryItem) -> Void) {
    self.file = file
    self.filter = filter ?? FileNameIndex(names: [])
    filtering = filter != nil
    self.emit = emit
  }

  /// At the end of the document: an inventory with no host is reported, never passed in silence.
  func finish() {
    if hostCount == 0 {
      emit(
        .failure(
          InventoryError(
            file: file, line: 1, column: 1, message: "no <host> element: expected <inventory> holding <host> elements, or a <host> root")))
    }
  }

  /// The elements of an inventory; any other is unknown.
  private enum Kind { case inventory, host, file, hotfix, unknown }

  /// Exact spelling first (the files of a fleet pay one comparison each), then any case:
  /// `<Host>` means `<host>` (issue 14), so it is read rather than refused.
  private static func kind(_ name: XMLName, namespaced: Bool) -> Kind {
    if namespaced { return .unknown }  // another vocabulary's element, whatever its local name
    if name.is("file") { return .file }
    if name.is("hotfix") { return .hotfix }
    if name.is("host") { return .host }
    if name.is("inventory") { return .inventory }
    if name.isCaseless("file") { return .file }
    if name.isCaseless("hotfix") { return .hotfix }
    if name.isCaseless("host") { return .host }
    if name.isCaseless("inventory") { return .inventory }
    return .unknown
  }

  /// Contract section 3: an element the reader does not know, or a known one in the wrong
  /// place, is an error, never skipped (skipping lost whole hosts, issue 14). Inside a host it
  /// fails that host; outside, it is reported and its content skipped, and every host found
  /// in it is named in an error of its own, so no host leaves the report unseen.
  func startElement(_ name: XMLName, namespaced: Bool, _ attributes: XMLAttributes, line: Int, column: Int) throws {
    defer { depth += 1 }
    let kind = Self.kind(name, namespaced: namespaced)
    if depth == 0 {
      began = true
      switch kind {
      case .host:
        rootIsHost = true
        inHost = true
        startHost(attributes, line: line, column: column)
      case .inventory: break
      default:
        throw InventoryError(file: file, line: line, column: column, message: "root element <\(name.text)>: expected <inventory> or <host>")
      }
      return
    }
    let hostDepth = rootIsHost ? 0 : 1
    if depth == hostDepth + 1 && inHost {
      guard !hostFailed, hostOpen else { return }
      switch kind {
      case .file: fail { () throws(InventoryError) in try addFile(attributes, line: line, column: column) }
      case .hotfix: fail { () throws(InventoryError) in try addHotfix(attributes, line: line, column: column) }
      case .host: misplacedHost(attributes, line: line, column: column)
      default:
        failHost(
          line: line, column: column,
          "unknown element <\(name.text)> in host \(openHostName ?? ""): expected <file> and <hotfix> directly under <host>")
      }
      return
    }
    if kind == .host && depth == hostDepth && !inHost {
      inHost = true
      startHost(attributes, line: line, column: column)
      return
    }
    if kind == .host {
      misplacedHost(attributes, line: line, column: column)
      return
    }
    if inHost {
      // Inside a <file> or <hotfix>, which hold nothing.
      failHost(
        line: line, column: column, "element <\(name.text)> inside <file> or <hotfix> of host \(openHostName ?? ""): expected them empty")
      return
    }
    if depth == hostDepth {
      outside = (name.text, line)
      emit(
        .failure(
          InventoryError(
            file: file, line: line, column: column,
            message: "unknown element <\(name.text)> in <inventory>: expected only <host> elements there (what it holds is not read)")))
    }
    // Deeper inside an unknown element: its hosts are named above, the rest is skipped.
  }

  /// A `<host>` where none may be: inside another host, or inside an unknown element. It is
  /// reported by name, and a host holding it fails (its files and the inner host's are mixed).
  private func misplacedHost(_ attributes: XMLAttributes, line: Int, column: Int) {
    hostCount += 1
    let name = attributes.first { $0.named("name") }.map { $0.withValue(Self.text).trimmedSpaces } ?? ""
    let shown = name.isEmpty ? "(unnamed host at line \(line))" : name
    let parent: String
    if inHost {
      parent = "host \(openHostName ?? "")"
      failHost(line: line, column: column, "host \(openHostName ?? "") holds another <host> (\(shown)): expected <file> and <hotfix> only")
    } else if let outside {
      parent = "<\(outside.name)> (line \(outside.line))"
    } else {
      parent = "another element"
    }
    emit(
      .failure(
        InventoryError(
          file: file, line: line, column: column,
          message: "<host> inside \(parent): expected <host> directly under <inventory>, so this host is not read", host: shown)))
  }

  /// Fails the open host (once) with `message` at `line`:`column`.
  private func failHost(line: Int, column: Int, _ message: String) {
    guard !hostFailed else { return }
    let name = openHostName
    fail { () throws(InventoryError) in throw InventoryError(file: file, line: line, column: column, message: message, host: name) }
  }

  func endElement(_ name: XMLName) throws {
    depth -= 1
    if depth == (rootIsHost ? 0 : 1) { outside = nil }
    guard depth == (rootIsHost ? 0 : 1), inHost else { return }
    if var host, !hostFailed {
      host.files = openFiles
      host.hasNoFiles = filesListed == 0
      emit(.host(host))
    }
    hostsRead += 1
    inHost = false
    host = nil
    openFiles = []
    filesListed = 0
    hostFailed = false
    openHostName = nil
  }

  /// Runs a step on the open host; a bad value fails the host once.
  private func fail(_ step: () throws(InventoryError) -> Void) {
    do throws(InventoryError) {
      try step()
    } catch {
      hostFailed = true
      host = nil
      openFiles = []
      emit(.failure(error))
    }
  }

  private func startHost(_ attributes: XMLAttributes, line: Int, column: Int) {
    hostCount += 1
    let name = attributes.first { $0.named("name") }.map { $0.withValue(Self.text).trimmedSpaces }
    openHostName = name?.isEmpty == true ? nil : name
    fail { () throws(InventoryError) in
      let hostName = try required("name", attributes, element: "host", line: line, column: column, host: "(unnamed host at line \(line))")
      func field<T>(_ attribute: StaticString, _ parse: (String) -> Result<T, ValueError>) throws(InventoryError) -> T {
        let text = try required(attribute, attributes, element: "host", line: line, column: column, host: hostName)
        return try value(parse(text), line: line, column: column, host: hostName)
      }
      host = HostInventory(
        name: hostName, edition: try field("edition", InventoryValues.edition),
        servicePack: try field("service-pack", InventoryValues.servicePack),
        platform: try field("platform", InventoryValues.platform), source: file, line: line)
      host?.nameIndex = filtering ? filter.identity : 0
      try readCollection(attributes, line: line, column: column, host: hostName)
    }
    if hostFailed && openHostName == nil { openHostName = "(unnamed host at line \(line))" }
  }

  /// A collector's `collected`, `collector` and `hotfixes` (contract section 3), all optional.
  private func readCollection(_ attributes: XMLAttributes, line: Int, column: Int, host hostName: String)
    throws(InventoryError)
  {
    for attribute in attributes {
      if attribute.named("collected") {
        host?.collected = try value(InventoryValues.collected(attribute.withValue(Self.text)), line: line, column: column, host: hostName)
      } else if attribute.named("collector") {
        host?.collector = attribute.withValue(Self.text).trimmedSpaces
      } else if attribute.named("hotfixes") {
        host?.hotfixListUnknown = try value(
          InventoryValues.hotfixList(attribute.withValue(Self.text)), line: line, column: column, host: hostName)
      }
    }
  }

  private func addHotfix(_ attributes: XMLAttributes, line: Int, column: Int) throws(InventoryError) {
    guard let name = host?.name else { return }
    let id = try required("id", attributes, element: "hotfix", line: line, column: column, host: name)
    host?.hotfixes.insert(try value(InventoryValues.hotfixID(id), line: line, column: column, host: name))
  }

  private func addFile(_ attributes: XMLAttributes, line: Int, column: Int) throws(InventoryError) {
    guard hostOpen else { return }
    filesListed += 1
    var pathAttribute: XMLAttribute?
    var version: FileVersion?
    var date: FileDate?
    var size: Int?
    // Fast parse first, then blank, then the explaining string parser: spelled out per value,
    // as in the CSV reader (the shared generic form with closures cost more on this hot path).
    for attribute in attributes {
      // By first letter, then the whole name: most attributes are compared once.
      switch attribute.name.firstByte {
      case 0x70 /* p */, 0x76 /* v */, 0x64 /* d */, 0x73 /* s */: break
      default: continue
      }
      if attribute.named("path") {
        pathAttribute = attribute
        continue
      }
      // Each value returned, not stored from inside the closure: a nested function that set
      // `version`, `date` and `size` captured them in boxes, with an exclusivity check per file
      // (swift_beginAccess, 0.7% of a fleet summary audit, perf).
      if attribute.named("version") {
        version = try attribute.withValue { bytes throws(InventoryError) in try versionValue(bytes, line: line, column: column) }
      } else if attribute.named("date") {
        date = try attribute.withValue { bytes throws(InventoryError) in try dateValue(bytes, line: line, column: column) }
      } else if attribute.named("size") {
        size = try attribute.withValue { bytes throws(InventoryError) in try sizeValue(bytes, line: line, column: column) }
      }
    }
    guard let pathAttribute else {
      throw InventoryError(
        file: file, line: line, column: column, message: "<file> has no path attribute: it is required", host: openHostName)
    }
    if pathAttribute.withValue({ InventoryValues.isBlank($0) }) {
      throw InventoryError(
        file: file, line: line, column: column, message: "<file> has an empty path attribute: expected the file's full path",
        host: openHostName)
    }
    var nameID: Int32 = -1
    if filtering {
      nameID = pathAttribute.withValue { filter.nameID(path: $0) }
      guard nameID >= 0 else { return }
    }
    let path = pathAttribute.withValue(Self.text).trimmedSpaces
    openFiles.append(InventoryFile(path: path, version: version, date: date, size: size, nameID: nameID))
  }

  private func required(
    _ attribute: StaticString, _ attributes: XMLAttributes, element: String, line: Int, column: Int, host: String?
  ) throws(InventoryError) -> String {
    guard let found = attributes.first(where: { $0.named(attribute) }) else {
      throw InventoryError(
        file: file, line: line, column: column, message: "<\(element)> has no \(attribute) attribute: it is required", host: host)
    }
    if found.withValue({ InventoryValues.isBlank($0) }) {
      throw InventoryError(
        file: file, line: line, column: column, message: "<\(element)> has an empty \(attribute) attribute: expected a value", host: host)
    }
    return found.withValue(Self.text).trimmedSpaces
  }

  /// A file's version: nil when blank, an error naming the place when not a version.
  @inline(__always)
  private func versionValue(_ bytes: Span<UInt8>, line: Int, column: Int) throws(InventoryError) -> FileVersion? {
    // Bound by `if let`: comparing the optional with nil copied it through its value
    // witnesses, 120 instructions a file (callgrind).
    if let parsed = FileVersion(utf8: bytes) { return parsed }
    if InventoryValues.isBlank(bytes) { return nil }
    return try value(InventoryValues.version(Self.text(bytes)), line: line, column: column, host: openHostName ?? "")
  }

  /// A file's date: nil when blank, an error naming the place when not a date.
  @inline(__always)
  private func dateValue(_ bytes: Span<UInt8>, line: Int, column: Int) throws(InventoryError) -> FileDate? {
    if let parsed = FileDate(inventoryUTF8: bytes) { return parsed }
    if InventoryValues.isBlank(bytes) { return nil }
    return try value(InventoryValues.date(Self.text(bytes)), line: line, column: column, host: openHostName ?? "")
  }

  /// A file's size: nil when blank, an error naming the place when not a size.
  @inline(__always)
  private func sizeValue(_ bytes: Span<UInt8>, line: Int, column: Int) throws(InventoryError) -> Int? {
    if let parsed = InventoryValues.integer(bytes) { return parsed }
    if InventoryValues.isBlank(bytes) { return nil }
    return try value(InventoryValues.size(Self.text(bytes)), line: line, column: column, host: openHostName ?? "")
  }

  private func value<T>(_ result: Result<T, ValueError>, line: Int, column: Int, host: String) throws(InventoryError) -> T {
    switch result {
    case .success(let value): return value
    case .failure(let error): throw InventoryError(file: file, line: line, column: column, message: error.message, host: host)
    }
  }

  private static func equal(_ name: XMLName, _ text: StaticString) -> Bool { name.is(text) }

  /// libxml2 hands on UTF-8 (it converts other encodings), so decoding cannot fail.
  private static func text(_ bytes: Span<UInt8>) -> String { bytes.decodedUTF8() }
}
