import Foundation

extension Catalog {
  /// Reads every article of an archive checkout (laid out `NNN/QNNNNNN/README.md`) with the
  /// project's parser and keeps the facts: what `kb/catalog.tsv` holds (`hotfix-check kb catalog`).
  public static func read(archive directory: URL) throws -> Catalog {
    let paths = try KnowledgeBase.articlePaths(under: directory)
    let base = KnowledgeBase.parse(paths: paths, source: .folder(directory.path))
    return base.catalog(archive: ArchiveStamp.read(directory: directory.path, paths: paths))
  }
}
