@testable import KBData

/// Builds small articles in the archive's layout (front matter, heading, header block,
/// applies-to list, tab-indented body) so each test states only the part it is about.
enum ArticleFixture {
  static let standardProducts = [
    "Microsoft Windows NT Server version 4.0",
    "Microsoft Windows NT Workstation version 4.0",
  ]

  static func bytes(
    id: String = "Q999001", title: String = "A Test Article", products: [String]? = standardProducts,
    keywords: String = "kbbug", body: String
  ) -> [UInt8] {
    var lines = [
      "---", "layout: page", "title: \"\(id): \(title)\"", "permalink: /kb/999/\(id)/", "---", "",
      "## \(id): \(title)", "", "{% raw %}", "",
      "\tArticle: \(id)", "\tProduct(s): Microsoft Windows NT", "\tVersion(s): 4.0",
      "\tKeyword(s): \(keywords)", "\tLast Modified: 01-JAN-2002", "\t",
    ]
    if let products {
      lines.append("\t" + String(repeating: "-", count: 79))
      lines.append("\tThe information in this article applies to:")
      lines.append("\t")
      lines += products.map { "\t- \($0) " }
      lines.append("\t" + String(repeating: "-", count: 79))
      lines.append("\t")
    }
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
      lines.append("\t" + line)
    }
    lines += ["", "{% endraw %}", ""]
    return Array(lines.joined(separator: "\n").utf8)
  }

  static func parse(
    id: String = "Q999001", products: [String]? = standardProducts, body: String
  ) -> ParsedArticle {
    ArticleParser.parse(bytes(id: id, products: products, body: body), path: "fixture/\(id).md")
  }

  static func rule(products: [String]? = standardProducts, body: String) -> Rule? {
    parse(products: products, body: body).rule
  }

  /// A RESOLUTION section with `table` under an English-version sentence.
  static func resolution(
    _ table: String, intro: String = "The English version of this fix should have the following file attributes or later:"
  ) -> String {
    """
    SYMPTOMS
    ========

    Something fails.

    RESOLUTION
    ==========

    \(intro)

    \(table)

    STATUS
    ======

    Microsoft has confirmed this to be a problem in Windows NT 4.0.
    """
  }

  static func date(_ y: Int, _ m: Int, _ d: Int) -> FileDate? { FileDate(year: y, month: m, day: d) }
}
