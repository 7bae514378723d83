import KBData

/// Reads the XML inventory of contract section 3 with libxml2's streaming reader,
/// handing on each host as soon as its end tag is read.
public enum XMLInventoryReader {
  /// Reads a file; `name` is how errors and reports name it.
  public static func read(path: String, name: String? = nil, filter: FileNameFilter? = nil, emit: (InventoryItem) -> Void) {
    let label = name ?? path
    do {
      let reader = try XMLStreamReader(path: path)
      run(reader, label: label, filter: filter, emit: emit)
    } catch let error as XMLReadError {
      emit(.failure(InventoryError(file: label, line: error.line, column: error.column, message: error.message)))
    } catch {
      emit(.failure(InventoryError(file: label, line: 0, column: 0, message: "\(error)")))
    }
  }

  /// Reads an open descriptor, such as standard input (`-`).
  public static func read(fileDescriptor: Int32, name: String, filter: FileNameFilter? = nil, emit: (InventoryItem) -> Void) {
    do {
      let reader = try XMLStreamReader(fileDescriptor: fileDescriptor, name: name)
      run(reader, label: name, filter: filter, emit: emit)
    } catch let error as XMLReadError {
      emit(.failure(InventoryError(file: name, line: error.line, column: error.column, message: error.message)))
    } catch {
      emit(.failure(InventoryError(file: name, line: 0, column: 0, message: "\(error)")))
    }
  }

  private static func run(_ reader: XMLStreamReader, label: String, filter: FileNameFilter?, emit: (InventoryItem) -> Void) {
    var state = XMLInventoryState(file: label, filter: filter)
    do {
      while let event = try reader.next() {
        if let item = try state.handle(event) { emit(item) }
      }
      if let item = state.finish() { emit(item) }
    } catch let error as XMLReadError {
      emit(.failure(InventoryError(file: label, line: error.line, column: error.column, message: error.message, host: state.openHostName)))
    } catch let error as InventoryError {
      emit(.failure(error))
    } catch {
      emit(.failure(InventoryError(file: label, line: 0, column: 0, message: "\(error)", host: state.openHostName)))
    }
  }
}

/// The reader's place in the document: which host is open, and whether it already failed.
struct XMLInventoryState {
  let file: String
  private var depth = 0
  private var sawRoot = false
  private var rootIsHost = false
  private var host: HostInventory?
  /// Set when the open host had a bad value: its failure is reported once, the rest of it skipped.
  private var hostFailed = false
  /// The open host's name, known from its start tag even when it later fails.
  private(set) var openHostName: String?
  private var hostCount = 0

  /// When set, only files whose names pass are kept (every value is still checked).
  let filter: FileNameFilter?

  init(file: String, filter: FileNameFilter? = nil) {
    self.file = file
    self.filter = filter
  }

  mutating func handle(_ event: XMLStreamEvent) throws -> InventoryItem? {
    switch event {
    case .start(let name, let attributes, let isEmpty, let line, let column):
      defer { if !isEmpty { depth += 1 } }
      let item = try start(name, attributes, line: line, column: column)
      if isEmpty { return try end(name) ?? item }
      return item
    case .end(let name):
      depth -= 1
      return try end(name)
    case .text:
      return nil
    }
  }

  /// At the end of the document: an inventory with no host is reported, never passed in silence.
  func finish() -> InventoryItem? {
    if hostCount == 0 {
      return .failure(InventoryError(file: file, line: 1, column: 1, message: "no <host> element: expected <inventory> holding <host> elements, or a <host> root"))
    }
    return nil
  }

  private mutating func start(_ name: String, _ attributes: [(name: String, value: String)], line: Int, column: Int) throws -> InventoryItem? {
    if !sawRoot {
      sawRoot = true
      guard name == "inventory" || name == "host" else {
        throw InventoryError(file: file, line: line, column: column, message: "root element <\(name)>: expected <inventory> or <host>")
      }
      rootIsHost = name == "host"
    }
    let hostDepth = rootIsHost ? 0 : 1
    switch (name, depth) {
    case ("host", hostDepth):
      return startHost(attributes, line: line, column: column)
    case ("hotfix", hostDepth + 1):
      let file = self.file
      return child { host in
        let id = try Self.required("id", in: attributes, element: "hotfix", file: file, line: line, column: column, host: host.name)
        host.hotfixes.insert(try Self.value(InventoryValues.hotfixID(id), file: file, line: line, column: column, host: host.name))
      }
    case ("file", hostDepth + 1):
      let file = self.file
      let filter = self.filter
      return child { host in
        let entry = try Self.file(attributes, file: file, line: line, column: column, host: host.name)
        if filter?.passes(path: entry.path) ?? true { host.files.append(entry) }
      }
    case ("host", _):
      throw InventoryError(file: file, line: line, column: column, message: "a <host> inside another element: expected <host> directly under <inventory>", host: openHostName)
    default:
      return nil  // unknown elements are extensions: ignored
    }
  }

  private mutating func end(_ name: String) throws -> InventoryItem? {
    let hostDepth = rootIsHost ? 0 : 1
    guard name == "host", depth == hostDepth else { return nil }
    defer {
      host = nil
      hostFailed = false
      openHostName = nil
    }
    if let host, !hostFailed { return .host(host) }
    return nil
  }

  /// Applies a child element to the open host; a bad value fails the host once.
  private mutating func child(_ apply: (inout HostInventory) throws -> Void) -> InventoryItem? {
    guard !hostFailed, var current = host else { return nil }
    host = nil  // keep the files array uniquely referenced, so appending does not copy it
    do {
      try apply(&current)
      host = current
      return nil
    } catch let error as InventoryError {
      hostFailed = true
      host = nil
      return .failure(error)
    } catch {
      return nil
    }
  }

  private mutating func startHost(_ attributes: [(name: String, value: String)], line: Int, column: Int) -> InventoryItem? {
    hostCount += 1
    let name = attributes.first { $0.name == "name" }?.value
    openHostName = name
    do {
      let hostName = try Self.required("name", in: attributes, element: "host", file: file, line: line, column: column, host: nil)
      func field<T>(_ attribute: String, _ parse: (String) -> Result<T, ValueError>) throws -> T {
        let text = try Self.required(attribute, in: attributes, element: "host", file: file, line: line, column: column, host: hostName)
        return try Self.value(parse(text), file: file, line: line, column: column, host: hostName)
      }
      host = HostInventory(
        name: hostName, edition: try field("edition", InventoryValues.edition),
        servicePack: try field("service-pack", InventoryValues.servicePack),
        platform: try field("platform", InventoryValues.platform), source: file, line: line)
      return nil
    } catch let error as InventoryError {
      hostFailed = true
      var error = error
      if error.host == nil { error.host = "(unnamed host at line \(line))" }
      return .failure(error)
    } catch {
      return nil
    }
  }

  private static func file(_ attributes: [(name: String, value: String)], file: String, line: Int, column: Int, host: String) throws -> InventoryFile {
    var entry = InventoryFile(path: try required("path", in: attributes, element: "file", file: file, line: line, column: column, host: host))
    for (name, text) in attributes {
      switch name {
      case "version": entry.version = try value(InventoryValues.version(text), file: file, line: line, column: column, host: host)
      case "date": entry.date = try value(InventoryValues.date(text), file: file, line: line, column: column, host: host)
      case "size": entry.size = try value(InventoryValues.size(text), file: file, line: line, column: column, host: host)
      default: break
      }
    }
    return entry
  }

  private static func required(_ attribute: String, in attributes: [(name: String, value: String)], element: String, file: String, line: Int, column: Int, host: String?) throws -> String {
    guard let text = attributes.first(where: { $0.name == attribute })?.value, !text.trimmedSpaces.isEmpty else {
      throw InventoryError(file: file, line: line, column: column, message: "<\(element)> has no \(attribute) attribute: it is required", host: host)
    }
    return text.trimmedSpaces
  }

  private static func value<T>(_ result: Result<T, ValueError>, file: String, line: Int, column: Int, host: String) throws -> T {
    switch result {
    case .success(let value): return value
    case .failure(let error): throw InventoryError(file: file, line: line, column: column, message: error.message, host: host)
    }
  }
}

import Foundation
