import Foundation
import KBData
internal import SystemCalls

/// A security catalog that cannot be read: the file, where, and what was expected.
public struct BulletinCatalogError: Error, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var message: String
  /// Set when the file is XML but its root is not a `BulletinDatastore`: a folder's other files
  /// are passed over for this (with a warning), a named file is refused.
  public var isOtherDocument = false

  /// `file:line:column: error: message`.
  public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Reads HFNetChk/MBSA 1.x catalogs (`mssecure.xml`, a `BulletinDatastore`) with libxml2, as the
/// inventories are read (`XMLSAXParser`: no DTD, no network, size limits), into the records that
/// `BulletinCatalog` makes rules of.
public enum BulletinCatalogReader {
  /// Reads each file named, and every `.xml` file in each folder named (sorted; one whose root is
  /// not a catalog is passed over, with `warn`). The first that cannot be read throws.
  public static func read(paths: [String], warn: (String) -> Void = { _ in }) throws(BulletinCatalogError) -> [BulletinCatalog] {
    var catalogs: [BulletinCatalog] = []
    for path in paths {
      guard let status = SystemCalls.status(path) else {
        let reason = errno == ENOENT ? "no such file or directory" : String(cString: strerror(errno))
        throw BulletinCatalogError(
          file: path, line: 0, column: 0, message: "\(reason): expected a security catalog (mssecure.xml) or a folder holding one")
      }
      guard status.kind == .folder else {
        catalogs.append(try read(path: path))
        continue
      }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      let files = names.filter { $0.lowercased().hasSuffix(".xml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        .filter { SystemCalls.status($0)?.kind == .regular }
      var found = 0
      for file in files {
        do {
          catalogs.append(try read(path: file))
          found += 1
        } catch  where error.isOtherDocument {
          warn("\(file): warning: not a security catalog (\(error.message)): passed over")
        }
      }
      if found == 0 {
        throw BulletinCatalogError(
          file: path, line: 0, column: 0,
          message: "no security catalog (an .xml file with a BulletinDatastore root, such as mssecure.xml) in this folder")
      }
    }
    return catalogs
  }

  /// Reads one catalog file.
  public static func read(path: String) throws(BulletinCatalogError) -> BulletinCatalog {
    BulletinCatalog(records: try records(path: path), path: path)
  }

  /// The records of one catalog file, as read.
  public static func records(path: String) throws(BulletinCatalogError) -> BulletinCatalogRecords {
    let descriptor: Int32
    do {
      descriptor = try SystemCalls.open(path, flags: O_RDONLY)
    } catch {
      throw BulletinCatalogError(file: path, line: 0, column: 0, message: "cannot open: \(error.reason)")
    }
    defer { try? SystemCalls.close(descriptor) }
    let state = BulletinCatalogState(file: path)
    do {
      try XMLSAXParser(handler: state, document: .securityCatalog).parse(fileDescriptor: descriptor, name: path)
    } catch let error as XMLReadError {
      // libxml2 says "Extra content at the end of the document" of a file cut off between two
      // elements: say that it ends with elements still open.
      let cutOff = error.message.hasPrefix("Extra content at the end") || error.message.hasPrefix("Premature end of data")
      guard cutOff, let innermost = state.openElements.last else {
        throw BulletinCatalogError(file: path, line: error.line, column: error.column, message: error.message)
      }
      throw BulletinCatalogError(
        file: path, line: error.line, column: error.column,
        message:
          "the file ends inside <\(innermost)> (\(state.openElements.count) element(s) not closed): the catalog is cut off; expected it to end with </BulletinDatastore> (libxml2: \(error.message))"
      )
    } catch let error as BulletinCatalogError {
      throw error
    } catch {
      throw BulletinCatalogError(file: path, line: 0, column: 0, message: "\(error)")
    }
    guard state.began else {
      throw BulletinCatalogError(file: path, line: 1, column: 1, message: "no root element: expected a BulletinDatastore")
    }
    return state.records
  }
}

extension XMLDocumentKind {
  static let securityCatalog = XMLDocumentKind(
    name: "a security catalog", expected: "a security catalog (<BulletinDatastore>, such as mssecure.xml)",
    elements: "an element of a BulletinDatastore")
}

/// The reader's place in a `BulletinDatastore`: the record being read at each level. Elements
/// the rules do not use (registry checks, locations, comments) and elements of later catalog
/// schemas are passed over: the catalog is Microsoft's vocabulary, not this project's.
final class BulletinCatalogState: XMLSAXHandler {
  let file: String
  var records = BulletinCatalogRecords()
  private(set) var began = false
  /// The open elements' names, root first.
  private var open: [String] = []
  /// The elements still open, root first (a file cut off ends with some).
  var openElements: [String] { open }
  private var bulletin: BulletinCatalogRecords.Bulletin?
  private var patch: BulletinCatalogRecords.Patch?
  private var affected: BulletinCatalogRecords.AffectedProduct?
  private var product: BulletinCatalogRecords.Product?
  private var catalogFile: BulletinCatalogRecords.File?
  private var supersession: BulletinCatalogRecords.Supersession?

  init(file: String) { self.file = file }

  func startElement(_ name: XMLName, namespaced: Bool, _ attributes: XMLAttributes, line: Int, column: Int) throws {
    let element = name.text
    defer { open.append(element) }
    func value(_ attribute: StaticString) -> String? {
      attributes.first { $0.named(attribute) }.map { $0.withValue(Self.trimmed) }
    }
    /// A required attribute; a record without it is passed over, with a warning.
    func required(_ attribute: StaticString) -> String? {
      guard let text = value(attribute), !text.isEmpty else {
        records.warnings.append(ParseWarning(path: file, line: line, message: "<\(element)> without \(attribute): passed over"))
        return nil
      }
      return text
    }
    guard began else {
      began = true
      guard element == "BulletinDatastore", !namespaced else {
        var error = BulletinCatalogError(
          file: file, line: line, column: column,
          message: "the root element is <\(element)>: expected <BulletinDatastore>, the root of an HFNetChk/MBSA catalog (mssecure.xml)")
        error.isOtherDocument = true
        throw error
      }
      records.dataVersion = value("DataVersion")
      records.lastDataUpdate = value("LastDataUpdate")
      return
    }
    let parent = open.last ?? ""
    switch (parent, element) {
    case ("Bulletins", "Bulletin"):
      guard let id = required("BulletinID") else { return }
      bulletin = BulletinCatalogRecords.Bulletin(id: id, title: value("Title") ?? "", datePosted: value("DatePosted") ?? "", line: line)
    case ("QNumbers", "QNumber"):
      if let q = value("QNumber"), !q.isEmpty { bulletin?.qNumbers.append(q) }
    case ("Patches", "Patch"):
      patch = BulletinCatalogRecords.Patch(
        name: value("PatchName") ?? "", qNumber: value("SQNumber") ?? "", supersededBy: value("SBID") ?? "", line: line)
    case ("Patch", "AffectedProduct"):
      guard let id = required("ProductID") else { return }
      affected = BulletinCatalogRecords.AffectedProduct(product: id, fixedIn: value("FixedInSP") ?? "", line: line)
    case ("AffectedProduct", "AffectedServicePack"):
      if let id = required("ServicePackID") { affected?.servicePacks.append(id) }
    case ("FileChgs", "FileChg"):
      if let id = required("FileChangeID") { patch?.fileChanges.append((id, line)) }
    case ("Products", "Product"):
      guard let id = required("ProductID") else { return }
      product = BulletinCatalogRecords.Product(id: id, name: value("Name") ?? "", line: line)
    case ("AvailableSPs", "AvailableSP"):
      if let id = required("ServicePackID") { product?.availableServicePacks.append(id) }
    case ("ServicePacks", "ServicePack"):
      guard let id = required("ServicePackID") else { return }
      records.servicePacks.append(BulletinCatalogRecords.ServicePack(id: id, name: value("Name") ?? "", line: line))
    case ("Files", "File"):
      catalogFile = required("Name").map { BulletinCatalogRecords.File(name: $0, line: line) }
    case ("FileChanges", "FileChange"):
      guard let id = required("FileChangeID") else { return }
      catalogFile?.changes.append(
        BulletinCatalogRecords.FileChange(
          id: id, date: value("Date") ?? "", version: value("Version") ?? "", size: value("Size") ?? "",
          command: value("CommandID") ?? "", line: line))
    case ("SupercededBys", "SupercededBy"):
      supersession = required("SBID").map { BulletinCatalogRecords.Supersession(id: $0, line: line) }
    case ("SupercededBulletins", "SupercededBulletin"):
      if let id = required("BulletinID") { supersession?.bulletins.append((id, [])) }
    case ("SupercededPatches", "SupercededPatch"):
      if let name = value("PatchName"), !name.isEmpty, let last = supersession?.bulletins.indices.last {
        supersession?.bulletins[last].patches.append(name)
      }
    default:
      break
    }
  }

  /// The value without the spaces around it (the catalog writes `Q296441 `, titles with a space
  /// at the end), trimmed as bytes: Foundation's `trimmingCharacters` was 28% of `check` of one
  /// host with the catalog of 2001-10-04 (callgrind, 98M of 352M instructions).
  static func trimmed(_ bytes: Span<UInt8>) -> String {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    var start = 0
    var end = bytes.count
    while start < end && isSpace(bytes[start]) { start += 1 }
    while end > start && isSpace(bytes[end - 1]) { end -= 1 }
    return bytes.extracting(start..<end).decodedUTF8()
  }

  func endElement(_ name: XMLName) throws {
    let element = open.popLast() ?? ""
    let parent = open.last ?? ""
    switch (parent, element) {
    case ("Bulletins", "Bulletin"):
      if let bulletin { records.bulletins.append(bulletin) }
      bulletin = nil
    case ("Patches", "Patch"):
      if let patch { bulletin?.patches.append(patch) }
      patch = nil
    case ("Patch", "AffectedProduct"):
      if let affected { patch?.products.append(affected) }
      affected = nil
    case ("Products", "Product"):
      if let product { records.products.append(product) }
      product = nil
    case ("Files", "File"):
      if let catalogFile { records.files.append(catalogFile) }
      catalogFile = nil
    case ("SupercededBys", "SupercededBy"):
      if let supersession { records.supersessions.append(supersession) }
      supersession = nil
    default:
      break
    }
  }
}
