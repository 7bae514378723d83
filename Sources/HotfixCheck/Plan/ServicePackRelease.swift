import KBData

/// When each standard NT 4.0 service pack was released, to tell a hotfix that predates one.
///
/// Service packs are cumulative: a hotfix whose files were all built before a service pack
/// shipped is in it. The dates are the public release dates (SP6a: 30 November 1999).
/// Terminal Server Edition has service packs of its own, released on other dates: none are
/// given for it, so a TSE hotfix is never judged older than a service pack by its date.
enum ServicePackRelease {
  /// The release date of a standard-line service pack; nil for `sp0` and for Terminal Server Edition.
  static func date(of pack: ServicePack, line: BuildLine) -> FileDate? {
    guard line == .standard else { return nil }
    switch pack {
    case .sp0: return nil
    case .sp1: return FileDate(year: 1996, month: 10, day: 16)
    case .sp2: return FileDate(year: 1996, month: 12, day: 14)
    case .sp3: return FileDate(year: 1997, month: 5, day: 15)
    case .sp4: return FileDate(year: 1998, month: 10, day: 13)
    case .sp5: return FileDate(year: 1999, month: 5, day: 4)
    case .sp6: return FileDate(year: 1999, month: 10, day: 27)
    case .sp6a: return FileDate(year: 1999, month: 11, day: 30)
    }
  }
}
