import Foundation
import KBData
internal import SystemCalls

/// Rules to skip, fleet-wide or per host, each with a reason and an optional expiry date.
///
/// The file holds one entry a line, fields separated by spaces or tabs:
///
/// ```
/// # RULE    HOST     UNTIL       REASON
/// Q256149   *        2027-01-01  the vendor's RPC server fails with the new rpcss.exe
/// Q241041   NTSRV0?  -           lab hosts, rebuilt every night
/// ```
///
/// - RULE: an article id (`Q256149`, `q256149`, `256149`), or `*` for every rule.
/// - HOST: a host name or a pattern (`*` any run of characters, `?` one), without regard to case.
/// - UNTIL: `YYYY-MM-DD` (or `MM/DD/YYYY`): the entry holds before that day and the rule is
///   judged again from that day on; `-` for no expiry.
/// - REASON: the rest of the line; required.
///
/// Blank lines and lines starting with `#` are skipped. The first entry that matches wins.
public struct IgnoreList: Sendable {
  public private(set) var entries: [IgnoreEntry]

  public init(entries: [IgnoreEntry] = []) { self.entries = entries }

  public var isEmpty: Bool { entries.isEmpty }

  /// Reads an ignore file; throws an error naming the file, line and column.
  /// A folder is refused by name; a device or FIFO is read to its end (`/dev/null` is an empty list).
  public static func read(path: String) throws -> IgnoreList {
    if SystemCalls.status(path)?.kind == .folder {
      throw IgnoreListError(file: path, line: 0, column: 0, message: "is a folder: expected an ignore list file")
    }
    let bytes: [UInt8]
    do {
      let descriptor = try SystemCalls.open(path, flags: O_RDONLY)
      defer { _ = try? SystemCalls.close(descriptor) }
      bytes = try SystemCalls.readAll(descriptor)
    } catch {
      throw IgnoreListError(file: path, line: 0, column: 0, message: "cannot read the ignore list: \(error.reason)")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw IgnoreListError(file: path, line: 1, column: 1, message: "expected UTF-8 text")
    }
    return try parse(text, file: path)
  }

  /// Parses the text of an ignore file; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws -> IgnoreList {
    var entries: [IgnoreEntry] = []
    for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
      let number = offset + 1
      let fields = Self.fields(line)
      guard let first = fields.first, !first.text.hasPrefix("#") else { continue }
      func fail(_ column: Int, _ message: String) -> IgnoreListError {
        IgnoreListError(file: file, line: number, column: column, message: message)
      }
      let rule: String
      if first.text == "*" {
        rule = "*"
      } else {
        let id = HostInventory.normalizedHotfixID(first.text)
        guard id.count > 1, id.hasPrefix("Q"), id.dropFirst().allSatisfy(\.isASCII), id.dropFirst().allSatisfy(\.isNumber) else {
          throw fail(first.column, "expected an article id such as Q256149, or *, found '\(first.text)'")
        }
        rule = id
      }
      guard fields.count >= 2 else { throw fail(line.count + 1, "expected a host name or pattern after the rule") }
      guard fields.count >= 3 else { throw fail(line.count + 1, "expected an expiry date (YYYY-MM-DD) or - after the host") }
      var until: FileDate?
      if fields[2].text != "-" {
        guard let date = FileDate(inventoryText: fields[2].text) else {
          throw fail(fields[2].column, "expected an expiry date YYYY-MM-DD or -, found '\(fields[2].text)'")
        }
        until = date
      }
      guard fields.count >= 4 else { throw fail(line.count + 1, "expected a reason after the expiry date") }
      let reasonStart = line.index(line.startIndex, offsetBy: fields[3].column - 1)
      let reason = line[reasonStart...].trimmingCharacters(in: .whitespaces)
      entries.append(
        IgnoreEntry(rule: rule, host: fields[1].text, until: until, reason: reason, source: "\(file):\(number)"))
    }
    return IgnoreList(entries: entries)
  }

  /// The entries still in force on `date`, and those that have expired (their rules are judged again).
  public func active(on date: FileDate) -> (list: IgnoreList, expired: [IgnoreEntry]) {
    var kept: [IgnoreEntry] = []
    var expired: [IgnoreEntry] = []
    for entry in entries {
      if let until = entry.until, until <= date { expired.append(entry) } else { kept.append(entry) }
    }
    return (IgnoreList(entries: kept), expired)
  }

  /// Entries naming a rule that is not among `ruleIDs` (a typo, or an article not loaded): they
  /// ignore nothing, which the user should hear about.
  public func entries(withRuleNotIn ruleIDs: Set<String>) -> [IgnoreEntry] {
    entries.filter { $0.rule != "*" && !ruleIDs.contains($0.rule) }
  }

  /// An entry of this list that still ignores what `expired` did, for every host it named: its rule
  /// or `*`, and its host pattern `*`, the same pattern, or one matching `expired`'s plain name.
  /// The expired entry's rule is then not judged again, and saying so would be wrong.
  public func entry(covering expired: IgnoreEntry) -> IgnoreEntry? {
    let plainName = !expired.host.contains(where: { $0 == "*" || $0 == "?" })
    return entries.first { entry in
      (entry.rule == "*" || entry.rule == expired.rule)
        && (entry.host == "*" || entry.host.lowercased() == expired.host.lowercased()
          || (plainName && Self.matches(pattern: entry.host, name: expired.host)))
    }
  }

  /// The first entry that skips this rule on this host.
  public func entry(rule: String, host: String) -> IgnoreEntry? {
    entries.first { ($0.rule == "*" || $0.rule == rule) && Self.matches(pattern: $0.host, name: host) }
  }

  /// Glob match without regard to case: `*` any run of characters, `?` one.
  static func matches(pattern: String, name: String) -> Bool {
    let p = Array(pattern.lowercased())
    let n = Array(name.lowercased())
    var pi = 0
    var ni = 0
    var star = -1
    var mark = 0
    while ni < n.count {
      if pi < p.count, p[pi] == "?" || p[pi] == n[ni] {
        pi += 1
        ni += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = ni
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ni = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }

  /// The whitespace-separated fields of a line, each with its 1-based column.
  private static func fields(_ line: Substring) -> [(text: String, column: Int)] {
    var result: [(String, Int)] = []
    var current = ""
    var start = 0
    for (offset, character) in line.enumerated() {
      if character == " " || character == "\t" {
        if !current.isEmpty { result.append((current, start)) }
        current = ""
      } else {
        if current.isEmpty { start = offset + 1 }
        current.append(character)
      }
    }
    if !current.isEmpty { result.append((current, start)) }
    return result
  }
}

/// One line of an ignore list.
public struct IgnoreEntry: Sendable, Hashable {
  /// `Q256149`, or `*` for every rule.
  public var rule: String
  /// A host name or pattern.
  public var host: String
  /// The day the entry stops holding; nil for never.
  public var until: FileDate?
  public var reason: String
  /// `file:line`, for messages.
  public var source: String

  public init(rule: String, host: String, until: FileDate? = nil, reason: String, source: String = "") {
    self.rule = rule
    self.host = host
    self.until = until
    self.reason = reason
    self.source = source
  }
}

/// An ignore list that cannot be read, and where.
public struct IgnoreListError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var message: String

  /// `file:line:column: error: message`.
  public var description: String {
    line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
  }
}

/// Why a rule result shows as `ignored`: the entry that skipped it and what it would otherwise be.
public struct IgnoreMark: Sendable, Hashable {
  public var reason: String
  public var until: FileDate?
  /// The verdict the rule would have without the ignore list.
  public var verdict: Verdict
  /// `file:line` of the entry.
  public var source: String
}

extension RuleResult {
  /// This result as the ignore list shows it: `ignored`, with the entry's reason first.
  func ignored(by entry: IgnoreEntry) -> RuleResult {
    var copy = self
    let until = entry.until.map { " until \($0)" } ?? ""
    copy.reason = "ignored\(until): \(entry.reason); otherwise \(verdict.rawValue): \(reason)"
    copy.verdict = .ignored
    copy.baseline = nil  // no longer the profile's shared result
    copy.ignored = IgnoreMark(reason: entry.reason, until: entry.until, verdict: verdict, source: entry.source)
    return copy
  }
}

extension FileDate {
  /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set (as the report's date is).
  public static func today() -> FileDate? {
    var seconds = Date().timeIntervalSince1970
    if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Double(epoch) { seconds = value }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
    guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
    return FileDate(year: year, month: month, day: day)
  }
}
