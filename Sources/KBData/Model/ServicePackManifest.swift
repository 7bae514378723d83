/// A "Contents of Service Pack N" article, as facts: the files one build of a service pack
/// installs, for one platform. Not a hotfix: a host at or above that service pack with a listed
/// file older than the manifest's copy has had the service pack partly overwritten (contract
/// section 2), and must reapply it.
public struct ServicePackManifest: Sendable, Hashable {
  /// The article's id, `Q235373`.
  public var id: String
  public var title: String
  /// The service pack and build line the files belong to (`.terminalServer` edition for TSE's).
  public var servicePack: ServicePackRef
  /// The platform of the build the article lists; nil when it names none.
  public var platform: Platform?
  /// The files judged from this manifest (name, version, date, size, with the line each was read
  /// from). Files that differ between builds of the same service pack (the 40-bit and 128-bit
  /// encryption files) are left out.
  public var files: [RuleFile]

  public init(id: String, title: String, servicePack: ServicePackRef, platform: Platform?, files: [RuleFile] = []) {
    self.id = id
    self.title = title
    self.servicePack = servicePack
    self.platform = platform
    self.files = files
  }
}
