import Testing

@testable import HotfixCheck

@Suite struct FileNameIndexTests {
  /// The base name is found eight bytes at a time from the end: separators of both kinds at
  /// every place in a word, with bytes that differ from them by one bit or carry a borrow.
  @Test func baseNameStartsAfterTheLastSeparator() {
    var generator = SplitMix(seed: 0xBA5E)
    let pieces: [UInt8] = [0x5C, 0x2F, 0x5D, 0x2E, 0x00, 0x01, 0x5B, 0x30, 0x61, 0xDC, 0xAF, 0xFF]
    for _ in 0..<3_000 {
      let path = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
      let expected = (path.lastIndex { $0 == 0x5C || $0 == 0x2F }).map { $0 + 1 } ?? 0
      #expect(FileNameIndex.baseNameStart(path.span) == expected, "\(path)")
    }
  }

  @Test func namesMatchWithoutRegardToCaseAfterEitherSeparator() {
    let filter = FileNameIndex(names: ["Rpcss.exe", "afd.sys"])
    func id(_ path: String) -> Int32 { filter.nameID(path: Array(path.utf8).span) }
    #expect(id("C:\\WINNT\\system32\\RPCSS.EXE") >= 0)
    #expect(id("C:/WINNT/system32/drivers/AFD.sys") >= 0)
    #expect(id("afd.sys") >= 0)
    #expect(id("C:\\WINNT\\afd.sys\\other.dll") == -1)
    #expect(id("C:\\WINNT\\xafd.sys") == -1)
    #expect(id("C:\\WINNT\\system32\\rpcss.exe") != id("afd.sys"))
  }
}
