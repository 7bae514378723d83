/// The text form of a catalog: one fact a line, fields separated by tabs, each fact with the
/// article line it was read from (`@88`, or `Q241211@120` for another article's line).
///
/// ```
/// catalog	1
/// archive	kbarchive-nt	0123456789abcdef	2005-06-30	9664
/// rule	Q256149	@3	Memory Leak Using Multiple Threads to Call CoGetClassObject()
/// edition	server	@16
/// requires	-	sp5	@52
/// fixed	tse	sp6	@60
/// fixed	-	sp6	Q241211@120
/// file	-	intel	Rpcss.exe	-	2000-03-14	-	@70
/// fixlist	Q241211	List of Bugs Fixed in Windows NT 4.0 Service Pack 6/6a (Part 1)
/// listed	Q123456	-	sp6	@120
/// manifest	Q235373	-	sp5	intel	Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)
/// mfile	-	intel	Afd.sys	4.0.1381.131	1999-03-24	65808	@200
/// end	1740	11	2
/// ```
///
/// `edition`, `requires`, `fixed` and `file` belong to the `rule` (or `candidate`: an article a
/// fix list could make a rule, kept by the rule cache only) above them, `listed` to the
/// `fixlist`, `mfile` to the `manifest`. `-` is an empty value (the standard build line, no platform,
/// no version); `tse` is Terminal Server Edition's line. Text fields escape `\`, tab, CR and LF
/// as `\\`, `\t`, `\r`, `\n`. Lines starting with `#` are comments. The `end` line counts the
/// rules, lists and manifests, so a cut or damaged text is refused, not read as a smaller catalog.
///
/// Hand-written rather than JSON: JSONDecoder took 19-20 ms for the 1,740 rules alone (measured
/// for the rule cache's former binary codec), two thirds of the 30 ms that `check` of one host may take;
/// this text is read in a few ms (`scripts/bench-kb`). It is line-based so that a change to the
/// parser shows as a readable diff of `kb/catalog.tsv`.
public enum CatalogText {
  /// The format's version, the second field of the `catalog` line.
  public static let formatVersion = 1

  /// What a catalog file starts with: what it is and how to make it again.
  static let preamble = """
    # hotfix-check built-in catalog: the facts that hotfix-check's own parser read from Knowledge Base
    # articles (ids, titles, editions, service packs, files), each with the article line it came from
    # (@LINE, or QNNNNNN@LINE for another article's line). No article text. Do not edit: regenerate with
    #   scripts/make-catalog ARCHIVE_DIR   (that is: hotfix-check kb catalog ARCHIVE_DIR --output kb/catalog.tsv)

    """

  /// The catalog as text; rules, lists and manifests in id order.
  public static func write(_ catalog: Catalog) -> String {
    var out = preamble
    out.reserveCapacity(catalog.rules.count * 300)
    func line(_ fields: [String]) {
      out += fields.joined(separator: "\t")
      out += "\n"
    }
    func line(_ fields: String...) { line(fields) }
    line("catalog", String(formatVersion))
    let stamp = catalog.archive
    line("archive", escape(stamp.name), escape(stamp.revision), stamp.date.map(String.init(describing:)) ?? "-", String(stamp.articles))
    let rules =
      catalog.rules.sorted { $0.id < $1.id }.map { ("rule", $0) }
      + catalog.candidates.sorted { $0.id < $1.id }.map { ("candidate", $0) }
    for (kind, rule) in rules {
      line(kind, escape(rule.id), at(rule.origin.title), escape(rule.title))
      for edition in rule.editions.sorted() {
        line("edition", edition.rawValue, at(rule.origin.editions[edition]))
      }
      for ref in rule.requires { line("requires", lineTag(ref.edition), ref.servicePack.rawValue, at(ref.origin)) }
      for ref in rule.fixedIn { line("fixed", lineTag(ref.edition), ref.servicePack.rawValue, at(ref.origin)) }
      for file in rule.files { line("file", fileFields(file)) }
    }
    for list in catalog.fixLists.sorted(by: { $0.id < $1.id }) {
      line("fixlist", escape(list.id), escape(list.title))
      for entry in list.entries {
        line("listed", escape(entry.article), lineTag(entry.edition), entry.servicePack.rawValue, "@\(entry.line)")
      }
    }
    for manifest in catalog.manifests.sorted(by: { $0.id < $1.id }) {
      line(
        "manifest", escape(manifest.id), lineTag(manifest.servicePack.edition), manifest.servicePack.servicePack.rawValue,
        manifest.platform?.rawValue ?? "-", escape(manifest.title))
      for file in manifest.files { line("mfile", fileFields(file)) }
    }
    var counts = [catalog.rules.count, catalog.fixLists.count, catalog.manifests.count]
    if !catalog.candidates.isEmpty { counts.append(catalog.candidates.count) }
    line(["end"] + counts.map(String.init))
    return out
  }

  private static func fileFields(_ file: RuleFile) -> String {
    [
      lineTag(file.edition), file.platform?.rawValue ?? "-", escape(file.name), file.version?.text ?? "-",
      file.date.map(String.init(describing:)) ?? "-", file.size.map(String.init) ?? "-", at(file.origin),
    ].joined(separator: "\t")
  }

  static func lineTag(_ edition: Edition?) -> String { edition == .terminalServer ? "tse" : "-" }

  static func at(_ line: Int?) -> String { "@\(line ?? 0)" }

  static func at(_ origin: FactOrigin?) -> String {
    guard let origin else { return "@0" }
    return (origin.article.map(escape) ?? "") + "@\(origin.line)"
  }

  /// A text field with `\`, tab, CR and LF escaped.
  static func escape(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    var out = ""
    for character in text.unicodeScalars {
      switch character {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
