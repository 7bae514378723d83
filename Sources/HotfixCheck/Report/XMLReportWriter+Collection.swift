import Foundation

extension XMLReportWriter {
  /// The summary's elements on the inventories themselves (issue 15): each one older than
  /// `--max-age` (`<old-inventory>`, oldest first) and each host whose hotfix list could not
  /// be read (`<unknown-hotfix-list>`), whose reinstalled hotfixes show as `fix-needed`.
  static func collection(_ old: [OldInventory], _ unknownHotfixLists: [InventoryStamp], to xml: XMLStreamWriter) {
    let time = ISO8601DateFormatter()
    for inventory in old {
      xml.startElement("old-inventory")
      xml.attribute("host", inventory.stamp.host)
      xml.attribute("source", inventory.stamp.source)
      xml.attribute("collected", time.string(from: inventory.collected))
      xml.attribute("days", String(inventory.days))
      xml.endElement()
    }
    for stamp in unknownHotfixLists {
      xml.startElement("unknown-hotfix-list")
      xml.attribute("host", stamp.host)
      xml.attribute("source", stamp.source)
      xml.endElement()
    }
  }
}
