import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct TagGuardTests {
  func crowded(_ text: String, chunk: Int) -> Bool {
    var guardTags = TagGuard()
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
      let slice = Array(bytes[start..<min(start + chunk, bytes.count)])
      if guardTags.scan(slice.span) { return true }
      start += chunk
    }
    return false
  }

  @Test func countsAttributesOfOneTagAcrossChunks() {
    let many = "<host " + (0...TagGuard.maximumAttributes).map { "a\($0)=\"x\"" }.joined(separator: " ") + "/>"
    for chunk in [1, 7, 4096] { #expect(crowded(many, chunk: chunk)) }
  }

  @Test func quotedEqualsCommentsAndManySmallTagsAreFine() {
    let value = String(repeating: "a=b>c<", count: 2_000)
    let text =
      "<?xml version=\"1.0\"?><!-- \(String(repeating: "=", count: 50)) --><inventory note='\(value)'>"
      + String(repeating: "<file path=\"C:\\x=y.dll\" version=\"1.0\" date=\"2000-01-01\" size=\"1\"/>", count: 3_000) + "</inventory>"
    for chunk in [1, 13, 1 << 18] { #expect(!crowded(text, chunk: chunk)) }
  }

  @Test func aLongStretchFullOfEqualsSignsIsRefusedAndShortTagsAreNotCounted() {
    let long = "<host name=\"" + String(repeating: "=", count: 6_000) + "\"/>"
    for chunk in [1, 4096, 1 << 18] { #expect(crowded(long, chunk: chunk)) }
    // Many = in a short value: not a long stretch, however the chunks fall.
    let short = "<host name=\"" + String(repeating: "=", count: 1_500) + "\"/><x/>" + String(repeating: " ", count: 5_000)
    for chunk in [1, 700, 1 << 18] { #expect(!crowded(short, chunk: chunk)) }
    // 1,000 attributes: at the cap, not over it.
    let atCap = "<host " + (1...TagGuard.maximumAttributes).map { "a\($0)=\"x\"" }.joined(separator: " ") + "/>"
    #expect(!crowded(atCap, chunk: 100))
  }
}
