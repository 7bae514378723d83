/// The catalog the program carries: `kb/catalog.tsv`, embedded at build time as a string
/// (embed-resources), so it is read with no file beside the binary (its bytes copied once, ~0.5 MB).
enum BuiltinCatalog {
  /// The built-in catalog, nil when the project's kb/ holds none.
  static func read() throws -> Catalog? {
    guard !bundledCatalogText.isEmpty else { return nil }
    do {
      return try CatalogText.read(bytes: Array(bundledCatalogText.utf8)[...])
    } catch let error as CatalogError {
      throw BuiltinCatalogError(underlying: error)
    }
  }
}

/// The built-in catalog does not read: a defect of the build, not of the user's input.
public struct BuiltinCatalogError: Error, CustomStringConvertible {
  public var underlying: CatalogError
  public var description: String { "kb/catalog.tsv (built in): error: \(underlying)" }
}
