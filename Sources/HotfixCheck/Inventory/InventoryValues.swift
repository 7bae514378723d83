import Foundation
import KBData

/// Reads the values of inventory fields, shared by the XML and CSV readers,
/// each failure a message saying what was expected and what was found.
enum InventoryValues {
  static func edition(_ text: String) -> Result<Edition, ValueError> {
    Edition(name: text).map(Result.success)
      ?? .failure(ValueError("edition", text, expected: "workstation, server, enterprise or terminal-server"))
  }

  static func servicePack(_ text: String) -> Result<ServicePack, ValueError> {
    ServicePack(name: text).map(Result.success)
      ?? .failure(ValueError("service pack", text, expected: "sp0 to sp6 or sp6a"))
  }

  static func platform(_ text: String) -> Result<Platform, ValueError> {
    Platform(name: text).map(Result.success)
      ?? .failure(ValueError("platform", text, expected: "intel, alpha, mips or ppc"))
  }

  /// An optional version: empty is nil.
  static func version(_ text: String) -> Result<FileVersion?, ValueError> {
    let trimmed = text.trimmedSpaces
    if trimmed.isEmpty { return .success(nil) }
    return FileVersion(trimmed).map { .success($0) }
      ?? .failure(ValueError("version", text, expected: "up to four dotted numbers such as 4.0.1381.7140"))
  }

  /// An optional date: empty is nil.
  static func date(_ text: String) -> Result<FileDate?, ValueError> {
    let trimmed = text.trimmedSpaces
    if trimmed.isEmpty { return .success(nil) }
    return FileDate(inventoryText: trimmed).map { .success($0) }
      ?? .failure(ValueError("date", text, expected: "a real date as YYYY-MM-DD or MM/DD/YYYY"))
  }

  /// An optional size in bytes: empty is nil.
  static func size(_ text: String) -> Result<Int?, ValueError> {
    let trimmed = text.trimmedSpaces
    if trimmed.isEmpty { return .success(nil) }
    if trimmed.utf8.count <= 15, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(trimmed) {
      return .success(value)
    }
    // The articles write sizes with thousands separators (`107,792`): accepted when every
    // group after the first has three digits, so `1,07,792` or `107,79` is still refused.
    let groups = trimmed.split(separator: ",", omittingEmptySubsequences: false)
    if groups.count > 1, (1...3).contains(groups[0].utf8.count), groups.dropFirst().allSatisfy({ $0.utf8.count == 3 }),
      groups.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }), groups.count <= 5, let value = Int(groups.joined())
    {
      return .success(value)
    }
    return .failure(ValueError("size", text, expected: "a whole number of bytes, such as 107792 or 107,792"))
  }

  /// A hotfix id such as `Q256149` (the Q optional).
  static func hotfixID(_ text: String) -> Result<String, ValueError> {
    let id = HostInventory.normalizedHotfixID(text)
    let digits = id.dropFirst()
    if id.first == "Q", (1...7).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
      return .success(id)
    }
    return .failure(ValueError("hotfix id", text, expected: "an article id such as Q256149"))
  }
}

extension InventoryValues {
  /// A collector's `collected` time, an xs:dateTime (`2026-11-29T08:00:00Z`; fractions of a
  /// second and an offset allowed, no offset read as UTC).
  static func collected(_ text: String) -> Result<Date, ValueError> {
    let trimmed = text.trimmedSpaces
    let hasZone =
      trimmed.hasSuffix("Z") || trimmed.hasSuffix("z")
      || trimmed.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
    let zoned = hasZone ? trimmed.uppercased() : trimmed + "Z"
    // ISO8601DateFormatter rolls 02-30 over into March: the day itself is checked first.
    guard trimmed.utf8.count >= 19, FileDate(inventoryText: String(trimmed.prefix(10))) != nil else {
      return .failure(ValueError("collected time", text, expected: "a date and time such as 2026-11-29T08:00:00Z"))
    }
    let formatter = ISO8601DateFormatter()
    for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
      formatter.formatOptions = options
      if let date = formatter.date(from: zoned) { return .success(date) }
    }
    return .failure(ValueError("collected time", text, expected: "a date and time such as 2026-11-29T08:00:00Z"))
  }

  /// The `hotfixes` attribute: `unknown` is the one value it has.
  static func hotfixList(_ text: String) -> Result<Bool, ValueError> {
    text.trimmedSpaces.lowercased() == "unknown"
      ? .success(true) : .failure(ValueError("hotfixes value", text, expected: "unknown (or no hotfixes attribute)"))
  }

  /// True for an empty field or one of spaces and tabs only.
  static func isBlank(_ bytes: Span<UInt8>) -> Bool {
    for index in bytes.indices where bytes[index] != 0x20 && bytes[index] != 0x09 { return false }
    return true
  }

  /// A whole number from digits only, without making a string.
  static func integer(_ bytes: Span<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
    var value = 0
    for index in bytes.indices {
      let byte = bytes[index]
      guard byte >= 48 && byte <= 57 else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    return value
  }
}

/// A field value that is not what the contract allows.
struct ValueError: Error {
  var message: String

  init(_ what: String, _ found: String, expected: String) {
    let shown = found.count > 60 ? String(found.prefix(60)) + "…" : found
    message = "unknown \(what) \"\(shown)\": expected \(expected)"
  }
}
