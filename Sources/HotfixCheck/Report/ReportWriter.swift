import Foundation
import KBData

/// What every report begins with.
public struct ReportContext: Sendable {
  /// When the report was made, `2026-11-26T17:00:00Z`.
  public var generated: String
  /// How many rules the hosts were judged against.
  public var rules: Int
  /// Where the rules came from (the built-in catalog, `--kb` folders), with how many each gave.
  public var ruleSources: [RuleSource]
  /// True for `audit`: the text report ends with the fleet summary for a person.
  public var fleetSummary: Bool
  /// Inventories collected more than this many days before `generated` are listed as old in
  /// the fleet summary (`audit --max-age`).
  public var maxInventoryAge: Int

  public init(
    generated: String = ReportContext.now(), rules: Int, ruleSources: [RuleSource] = [], fleetSummary: Bool = false,
    maxInventoryAge: Int = ReportContext.defaultMaxInventoryAge
  ) {
    self.generated = generated
    self.rules = rules
    self.ruleSources = ruleSources
    self.fleetSummary = fleetSummary
    self.maxInventoryAge = maxInventoryAge
  }

  /// `audit --max-age`'s default, in days.
  public static let defaultMaxInventoryAge = 90

  /// The time before which an inventory counts as old: `maxInventoryAge` days before `generated`.
  public var oldInventoryCutoff: Date? {
    ISO8601DateFormatter().date(from: generated).map { $0.addingTimeInterval(-Double(maxInventoryAge) * 86_400) }
  }

  /// Where the rules came from, for a person (`RuleSource.summary`).
  public var rulesLine: String {
    ruleSources.isEmpty ? "\(rules) rule(s)" : RuleSource.summary(rules: rules, sources: ruleSources)
  }

  /// The current time in UTC, or `SOURCE_DATE_EPOCH` when set, for reproducible reports.
  public static func now() -> String {
    var seconds = Date().timeIntervalSince1970
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Double(epoch) { seconds = value }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
  }
}

/// A report format: bytes for the start, for each host as it is judged, and for the end.
public protocol ReportWriter {
  mutating func begin(_ context: ReportContext) -> [UInt8]
  mutating func host(_ report: HostReport) -> [UInt8]
  mutating func end(_ summary: FleetSummary) -> [UInt8]
  /// True when `host` depends only on its report (no state carried from host to host), so that
  /// other instances, begun alike, may write hosts on other threads: the bytes are the same.
  var writesHostsIndependently: Bool { get }
  /// Adds a host to what `end` sums up over the hosts (the fleet plan). `host` calls it for the
  /// hosts it writes; the run calls it for hosts another instance wrote on a judging thread.
  mutating func sumUp(_ report: HostReport)
  /// Bytes that go between two hosts (JSON's comma), written by the caller: a host's own bytes
  /// then do not depend on whether it is the first.
  var hostSeparator: [UInt8] { get }
}

extension ReportWriter {
  public var writesHostsIndependently: Bool { false }
  public mutating func sumUp(_ report: HostReport) {}
  public var hostSeparator: [UInt8] { [] }
}

/// The report formats of `--format`.
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, xml, json, csv, html

  /// A fresh writer of this format.
  public func makeWriter() -> any ReportWriter {
    switch self {
    case .text: TextReportWriter()
    case .xml: XMLReportWriter()
    case .json: JSONReportWriter()
    case .csv: CSVReportWriter()
    case .html: HTMLReportWriter()
    }
  }
}

extension String {
  var bytes: [UInt8] { Array(utf8) }
}
