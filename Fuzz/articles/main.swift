// libFuzzer harness: the article reader on arbitrary bytes (scripts/fuzz articles).
import KBData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArticle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let parsed = ArticleParser.parse(bytes, path: "fuzz/Q000000/README.md")
  // Touch what a caller would use, so nothing is optimised away.
  if let rule = parsed.rule {
    _ = rule.id.count + rule.files.count + rule.requires.count
  }
  _ = parsed.warnings.map(\.description)
  return 0
}
