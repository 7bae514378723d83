/// What the text around a file list says about it: whose list it is (NT 4.0 or another
/// product, English or not), which build line and which platform.
struct ListContext {
  var excluded = false
  var terminalServer = false
  var platform: Platform?
  /// The text says the list is the English one.
  var english = false

  /// Products whose lists are not NT 4.0 rows.
  static let otherProducts = [
    "windows 2000", "win2000", "win2k", "windows 95", "windows 98", "windows me", "windows millennium",
    "windows 3.1", "windows for workgroups", "nt 3.51", "nt version 3.51", "nt server 3.51", "nt workstation 3.51",
    "nt 3.5", "nt version 3.5", "windows xp", "windows .net", "ms-dos", "lan manager", "macintosh",
    "windows 9x", "nt server version 3.51", "nt workstation version 3.51", "3.51 ",
  ]

  static let languages = [
    "german", "french", "japanese", "chinese", "korean", "swedish", "spanish", "italian", "dutch",
    "portuguese", "brazilian", "danish", "finnish", "norwegian", "czech", "hungarian", "polish", "russian",
    "greek", "turkish", "hebrew", "arabic", "taiwan", "thai", "non-english", "localized",
  ]

  /// Judges a list from its subsection heading, the paragraph that introduces it and the short
  /// label just above its rows ("Alpha:").
  init(subsection: [UInt8], intro: [UInt8], label: [UInt8]) {
    for text in [subsection, intro, label] where !text.isEmpty {
      if ListContext.namesOtherProduct(text) { excluded = true }
      if ListContext.namesOtherLanguage(text) { excluded = true }
      if text.contains(caseless: "terminal server") || text.containsWord("tse") { terminalServer = true }
      if text.contains(caseless: "english") { english = true }
    }
    platform =
      ListContext.singlePlatform(label) ?? ListContext.singlePlatform(intro)
      ?? ListContext.singlePlatform(subsection)
  }

  /// True when the text names another product (Windows 2000, 95/98, NT 3.51) and not NT 4.0.
  static func namesOtherProduct(_ text: [UInt8]) -> Bool {
    guard otherProducts.contains(where: { text.contains(caseless: $0) }) else { return false }
    return !(text.containsWord("4.0") || text.contains(caseless: "nt 4") || text.containsWord("4.00"))
  }

  /// True for a list in another language ("The Swedish version of this fix").
  static func namesOtherLanguage(_ text: [UInt8]) -> Bool {
    if text.contains(caseless: "non-english") { return true }
    guard !text.contains(caseless: "english") else { return false }
    return languages.contains {
      text.containsWord($0)
        && (text.contains(caseless: $0 + " version")
          || text.contains(caseless: $0 + "-language") || text.contains(caseless: $0 + " language"))
    }
  }

  /// The language an article's problem is confined to ("In the Chinese version of Windows NT 4.0"), if any.
  static func problemLanguage(_ text: [UInt8]) -> Bool {
    // Cheap test first: most paragraphs name no version or edition at all.
    guard text.contains(caseless: " version") || text.contains(caseless: " edition") else { return false }
    guard !text.contains(caseless: "english") else { return false }
    // Look at the word before each "version"/"edition" rather than search every language.
    let bytes = text[...]
    for needle in ["version", "edition"] {
      var from = bytes.startIndex
      while let at = needle.utf8.withContiguousStorageIfAvailable({ bytes.firstIndex(caseless: $0, from: from) }) ?? nil {
        var end = at
        while end > bytes.startIndex, Byte.isSpace(bytes[end - 1]) { end -= 1 }
        var start = end
        while start > bytes.startIndex, Byte.isLetter(bytes[start - 1]) || bytes[start - 1] == Byte.dash { start -= 1 }
        if start < end, languageSet.contains(String(decoding: bytes[start..<end].lowercased(), as: UTF8.self)) {
          return true
        }
        from = at + 1
      }
    }
    return false
  }

  private static let languageSet = Set(languages)

  /// The one platform a text names ("for Windows NT Alpha:", "x86:"), nil when none or several.
  static func singlePlatform(_ text: [UInt8]) -> Platform? {
    var found: Platform? = nil
    let words: [(String, Platform)] = [
      ("intel", .intel), ("x86", .intel), ("i386", .intel), ("alpha", .alpha), ("mips", .mips),
      ("powerpc", .ppc), ("ppc", .ppc),
    ]
    for (word, platform) in words where text.containsWord(word) {
      if let found, found != platform { return nil }
      found = platform
    }
    return found
  }
}
