import KBData

/// Gathers CSV rows into hosts: a host's rows must be together; a bad row fails its host only.
struct CSVHostAssembler {
  /// The columns a CSV inventory must have.
  enum Column: String, CaseIterable {
    case host, edition, servicePack = "service_pack", platform, path, version, date, size, hotfix

    static let required: [Column] = [.host, .edition, .servicePack, .platform, .path]

    /// Header spellings accepted for each column, compared in lower case.
    init?(header: String) {
      switch header.trimmedSpaces.lowercased() {
      case "host", "hostname", "host_name", "host name": self = .host
      case "edition": self = .edition
      case "service_pack", "service-pack", "servicepack", "service pack", "sp": self = .servicePack
      case "platform": self = .platform
      case "path": self = .path
      case "version": self = .version
      case "date": self = .date
      case "size": self = .size
      case "hotfix": self = .hotfix
      default: return nil
      }
    }
  }

  let file: String
  private let index: [Column: Int]
  private let width: Int
  private var host: HostInventory?
  private var failedHost: String?
  private var finished: [String: Int] = [:]

  init(header: [CSVField], file: String) throws {
    self.file = file
    var index: [Column: Int] = [:]
    for (position, field) in header.enumerated() {
      if let column = Column(header: field.text), index[column] == nil { index[column] = position }
    }
    let missing = Column.required.filter { index[$0] == nil }
    if !missing.isEmpty {
      let found = header.map { $0.text.count > 30 ? String($0.text.prefix(30)) + "…" : $0.text }.joined(separator: ", ")
      throw InventoryError(
        file: file, line: header.first?.line ?? 1, column: 1,
        message: "missing required column(s) \(missing.map(\.rawValue).joined(separator: ", ")) in the header: expected host, edition, service_pack, platform, path; found \(found)")
    }
    self.index = index
    width = header.count
  }

  /// The name of the host whose rows are being read.
  var openHostName: String? { host?.name ?? failedHost }

  /// A record that could not be split: its host (if its name was read) fails, a different open host is complete.
  mutating func fail(partialRecord: [CSVField], with error: InventoryError, emit: (InventoryItem) -> Void) {
    var error = error
    let name = cell(.host, partialRecord)?.text.trimmedSpaces
    if let name, !name.isEmpty, name != openHostName, let host {
      emit(.host(host))
    }
    error.host = (name?.isEmpty == false ? name : nil) ?? openHostName ?? "(unnamed host at line \(error.line))"
    emit(.failure(error))
    host = nil
    failedHost = nil
  }

  mutating func finish(emit: (InventoryItem) -> Void) {
    if let host { emit(.host(host)) }
    host = nil
    failedHost = nil
  }

  mutating func add(_ record: [CSVField], emit: (InventoryItem) -> Void) {
    if record.count == 1 && record[0].text.trimmedSpaces.isEmpty { return }  // blank line
    let line = record[0].line
    guard let nameField = cell(.host, record), !nameField.text.trimmedSpaces.isEmpty else {
      emit(.failure(InventoryError(file: file, line: line, column: cell(.host, record)?.column ?? 1, message: "no host name: expected the host column to name the host", host: "(unnamed host at line \(line))")))
      return
    }
    let name = nameField.text.trimmedSpaces
    if name != openHostName {
      if let host { emit(.host(host)) }
      host = nil
      failedHost = nil
      if let ended = finished[name] {
        failedHost = name
        emit(.failure(InventoryError(file: file, line: line, column: nameField.column, message: "rows of host \(name) are not together (its earlier rows end at line \(ended)): expected one block of rows per host", host: name)))
        return
      }
    }
    if failedHost == name { return }
    do {
      if record.count != width {
        throw InventoryError(file: file, line: line, column: record.last.map { $0.column } ?? 1, message: "\(record.count) field(s): expected \(width) as in the header", host: name)
      }
      try apply(record, name: name, line: line)
    } catch let error as InventoryError {
      host = nil
      failedHost = name
      finished[name] = line
      emit(.failure(error))
    } catch {}
  }

  private mutating func apply(_ record: [CSVField], name: String, line: Int) throws {
    let edition = try valueOf(.edition, record, name, InventoryValues.edition)
    let servicePack = try valueOf(.servicePack, record, name, InventoryValues.servicePack)
    let platform = try valueOf(.platform, record, name, InventoryValues.platform)
    var current: HostInventory
    if let open = host {
      host = nil  // keep the files array uniquely referenced, so appending does not copy it
      current = open
      try agree(edition, current.edition, .edition, record, name)
      try agree(servicePack, current.servicePack, .servicePack, record, name)
      try agree(platform, current.platform, .platform, record, name)
    } else {
      guard let edition, let servicePack, let platform else {
        let missing: Column = edition == nil ? .edition : servicePack == nil ? .servicePack : .platform
        throw InventoryError(
          file: file, line: line, column: cell(missing, record)?.column ?? 1,
          message: "no \(missing.rawValue) on the first row of host \(name): expected it there", host: name)
      }
      current = HostInventory(name: name, edition: edition, servicePack: servicePack, platform: platform, source: file, line: line)
    }
    try addFile(record, to: &current, name: name)
    host = current
    finished[name] = line
  }

  private func addFile(_ record: [CSVField], to host: inout HostInventory, name: String) throws {
    if let id = try valueOf(.hotfix, record, name, InventoryValues.hotfixID) { host.hotfixes.insert(id) }
    let path = cell(.path, record)?.text.trimmedSpaces ?? ""
    if path.isEmpty { return }  // a host-only or hotfix row
    var entry = InventoryFile(path: path)
    entry.version = try valueOf(.version, record, name, InventoryValues.version) ?? nil
    entry.date = try valueOf(.date, record, name, InventoryValues.date) ?? nil
    entry.size = try valueOf(.size, record, name, InventoryValues.size) ?? nil
    host.files.append(entry)
  }

  private func valueOf<T>(_ column: Column, _ record: [CSVField], _ name: String, _ parse: (String) -> Result<T, ValueError>) throws -> T? {
    guard let field = cell(column, record), !field.text.trimmedSpaces.isEmpty else { return nil }
    switch parse(field.text) {
    case .success(let value): return value
    case .failure(let error): throw InventoryError(file: file, line: field.line, column: field.column, message: error.message, host: name)
    }
  }

  private func agree<T: Equatable>(_ found: T?, _ expected: T, _ column: Column, _ record: [CSVField], _ name: String) throws {
    guard let found, found != expected, let field = cell(column, record) else { return }
    throw InventoryError(file: file, line: field.line, column: field.column, message: "\(column.rawValue) \"\(field.text)\" differs from the host's earlier rows: expected \(expected) for every row of \(name)", host: name)
  }

  private func cell(_ column: Column, _ record: [CSVField]) -> CSVField? {
    guard let position = index[column], position < record.count else { return nil }
    return record[position]
  }
}
