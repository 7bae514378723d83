import Foundation
import KBData
import Testing

@testable import HotfixCheck

/// Catalogs that cannot be read: each refusal names the file, line and column.
@Suite struct BulletinCatalogErrorTests {
  func failure(_ text: String) throws -> BulletinCatalogError {
    let path = try temporaryFile(text, suffix: ".xml")
    do {
      _ = try BulletinCatalogReader.read(path: path)
    } catch {
      return error
    }
    Issue.record("read without an error")
    return BulletinCatalogError(file: "", line: 0, column: 0, message: "")
  }

  @Test func doctypeIsRefused() throws {
    let error = try failure(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE BulletinDatastore [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<BulletinDatastore>&x;</BulletinDatastore>\n"
    )
    #expect(error.line == 2)
    #expect(error.message.contains("DOCTYPE (DTD) is not allowed in a security catalog"))
  }

  @Test func anotherRootIsNotACatalog() throws {
    let error = try failure("<inventory><host name=\"A\"/></inventory>")
    #expect(error.isOtherDocument)
    #expect(
      error.description.hasSuffix(
        ":1:11: error: the root element is <inventory>: expected <BulletinDatastore>, the root of an HFNetChk/MBSA catalog (mssecure.xml)"))
  }

  @Test func cutOffFileSaysWhere() throws {
    let error = try failure("<BulletinDatastore>\n  <Bulletins>\n    <Bulletin BulletinID=\"MS01-001\"")
    #expect(error.line == 3)
    #expect(!error.isOtherDocument)
  }

  @Test func emptyFileIsNoCatalog() throws {
    let error = try failure("")
    #expect(error.message == "empty file: expected a security catalog (<BulletinDatastore>, such as mssecure.xml)")
  }

  @Test func aFolderGivesItsCatalogsAndPassesOverOtherXML() throws {
    let folder = NSTemporaryDirectory() + "hotfix-check-catalogs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.copyItem(atPath: smallCatalogPath, toPath: folder + "/mssecure.xml")
    try Data("<report/>".utf8).write(to: URL(fileURLWithPath: folder + "/scan-report.xml"))
    var warnings: [String] = []
    let catalogs = try BulletinCatalogReader.read(paths: [folder], warn: { warnings.append($0) })
    #expect(catalogs.map(\.stamp.path) == [folder + "/mssecure.xml"])
    #expect(
      warnings == [
        "\(folder)/scan-report.xml: warning: not a security catalog (the root element is <report>: expected <BulletinDatastore>, the root of an HFNetChk/MBSA catalog (mssecure.xml)): passed over"
      ])
    try FileManager.default.removeItem(atPath: folder + "/mssecure.xml")
    #expect(throws: BulletinCatalogError.self) { try BulletinCatalogReader.read(paths: [folder]) }
    #expect(throws: BulletinCatalogError.self) { try BulletinCatalogReader.read(paths: [folder + "/missing.xml"]) }
  }
}
