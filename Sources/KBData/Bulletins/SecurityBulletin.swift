/// A Microsoft security bulletin (`MS01-041`) that a rule's fix belongs to: named by an
/// HFNetChk/MBSA catalog (`mssecure.xml`), or by the article's own title ("MS99-047: Unchecked
/// Print Spooler Buffer ...").
///
/// Equal bulletins state the same fact: `origin` (where it was read) is not compared.
public struct SecurityBulletin: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// `MS01-041`.
  public var id: String
  /// The bulletin's title; from an article's title, the words after the id.
  public var title: String?
  /// When the bulletin was posted (the catalog's `DatePosted`); nil when not known.
  public var date: FileDate?
  /// Where it was read: a catalog's line (`origin.catalog`) or the article's title line.
  public var origin: FactOrigin?

  public init(id: String, title: String? = nil, date: FileDate? = nil, origin: FactOrigin? = nil) {
    self.id = id
    self.title = title
    self.date = date
    self.origin = origin
  }

  public static func == (a: SecurityBulletin, b: SecurityBulletin) -> Bool {
    a.id == b.id && a.title == b.title && a.date == b.date
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(id)
  }

  /// Oldest first: by year (MS98 before MS01), then number.
  public static func < (a: SecurityBulletin, b: SecurityBulletin) -> Bool {
    let (x, y) = (sortKey(a.id), sortKey(b.id))
    return x != y ? x < y : a.id < b.id
  }

  /// `MS01-041 Windows NT 4.0 Security Rollup Package, 2001-07-26`.
  public var description: String {
    [id, title, date?.description].compactMap { $0 }.joined(separator: " ")
  }

  /// The bulletin id a security bulletin's name starts with, upper-cased: `MS01-041` from
  /// `ms01-041` or `MS01-041: ...`; nil when the text does not start with one (`MSyy-nnn`).
  public static func id(startingWith text: Substring) -> String? {
    var bytes = text.utf8.makeIterator()
    var id: [UInt8] = [0x4D, 0x53]  // MS
    for position in 0..<8 {
      guard let byte = bytes.next() else { return nil }
      switch position {
      case 0: guard byte | 0x20 == 0x6D else { return nil }
      case 1: guard byte | 0x20 == 0x73 else { return nil }
      case 4: guard byte == 0x2D else { return nil }
      default: guard byte >= 0x30 && byte <= 0x39 else { return nil }
      }
      if position >= 2 { id.append(byte) }
    }
    // `MS01-0411` is not MS01-041.
    if let next = bytes.next(), next >= 0x30 && next <= 0x39 { return nil }
    return String(decoding: id, as: UTF8.self)
  }

  /// The bulletin an article's title names first, `MS99-047: Unchecked Print Spooler Buffer ...`:
  /// the id, then a colon. A title that only mentions one ("Security Update MS00-024 Breaks ...")
  /// is about another problem and names none.
  public static func named(inTitle title: String, line: Int?) -> SecurityBulletin? {
    // Every rule is made through here: a title is turned down at its first bytes, before anything
    // is copied (a general check first was 4.7M of the 144M instructions of `check` of one host
    // on the built-in catalog, callgrind).
    var text = title
    let mayName = text.withUTF8 { bytes -> Bool in
      var at = 0
      while at < bytes.count && bytes[at] == 0x20 { at += 1 }
      return bytes.count - at >= 9 && bytes[at] | 0x20 == 0x6D && bytes[at + 1] | 0x20 == 0x73
    }
    guard mayName else { return nil }
    let trimmed = title.drop { $0 == " " }
    guard let id = id(startingWith: trimmed) else { return nil }
    let rest = trimmed.dropFirst(8)
    guard rest.first == ":" else { return nil }
    // Trimmed by hand: Foundation's trimmingCharacters cost 85,000 instructions a call here (its
    // character set made anew each time; callgrind).
    var words = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
    while let last = words.last, last == " " || last == "\t" { words = words.dropLast() }
    return SecurityBulletin(id: id, title: words.isEmpty ? nil : String(words), origin: line.map { FactOrigin(line: $0) })
  }

  /// (year, number): `MS98-001` is 1998, `MS01-041` is 2001.
  private static func sortKey(_ id: String) -> (Int, Int) {
    let digits = id.utf8.dropFirst(2)
    let year = Int(String(decoding: digits.prefix(2), as: UTF8.self)) ?? 0
    let number = Int(String(decoding: digits.dropFirst(3), as: UTF8.self)) ?? 0
    return (year >= 90 ? 1900 + year : 2000 + year, number)
  }
}

extension Array where Element == SecurityBulletin {
  /// The one bulletin that names a rule where one id is wanted (`"bulletin"`, contract section 2):
  /// the latest. Where several bulletins name one Q number, each of them carries a patch with that
  /// `SQNumber` (Q248183 under MS99-056 and MS99-057, Q259496 under MS00-008 and MS00-024), so the
  /// catalog ties the patch to no single one; the latest is the one whose download was current
  /// last (a re-release) and the one a scan of its day reported. Nil when there is none.
  public var latest: SecurityBulletin? { self.max() }

  /// Every id, oldest first, when there are several (`"bulletins"` in reports); nil for one or none.
  public var idsWhenSeveral: [String]? { count > 1 ? map(\.id) : nil }

  /// `MS99-056, MS99-057`: every id, oldest first, for a message; nil for none.
  public var listed: String? { isEmpty ? nil : map(\.id).joined(separator: ", ") }

  /// `MS99-057 (also MS99-056)`: the latest, then the others, for text a person reads; nil for none.
  public var readable: String? {
    guard let latest else { return nil }
    let others = filter { $0.id != latest.id }.map(\.id)
    return others.isEmpty ? latest.id : "\(latest.id) (also \(others.joined(separator: ", ")))"
  }
}
