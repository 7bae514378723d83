import Foundation

extension TextReportWriter {
  /// The fleet summary's lines on the inventories themselves: which are older than
  /// `--max-age`, how many do not say when they were made, and which hosts' hotfix lists
  /// could not be read (their reinstalled hotfixes show as `fix-needed`, not `regressed`).
  static func collectionLines(_ summary: FleetSummary, _ context: ReportContext) -> [String] {
    var lines: [String] = []
    let old = summary.oldInventories(context)
    if !old.isEmpty {
      lines.append("Inventories older than \(context.maxInventoryAge) days (collect again):")
      let day = ISO8601DateFormatter()
      day.formatOptions = [.withFullDate]
      for inventory in old {
        lines.append(
          "  \(inventory.stamp.host)  collected \(day.string(from: inventory.collected)), \(inventory.days) days ago  (\(inventory.stamp.source))"
        )
      }
    }
    if summary.undatedHosts > 0 {
      lines.append("Inventories that do not say when they were collected: \(summary.undatedHosts) host(s)")
    }
    if !summary.unknownHotfixHosts.isEmpty {
      lines.append("Hosts whose hotfix list could not be read (a reinstalled service pack shows as fix-needed, not regressed):")
      for stamp in summary.unknownHotfixHosts { lines.append("  \(stamp.host)  (\(stamp.source))") }
    }
    return lines
  }
}
