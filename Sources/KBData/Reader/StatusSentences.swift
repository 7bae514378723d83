/// The sentences that name a service pack as the fix ("first corrected in … Service Pack 5")
/// or as the hotfix's prerequisite ("requires 4.0 SP5 or later"), per build line.
struct StatusSentences {
  var fixedIn: [ServicePackRef] = []
  var requires: [ServicePackRef] = []

  /// How sure a fixed-in wording is: "first corrected in" beats "corrected in" beats "included in".
  private static let fixVerbs: [String: Int] = [
    "corrected": 2, "fixed": 2, "resolved": 2, "addressed": 2, "included": 1, "contained": 1,
  ]

  static func read(_ paragraphs: [BodyScan.Paragraph]) -> StatusSentences {
    var result = StatusSentences()
    var fixes: [(ServicePackRef, Int)] = []
    for paragraph in paragraphs where !Sections.describesProblem(paragraph.section) {
      let text = paragraph.text
      // "Q222970 List of Bugs Fixed in … Service Pack 4" names another article.
      if StatusSentences.isArticleReference(text) { continue }
      guard StatusSentences.namesServicePack(text) else { continue }
      let heading = ListContext(subsection: paragraph.subsection, intro: [], label: [])
      if heading.excluded { continue }
      let words = SentenceWords(text)
      for sentence in words.sentences {
        // Each entry is traced to the line that names its service pack in this sentence (else to
        // where the sentence starts): an auditor finds it there (`kb show`).
        func origin(_ ref: ServicePackRef) -> FactOrigin {
          // (A TSE "Service Pack 6a" is read as TSE SP6, the line that names it as 6a.)
          let named: Set<ServicePack> = ref.edition == .terminalServer && ref.servicePack == .sp6 ? [.sp6, .sp6a] : [ref.servicePack]
          // "… Service Pack 4 and … Terminal Server Edition Service Pack 4": TSE's is the later mention.
          let names = { (index: Int) in words.servicePack(at: index).map { named.contains($0.0) } ?? false }
          let mention = ref.edition == .terminalServer ? sentence.last(where: names) : sentence.first(where: names)
          let at = mention ?? sentence.lowerBound
          return FactOrigin(line: paragraph.lineNumber(at: at < words.offsets.count ? words.offsets[at] : 0))
        }
        func traced(_ refs: [ServicePackRef]) -> [ServicePackRef] {
          refs.map {
            var ref = $0; ref.origin = origin(ref); return ref
          }
        }
        func traced(_ refs: [(ServicePackRef, Int)]) -> [(ServicePackRef, Int)] {
          refs.map {
            var ref = $0.0; ref.origin = origin(ref); return (ref, $0.1)
          }
        }
        // "If you install applications that require SP4 or have bug fixes contained in SP4, …"
        // states a condition about something else, not this article's fix or prerequisite.
        if StatusSentences.isConditional(words, sentence) { continue }
        fixes += traced(fixedIn(words, sentence, terminalHeading: heading.terminalServer))
        if paragraph.section.starts(with: "resolution".utf8) || paragraph.section.starts(with: "workaround".utf8) {
          fixes += traced(installInstruction(words, sentence, terminalHeading: heading.terminalServer))
        }
        fixes += traced(fixedFile(words, sentence, terminalHeading: heading.terminalServer))
        result.requires += traced(requires(words, sentence, terminalHeading: heading.terminalServer))
      }
    }
    let best = fixes.map(\.1).max() ?? 0
    for (ref, rank) in fixes where rank == best && !result.fixedIn.contains(ref) {
      result.fixedIn.append(ref)
    }
    return result
  }

  /// "service pack" or "sp" + digit somewhere in a lower-case paragraph: the only ones worth reading.
  static func namesServicePack(_ text: [UInt8]) -> Bool {
    var index = 0
    let count = text.count
    while index + 2 < count {
      if text[index] == UInt8(ascii: "s"), text[index + 1] == UInt8(ascii: "p") {
        let next = text[index + 2]
        if Byte.isDigit(next) || (next == Byte.space && index + 3 < count && Byte.isDigit(text[index + 3])) {
          return true
        }
      } else if text[index] == UInt8(ascii: "p"), text[index + 1] == UInt8(ascii: "a"), index >= 8,
        text[(index - 8)..<index].elementsEqual("service ".utf8)
      {
        return true
      }
      index += 1
    }
    return false
  }

  /// A sentence that opens with "If" (after an optional "NOTE:"): a condition, not a statement.
  static func isConditional(_ words: SentenceWords, _ sentence: Range<Int>) -> Bool {
    let w = words.words
    var start = sentence.lowerBound
    if start + 1 < sentence.upperBound, w[start] == "note", w[start + 1] == "," { start += 2 }
    return start < sentence.upperBound && w[start] == "if"
  }

  /// A paragraph that starts with an article number: a reference, not this article's text.
  static func isArticleReference(_ text: [UInt8]) -> Bool {
    var rest = text[...]
    if rest.first == Byte.dash { rest = rest.dropFirst().trimmed() }
    guard rest.first == UInt8(ascii: "q"), rest.count > 6 else { return false }
    return rest.dropFirst().prefix(6).allSatisfy(Byte.isDigit)
  }

  /// "(first) corrected in <product> Service Pack N and <product> Service Pack M".
  static func fixedIn(_ words: SentenceWords, _ sentence: Range<Int>, terminalHeading: Bool) -> [(ServicePackRef, Int)] {
    var found: [(ServicePackRef, Int)] = []
    let w = words.words
    var index = sentence.lowerBound
    while index + 1 < sentence.upperBound {
      if let rank = fixVerbs[w[index]], w[index + 1] == "in",
        StatusSentences.statesFix(w[max(sentence.lowerBound, index - 7)..<index], rank: rank)
          || (rank == 1 && !Set(w[sentence]).isDisjoint(with: ["correct", "corrects", "resolves"]))
      {
        let first = index > sentence.lowerBound && w[index - 1] == "first"
        let refs = mentions(
          words, from: index + 2, to: sentence.upperBound, maxGap: 14,
          sentence: sentence, terminalHeading: terminalHeading)
        found += refs.map { ($0, first ? rank + 1 : rank) }
        if !refs.isEmpty { break }
      }
      index += 1
    }
    return found
  }

  /// The words before "corrected in" make it this article's fix: "This problem was (first)",
  /// "a fix for this issue is (included)"; not "bugs fixed in", "was not corrected".
  static func statesFix(_ before: ArraySlice<String>, rank: Int) -> Bool {
    if before.suffix(2).contains("not") || before.last == "never" { return false }
    // "scheduled to be included in Service Pack 5": a promise, not a fix.
    if before.contains(where: { ["scheduled", "will", "planned", "expected"].contains($0) }) { return false }
    if before.last == "first" { return true }
    let subjects: Set<String> =
      rank >= 2
      ? ["problem", "issue", "this", "behavior", "it", "bug", "error", "vulnerability", "regression", "fix", "hotfix"]
      : ["fix", "hotfix", "problem", "issue", "solution"]
    return before.contains(where: subjects.contains)
  }

  /// A resolution that is only "Install Windows NT 4.0 Service Pack 2": weakest evidence of a fixing pack.
  static func installInstruction(_ words: SentenceWords, _ sentence: Range<Int>, terminalHeading: Bool) -> [(ServicePackRef, Int)] {
    let w = words.words
    var start = sentence.lowerBound
    // "To resolve this problem, install …"
    if w[start] == "to", let comma = w[sentence].firstIndex(of: ","), comma - start <= 6 { start = comma + 1 }
    // "- Apply Service Pack 6a (SP6a)." as one of the listed methods.
    if start < sentence.upperBound, w[start] == "-" { start += 1 }
    guard start < sentence.upperBound, ["install", "apply", "upgrade"].contains(w[start]) else { return [] }
    let sentenceWords = Set(w[sentence])
    guard sentenceWords.isDisjoint(with: ["fix", "hotfix", "hotfixes", "then", "before", "prior", "and"]) else { return [] }
    let refs = mentions(
      words, from: start + 1, to: sentence.upperBound, maxGap: 8,
      sentence: sentence, terminalHeading: terminalHeading)
    return refs.map { ($0, 0) }
  }

  /// "The fixed version of Ntfs.sys is available in … Service Pack 2", "can be fixed by installing
  /// Cirrus.sys from … Service Pack 2": weak evidence, used only when no sentence says "corrected in".
  static func fixedFile(_ words: SentenceWords, _ sentence: Range<Int>, terminalHeading: Bool) -> [(ServicePackRef, Int)] {
    let w = words.words
    var index = sentence.lowerBound
    while index + 1 < sentence.upperBound {
      let pair = (w[index], w[index + 1])
      let fixedVersion = (pair.0 == "fixed" || pair.0 == "corrected") && pair.1 == "version"
      let fixedBy =
        ["fixed", "corrected", "resolved"].contains(pair.0) && pair.1 == "by"
        && index + 2 < sentence.upperBound && w[index + 2] == "installing"
      // "copy a fixed version of Setupdd.sys to the disk" is a repair step, not a fix statement.
      if fixedVersion || fixedBy, !w[sentence].contains("copy") {
        let refs = mentions(
          words, from: index + 2, to: sentence.upperBound, maxGap: 12,
          sentence: sentence, terminalHeading: terminalHeading)
        return refs.map { ($0, 0) }
      }
      index += 1
    }
    return []
  }

  /// "This hotfix requires 4.0 SP5", "apply on top of SP6a", "SP3 must be applied … prior to applying this fix".
  static func requires(_ words: SentenceWords, _ sentence: Range<Int>, terminalHeading: Bool) -> [ServicePackRef] {
    let w = words.words
    let sentenceWords = Set(w[sentence])
    guard !sentenceWords.isDisjoint(with: ["fix", "hotfix", "hotfixes", "update", "patch", "fixes"]) else {
      return []
    }
    if !sentenceWords.isDisjoint(with: ["reinstall", "re-apply", "reapply", "re-install", "reapplying"]) {
      return []
    }
    var index = sentence.lowerBound
    while index < sentence.upperBound {
      let word = w[index]
      var start: Int? = nil
      if word == "requires" || word == "require" || word == "required" {
        start = index + 1
      } else if word == "top", index >= 2, w[index - 1] == "on", index + 1 < w.count, w[index + 1] == "of" {
        start = index + 2
      } else if word == "running", index >= 2, w[index - 1] == "be" {
        start = index + 1
      } else if (word == "on" || word == "to"), index >= 1,
        ["installed", "applied"].contains(w[index - 1])
      {
        start = index + 1
      }
      if let start {
        let refs = mentions(
          words, from: start, to: sentence.upperBound, maxGap: 9,
          sentence: sentence, terminalHeading: terminalHeading)
        if !refs.isEmpty { return w[sentence].contains("or") ? StatusSentences.lowestPerLine(refs) : refs }
      }
      // "Service Pack 3 must be applied … prior to applying this fix", "install SP3 before installing".
      if let (level, length) = words.servicePack(at: index) {
        let after = w[(index + length)..<min(sentence.upperBound, index + length + 4)]
        let before = index > sentence.lowerBound ? w[index - 1] : ""
        let mustApply = after.contains("must") && (after.contains("applied") || after.contains("installed"))
        let installFirst =
          ["install", "apply"].contains(before)
          && (after.contains("before") || after.contains("prior"))
        if mustApply || installFirst,
          sentenceWords.contains("prior") || sentenceWords.contains("before")
        {
          let segment = w[max(sentence.lowerBound, index - 8)..<index]
          let refs = ServicePackSegment.refs(level, segment: segment, sentence: w[sentence], terminalHeading: terminalHeading)
          if !refs.isEmpty { return refs }
        }
      }
      index += 1
    }
    return []
  }

  /// "applied during the update to either Service Pack 4 or Service Pack 5": alternatives, so
  /// the lowest of them per build line is what the hotfix needs.
  static func lowestPerLine(_ refs: [ServicePackRef]) -> [ServicePackRef] {
    var result: [ServicePackRef] = []
    for ref in refs {
      if let at = result.firstIndex(where: { $0.edition == ref.edition }) {
        if ref.servicePack < result[at].servicePack { result[at] = ref }
      } else {
        result.append(ref)
      }
    }
    return result
  }

  /// The service packs named after `from`, each with the product words before it.
  static func mentions(
    _ words: SentenceWords, from: Int, to end: Int, maxGap: Int, sentence: Range<Int>, terminalHeading: Bool
  ) -> [ServicePackRef] {
    var refs: [ServicePackRef] = []
    var segmentStart = from
    var index = from
    let w = words.words
    while index < end {
      if index - segmentStart > maxGap { break }
      if let (level, length) = words.servicePack(at: index) {
        for ref in ServicePackSegment.refs(
          level, segment: w[segmentStart..<index], sentence: w[sentence], terminalHeading: terminalHeading)
        where !refs.contains(ref) {
          refs.append(ref)
        }
        index += length
        // "(SP4)" repeats the same pack; "or later" and "and" lead to the next product.
        segmentStart = index
        continue
      }
      index += 1
    }
    return refs
  }
}
