internal import SystemCalls

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds and reads article files with plain POSIX calls (`opendir`, `readdir`, `open`, `read`):
/// FileManager's enumerator and `contents(atPath:)` cost more than parsing the whole corpus.
enum ArticleFiles {
  /// Every `*.md` file under `path` (or `path` itself when it is a file), sorted; nil when nothing is there.
  ///
  /// `visiting` sees each folder just before it is listed (the rule cache notes its `stat` then, so a
  /// change made while the walk runs is seen as a change on the next run).
  static func markdownPaths(under path: String, visiting: ((String) -> Void)? = nil) -> [String]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    if (info.st_mode & S_IFMT) != S_IFDIR { return [path] }
    var found: [String] = []
    walk(path.hasSuffix("/") ? String(path.dropLast()) : path, into: &found, depth: 0, visiting: visiting)
    return found.sorted()
  }

  private static func walk(_ directory: String, into found: inout [String], depth: Int, visiting: ((String) -> Void)?) {
    // A link loop or an absurd tree must not hang the reader.
    guard depth < 32 else { return }
    visiting?(directory)
    guard let handle = opendir(directory) else { return }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
        pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
          String(cString: $0)
        }
      }
      if name == "." || name == ".." { continue }
      let full = directory + "/" + name
      var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
      var isFile = Int32(entry.pointee.d_type) == Int32(DT_REG)
      if !isDirectory && !isFile {
        // DT_UNKNOWN or a symbolic link: ask stat.
        var info = stat()
        guard stat(full, &info) == 0 else { continue }
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        isFile = (info.st_mode & S_IFMT) == S_IFREG
      }
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
