internal import SystemCalls

/// Finds and reads article files with plain POSIX calls (`opendir`, `readdir`, `open`, `read`, in SystemCalls):
/// FileManager's enumerator and `contents(atPath:)` cost more than parsing the whole corpus.
enum ArticleFiles {
  /// Every `*.md` file under `path` (or `path` itself when it is a file), sorted; nil when nothing is there.
  ///
  /// `visiting` sees each folder just before it is listed (the rule cache notes its `stat` then, so a
  /// change made while the walk runs is seen as a change on the next run).
  static func markdownPaths(under path: String, visiting: ((String) -> Void)? = nil) -> [String]? {
    guard let info = SystemCalls.status(path) else { return nil }
    if info.kind != .folder { return [path] }
    var found: [String] = []
    walk(path.hasSuffix("/") ? String(path.dropLast()) : path, into: &found, depth: 0, visiting: visiting)
    return found.sorted()
  }

  private static func walk(_ directory: String, into found: inout [String], depth: Int, visiting: ((String) -> Void)?) {
    // A link loop or an absurd tree must not hang the reader.
    guard depth < 32 else { return }
    visiting?(directory)
    guard let entries = SystemCalls.listDirectory(directory) else { return }
    for (name, listed) in entries {
      let full = directory + "/" + name
      // DT_UNKNOWN or a symbolic link: ask stat.
      guard let kind = listed ?? SystemCalls.status(full)?.kind else { continue }
      let isDirectory = kind == .folder
      let isFile = kind == .regular
      if isDirectory {
        walk(full, into: &found, depth: depth + 1, visiting: visiting)
      } else if isFile, name.hasSuffix(".md") {
        found.append(full)
      }
    }
  }

  /// The file's bytes (`SystemCalls.readFile`).
  static func read(_ path: String) throws(SystemCallError) -> [UInt8] { try SystemCalls.readFile(path) }
}
