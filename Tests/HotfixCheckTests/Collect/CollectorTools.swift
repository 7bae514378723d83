import Foundation
import Testing

/// Which outside tools the collector suites need, and what happens when one is missing: the
/// suite skips with a message naming it, except in CI (`CI=true`, as `.ci/run` runs), where
/// `.ci/run` installs them all, so a missing one fails the run loudly instead of passing it
/// untested.
enum CollectorTools {
  static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

  /// Debian installs python3-impacket, python3-pefile and python3-hivex for this interpreter
  /// (another `python3` may come first on PATH and not see them): the collectors name it.
  static let python = "/usr/bin/python3"

  /// What the offline collector's suite needs: mingw for PE files, hivex for hives.
  static let offlinePrograms = ["i686-w64-mingw32-windres", "i686-w64-mingw32-ld", "xmllint"]
  static let offlineModules = ["hivex", "pefile"]
  /// What the remote collector's suite needs besides: Samba.
  static let remotePrograms = offlinePrograms + ["smbd", "smbpasswd", "net"]
  static let remoteModules = ["impacket", "pefile"]

  /// What the VBScript collector's suite under Wine needs: a hanging regedit.exe is built
  /// with the 64-bit mingw (Debian's wine runs 64-bit programs only), NT 4.0 files with windres.
  static let winePrograms = [
    "wine", "wineboot", "wineserver", "xmllint", "x86_64-w64-mingw32-gcc", "i686-w64-mingw32-windres", "i686-w64-mingw32-ld",
  ]

  /// The Debian package of each program or Python module the suites run.
  static let packages: [String: String] = [
    "smbd": "samba", "smbpasswd": "samba", "net": "samba",
    "i686-w64-mingw32-windres": "binutils-mingw-w64-i686", "i686-w64-mingw32-ld": "binutils-mingw-w64-i686",
    "impacket": "python3-impacket", "pefile": "python3-pefile", "hivex": "python3-hivex",
    "wine": "wine", "wineboot": "wine", "wineserver": "wine", "xmllint": "libxml2-utils",
    "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64-win32",
  ]

  /// The programs and Python modules among `programs` and `modules` that are not here.
  static func missing(programs: [String], modules: [String] = []) -> [String] {
    var missing = programs.filter { CollectorWine.onPath($0) == nil }
    for module in modules where !importable(module) { missing.append(module) }
    return missing
  }

  /// Whether a suite runs: where everything is here, and always in CI.
  static func enabled(programs: [String], modules: [String] = []) -> Bool {
    inCI || missing(programs: programs, modules: modules).isEmpty
  }

  /// Throws, naming the packages, when something is missing (in CI, where the suite runs anyway).
  static func require(programs: [String], modules: [String] = []) throws {
    let absent = missing(programs: programs, modules: modules)
    guard absent.isEmpty else {
      let names = Set(absent.map { packages[$0] ?? $0 }).sorted().joined(separator: " ")
      throw CollectorWine.WineError("missing \(absent.joined(separator: ", ")): .ci/run installs them (apt-get install \(names))")
    }
  }

  private static let importCache = CollectorWineLocked<[String: Bool]>([:])

  private static func importable(_ module: String) -> Bool {
    if let known = importCache.withLock({ $0[module] }) { return known }
    let ok =
      FileManager.default.isExecutableFile(atPath: python)
      && ((try? CollectorWine.run(python, ["-c", "import \(module)"], timeout: 60).status) == 0)
    importCache.withLock { $0[module] = ok }
    return ok
  }
}
