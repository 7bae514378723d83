import Foundation

/// A processor platform of NT 4.0.
public enum Platform: String, CaseIterable, Sendable, Codable {
  case intel, alpha, mips, ppc

  /// Reads the spellings that inventories and articles use: Intel, x86, i386, Alpha, AXP, MIPS, PPC.
  public init?(name: some StringProtocol) {
    var key = name.trimmingCharacters(in: .whitespaces).lowercased()
    if key.hasPrefix("("), key.hasSuffix(")") { key = String(key.dropFirst().dropLast()) }
    switch key {
    case "intel", "x86", "i386", "i486", "i586", "ix86": self = .intel
    case "alpha", "axp", "dec alpha": self = .alpha
    case "mips", "r4000": self = .mips
    case "ppc", "powerpc": self = .ppc
    default: return nil
    }
  }
}
