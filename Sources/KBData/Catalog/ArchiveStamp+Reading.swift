import Foundation

extension ArchiveStamp {
  /// The stamp of an archive folder: a digest of every article's path (relative to the folder)
  /// and bytes, and the newest "Last Modified:" date of their header blocks.
  static func read(directory: String, paths: [String]) -> ArchiveStamp {
    let root = directory.hasSuffix("/") ? directory : directory + "/"
    var hash = Hash64()
    var newest: FileDate?
    for path in paths {
      hash.add(path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path)
      guard let bytes = try? ArticleFiles.read(path) else {
        hash.add(UInt64(0))  // an unreadable article: the parse reports it, the stamp marks it
        continue
      }
      hash.add(bytes.span)
      if let date = lastModified(bytes), newest.map({ $0 < date }) ?? true { newest = date }
    }
    let name = root.dropLast().split(separator: "/").last.map(String.init) ?? directory
    let hex = String(hash.value, radix: 16)
    return ArchiveStamp(
      name: name, revision: String(repeating: "0", count: 16 - hex.count) + hex, date: newest, articles: paths.count)
  }

  /// The `Last Modified: 20-MAR-2000` date of an article's header block (in its first 4 KB: the
  /// block is near the top, and the stamp must not cut every article of the archive into lines again).
  static func lastModified(_ bytes: [UInt8]) -> FileDate? {
    let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
    guard let label = head.range(of: "last modified:", options: .caseInsensitive) else { return nil }
    let value = head[label.upperBound...].prefix { $0 != "\n" && $0 != "\r" }.trimmingCharacters(in: .whitespaces)
    let parts = value.split(separator: "-")
    let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1].uppercased()),
      let year = Int(parts[2])
    else { return nil }
    return FileDate(year: year, month: month + 1, day: day)
  }
}
