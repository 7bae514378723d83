/// The key file names are matched on (contract section 4, step 5: "by base name, without regard
/// to case"), by the readers' filter, the rule index, the planner and the catalogs' merging alike,
/// so `MÜLL.DLL`, `Müll.dll` and `müll.dll` are one file: the name lower-cased by Unicode.
/// (`String.lowercased()` takes a fast path for ASCII; `FileNameIndex` folds ASCII bytes with
/// `foldASCII` and asks this for any other name.)
public enum FileNameKey {
  /// The key of a name.
  public static func of(_ name: some StringProtocol) -> String { name.lowercased() }

  /// An ASCII upper-case letter lower-cased; every other byte as it is.
  @inline(__always)
  public static func foldASCII(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
}

extension RuleFile {
  /// The row's file name as files are matched (`FileNameKey`).
  public var matchKey: String { FileNameKey.of(name) }
}
