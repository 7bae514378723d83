// libFuzzer harness: the security catalog (mssecure.xml) reader on arbitrary bytes (scripts/fuzz catalog).
// Compiled into the HotfixCheck module itself (see scripts/fuzz), so no import of it here.
import Foundation
import KBData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let path = FuzzInputFile.write(data, size, suffix: ".xml")
  do {
    let catalog = try BulletinCatalogReader.read(path: path)
    // What a read catalog gives is merged with an article rule, as --catalog does.
    _ = seedKnowledge.merging([catalog])
  } catch {
    // Every refusal names the file and a place in it.
    precondition(error.description.contains(path), "bad error: \(error)")
  }
  return 0
}

/// The seed article's rule (kb/, named by scripts/fuzz), so a catalog's Q256149 merges with an article rule.
let seedKnowledge: KnowledgeBase = {
  guard let path = ProcessInfo.processInfo.environment["FUZZ_SEED_ARTICLE"], let data = FileManager.default.contents(atPath: path) else {
    return KnowledgeBase(articles: [])
  }
  return KnowledgeBase(articles: [ArticleParser.parse(Array(data), path: path)])
}()
