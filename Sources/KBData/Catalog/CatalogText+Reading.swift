internal import SystemCalls

/// A catalog text that cannot be read: where, and what was expected.
public struct CatalogError: Error, CustomStringConvertible {
  /// The 1-based line and the 1-based field (tab-separated) where reading stopped.
  public var line: Int
  public var field: Int
  public var message: String

  /// `line 12, field 3: expected a service pack (sp0 … sp6a)`.
  public var description: String { "line \(line), field \(field): \(message)" }
}

extension CatalogText {
  /// Reads a catalog's text; throws `CatalogError` at the first line out of place.
  public static func read(_ text: String) throws -> Catalog {
    try read(bytes: Array(text.utf8)[...])
  }

  /// Reads a catalog from its UTF-8 bytes.
  static func read(bytes: ArraySlice<UInt8>) throws -> Catalog {
    var reader = CatalogLineReader(bytes)
    var archive: ArchiveStamp?
    var rules: [Rule] = []
    var lists: [ServicePackFixList] = []
    var manifests: [ServicePackManifest] = []
    var open: Open = .none
    enum Open { case none, rule, list, manifest }
    var sawVersion = false
    var sawEnd = false
    var editionMask = 0
    var candidateCount = 0
    rules.reserveCapacity(2048)

    while let fields = reader.next() {
      let kind = Record(fields[0])
      func error(_ message: String, field: Int = 1) -> CatalogError {
        CatalogError(line: reader.lineNumber, field: field, message: message)
      }
      func need(_ count: Int) throws {
        if fields.count != count { throw error("expected \(count) fields, found \(fields.count)", field: min(fields.count, count)) }
      }
      func text(_ index: Int) throws -> String { try unescape(fields[index], error: error("bad escape", field: index + 1)) }
      func servicePack(_ index: Int) throws -> ServicePack {
        guard let pack = CatalogText.servicePack(fields[index]) else {
          throw error("expected a service pack (sp0 … sp6a)", field: index + 1)
        }
        return pack
      }
      func edition(_ index: Int) throws -> Edition? {
        if isDash(fields[index]) { return nil }
        if fields[index].elementsEqual("tse".utf8) { return .terminalServer }
        throw error("expected a build line (- or tse)", field: index + 1)
      }
      func origin(_ index: Int) throws -> FactOrigin {
        let field = fields[index]
        guard let at = field.firstIndex(of: 0x40), let line = CatalogText.number(field[(at + 1)...]), line >= 0
        else { throw error("expected @LINE or QNNNNNN@LINE", field: index + 1) }
        let article = at == field.startIndex ? nil : String(decoding: field[..<at], as: UTF8.self)
        return FactOrigin(article: article, line: line)
      }
      func file(_ start: Int) throws -> RuleFile {
        try need(start + 7)
        var row = RuleFile(edition: try edition(start), name: try text(start + 2))
        let platform = String(decoding: fields[start + 1], as: UTF8.self)
        if platform != "-" {
          guard let value = Platform(rawValue: platform) else { throw error("expected a platform", field: start + 2) }
          row.platform = value
        }
        let version = fields[start + 3]
        if !isDash(version) {
          guard let value = FileVersion(utf8: version.span) else {
            throw error("expected a version", field: start + 4)
          }
          row.version = value
        }
        let date = fields[start + 4]
        if !isDash(date) {
          guard let value = FileDate(inventoryUTF8: date.span) else {
            throw error("expected a date YYYY-MM-DD", field: start + 5)
          }
          row.date = value
        }
        let size = fields[start + 5]
        if !isDash(size) {
          guard let value = CatalogText.number(size) else { throw error("expected a size", field: start + 6) }
          row.size = value
        }
        row.origin = try origin(start + 6)
        return row
      }

      if sawEnd { throw error("a record after the end line") }
      switch kind {
      case .end:
        let held = [rules.count - candidateCount, lists.count, manifests.count] + (candidateCount > 0 ? [candidateCount] : [])
        try need(1 + held.count)
        let counts = (1..<fields.count).map { number(fields[$0]) }
        guard counts == held else {
          throw error(
            "the end line counts \(counts.map { $0.map(String.init) ?? "?" }.joined(separator: "/")) rules/lists/manifests(/candidates), the text holds \(held.map(String.init).joined(separator: "/"))",
            field: 2)
        }
        sawEnd = true
      case .catalog:
        try need(2)
        guard Int(String(decoding: fields[1], as: UTF8.self)) == formatVersion else {
          throw error("catalog format \(String(decoding: fields[1], as: UTF8.self)) is not \(formatVersion)", field: 2)
        }
        sawVersion = true
      case .archive:
        try need(5)
        let dateField = String(decoding: fields[3], as: UTF8.self)
        guard let articles = Int(String(decoding: fields[4], as: UTF8.self)) else { throw error("expected a count", field: 5) }
        archive = ArchiveStamp(
          name: try text(1), revision: try text(2), date: dateField == "-" ? nil : FileDate(inventoryText: dateField),
          articles: articles)
      case .rule, .candidate:
        try need(4)
        // Candidates follow the rules; both are read the same way and parted at the end.
        if kind == .rule && candidateCount > 0 { throw error("a rule after the candidates") }
        rules.append(Rule(id: try text(1), title: try text(3), origin: RuleOrigin(title: try origin(2).line)))
        if kind == .candidate { candidateCount += 1 }
        editionMask = 0
        open = .rule
      case .edition:
        try need(3)
        guard open == .rule, let edition = CatalogText.edition(fields[1]) else {
          throw error(open == .rule ? "expected an edition" : "an edition outside a rule", field: 2)
        }
        // Editions as a mask, the set made from it: a Set insert per line hashed 5.5M instructions of 42M.
        editionMask |= 1 << (Edition.allCases.firstIndex(of: edition) ?? 0)
        rules[rules.count - 1].editions = CatalogText.editionSets[editionMask]
        rules[rules.count - 1].origin.editions[edition] = try origin(2).line
      case .requires, .fixed:
        try need(4)
        guard open == .rule else { throw error("a service pack outside a rule") }
        let ref = ServicePackRef(edition: try edition(1), servicePack: try servicePack(2), origin: try origin(3))
        if kind == .requires { rules[rules.count - 1].requires.append(ref) } else { rules[rules.count - 1].fixedIn.append(ref) }
      case .file:
        guard open == .rule else { throw error("a file outside a rule") }
        rules[rules.count - 1].files.append(try file(1))
      case .fixlist:
        try need(3)
        lists.append(ServicePackFixList(id: try text(1), title: try text(2)))
        open = .list
      case .listed:
        try need(5)
        guard open == .list else { throw error("a listed article outside a fix list") }
        let line = try origin(4)
        lists[lists.count - 1].entries.append(
          ServicePackFixList.Entry(article: try text(1), edition: try edition(2), servicePack: try servicePack(3), line: line.line))
      case .manifest:
        try need(6)
        let platformName = String(decoding: fields[4], as: UTF8.self)
        let platform = platformName == "-" ? nil : Platform(rawValue: platformName)
        if platformName != "-" && platform == nil { throw error("expected a platform", field: 5) }
        manifests.append(
          ServicePackManifest(
            id: try text(1), title: try text(5),
            servicePack: ServicePackRef(edition: try edition(2), servicePack: try servicePack(3)), platform: platform))
        open = .manifest
      case .mfile:
        guard open == .manifest else { throw error("a manifest file outside a manifest") }
        manifests[manifests.count - 1].files.append(try file(1))
      case .unknown:
        throw error("unknown record \"\(String(decoding: fields[0], as: UTF8.self))\"")
      }
    }
    guard sawVersion, let archive else {
      throw CatalogError(line: reader.lineNumber, field: 1, message: "no catalog and archive lines: not a catalog")
    }
    guard sawEnd else { throw CatalogError(line: reader.lineNumber, field: 1, message: "no end line: the catalog is cut short") }
    let ruleCount = rules.count - candidateCount
    return Catalog(
      archive: archive, rules: Array(rules[..<ruleCount]), fixLists: lists, manifests: manifests,
      candidates: Array(rules[ruleCount...]))
  }

  /// A decimal number read from its digits (no String made: reading the catalog makes
  /// tens of thousands of them).
  static func number(_ field: CatalogLineReader.Field) -> Int? {
    // Signs and numbers of 19 digits and more (which may not fit) are rare: Int's own parser reads them.
    guard !field.isEmpty, field.count <= 18, field.first != 0x2D else { return Int(String(decoding: field, as: UTF8.self)) }
    var value = 0
    for byte in field {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  static func servicePack(_ field: CatalogLineReader.Field) -> ServicePack? {
    guard field.count >= 3, field.count <= 4, field.first == UInt8(ascii: "s") else { return nil }
    let index = field.startIndex + 2
    switch (field[index], field.count == 4 ? field[index + 1] : 0) {
    case (0x30, 0): return .sp0
    case (0x31, 0): return .sp1
    case (0x32, 0): return .sp2
    case (0x33, 0): return .sp3
    case (0x34, 0): return .sp4
    case (0x35, 0): return .sp5
    case (0x36, 0): return .sp6
    case (0x36, UInt8(ascii: "a")): return .sp6a
    default: return nil
    }
  }

  /// An edition's contract name, read from its bytes.
  static func edition(_ field: CatalogLineReader.Field) -> Edition? {
    Edition.allCases.first { $0.rawValue.utf8.elementsEqual(field) }
  }

  /// Every set of editions, by a mask of their places in `Edition.allCases`.
  static let editionSets: [Set<Edition>] = (0..<(1 << Edition.allCases.count)).map { mask in
    Set(Edition.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
  }

  static func isDash(_ field: CatalogLineReader.Field) -> Bool { field.count == 1 && field.first == 0x2D }

  /// A field with its escapes undone.
  static func unescape(_ field: CatalogLineReader.Field, error: @autoclosure () -> CatalogError) throws -> String {
    guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(field.count)
    var index = field.startIndex
    while index < field.endIndex {
      let byte = field[index]
      if byte == 0x5C {
        guard index + 1 < field.endIndex else { throw error() }
        switch field[index + 1] {
        case 0x5C: out.append(0x5C)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        default: throw error()
        }
        index += 2
      } else {
        out.append(byte)
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Cuts catalog text into lines and tab-separated fields, skipping blank and `#` lines.
///
/// Fields are slices of the text, not copies: copying each line into an array and splitting it was
/// 27M of the 74M instructions that reading the 1,740-rule catalog took (callgrind, `check` of one host).
struct CatalogLineReader {
  typealias Field = ArraySlice<UInt8>
  private let bytes: ArraySlice<UInt8>
  /// Offsets from `bytes.startIndex`.
  private var position = 0
  /// The 1-based number of the line last returned.
  private(set) var lineNumber = 0
  private var fields: [Field] = []

  init(_ bytes: ArraySlice<UInt8>) {
    self.bytes = bytes
    fields.reserveCapacity(8)
  }

  mutating func next() -> [Field]? {
    let bytes = self.bytes  // a local copy: the span borrows it, not `self`
    let span = bytes.span
    let origin = bytes.startIndex
    while position < span.count {
      let start = position
      // memchr for the line's end and its tabs: a byte-by-byte loop was 9.4M of the 44M
      // instructions of reading the catalog (callgrind).
      let end = span.firstIndex(of: 0x0A, in: start..<span.count) ?? span.count
      position = end + 1
      lineNumber += 1
      if end == start || span[start] == 0x23 { continue }
      fields.removeAll(keepingCapacity: true)
      var fieldStart = start
      while let at = span.firstIndex(of: 0x09, in: fieldStart..<end) {
        fields.append(bytes[origin + fieldStart..<origin + at])
        fieldStart = at + 1
      }
      fields.append(bytes[origin + fieldStart..<origin + end])
      return fields
    }
    return nil
  }
}

/// The kind of a catalog line, told from its first field without making a string of it.
enum Record {
  case catalog, archive, rule, candidate, edition, requires, fixed, file, fixlist, listed, manifest, mfile, end, unknown

  /// Told by length and first letter, then checked whole against its bytes (a linear search of
  /// names as strings was 5M of the 42M instructions that reading the catalog took, callgrind).
  init(_ field: CatalogLineReader.Field) {
    let candidate: Record
    switch (field.count, field.first ?? 0) {
    case (4, UInt8(ascii: "f")): candidate = .file
    case (5, UInt8(ascii: "f")): candidate = .fixed
    case (4, UInt8(ascii: "r")): candidate = .rule
    case (7, UInt8(ascii: "e")): candidate = .edition
    case (6, UInt8(ascii: "l")): candidate = .listed
    case (5, UInt8(ascii: "m")): candidate = .mfile
    case (8, UInt8(ascii: "r")): candidate = .requires
    case (8, UInt8(ascii: "m")): candidate = .manifest
    case (7, UInt8(ascii: "f")): candidate = .fixlist
    case (7, UInt8(ascii: "c")): candidate = .catalog
    case (7, UInt8(ascii: "a")): candidate = .archive
    case (3, UInt8(ascii: "e")): candidate = .end
    case (9, UInt8(ascii: "c")): candidate = .candidate
    default: candidate = .unknown
    }
    self = candidate.spelling.withUTF8Buffer { $0.elementsEqual(field) } ? candidate : .unknown
  }

  /// The record's name as the text spells it.
  private var spelling: StaticString {
    switch self {
    case .catalog: "catalog"
    case .archive: "archive"
    case .rule: "rule"
    case .candidate: "candidate"
    case .edition: "edition"
    case .requires: "requires"
    case .fixed: "fixed"
    case .file: "file"
    case .fixlist: "fixlist"
    case .listed: "listed"
    case .manifest: "manifest"
    case .mfile: "mfile"
    case .end: "end"
    case .unknown: ""
    }
  }
}
