/// An HFNetChk/MBSA 1.x catalog (`mssecure.xml`, a `BulletinDatastore`) as read, before it means
/// anything: the bulletins with their patches, and the tables the patches point into by id
/// (products, service packs, files, supersedence). Values are the catalog's text, trimmed; every
/// record keeps the line it was read from. `BulletinCatalog` makes rules of them.
///
/// The reader (HotfixCheck's `BulletinCatalogReader`, libxml2) fills it; tests may too.
public struct BulletinCatalogRecords: Sendable {
  /// `DataVersion` of the root, `1.0.1.148`.
  public var dataVersion: String?
  /// `LastDataUpdate` of the root, `10/04/2001`.
  public var lastDataUpdate: String?
  public var bulletins: [Bulletin] = []
  public var products: [Product] = []
  public var servicePacks: [ServicePack] = []
  public var files: [File] = []
  public var supersessions: [Supersession] = []
  /// Records the reader passed over (a required attribute missing), each with its line.
  public var warnings: [ParseWarning] = []

  public init() {}

  /// `<Bulletin BulletinID= Title= DatePosted=>`, its `<QNumber>`s and `<Patch>`es.
  public struct Bulletin: Sendable {
    public var id: String
    public var title: String
    public var datePosted: String
    public var qNumbers: [String] = []
    public var patches: [Patch] = []
    public var line: Int

    public init(id: String, title: String, datePosted: String, line: Int) {
      self.id = id
      self.title = title
      self.datePosted = datePosted
      self.line = line
    }
  }

  /// `<Patch PatchName= SQNumber= SBID=>`: the products it is for, and the file checks (`<FileChg>`).
  public struct Patch: Sendable {
    public var name: String
    public var qNumber: String
    /// The `SupercededBy` entry naming what replaces it; empty or `0` for none.
    public var supersededBy: String
    public var products: [AffectedProduct] = []
    /// `FileChangeID`s, each with the line of its `<FileChg>`.
    public var fileChanges: [(id: String, line: Int)] = []
    public var line: Int

    public init(name: String, qNumber: String, supersededBy: String, line: Int) {
      self.name = name
      self.qNumber = qNumber
      self.supersededBy = supersededBy
      self.line = line
    }
  }

  /// `<AffectedProduct ProductID= FixedInSP=>` with its `<AffectedServicePack>` ids.
  public struct AffectedProduct: Sendable {
    public var product: String
    /// A `ServicePackID`; `0` when no service pack holds the fix.
    public var fixedIn: String
    public var servicePacks: [String] = []
    public var line: Int

    public init(product: String, fixedIn: String, line: Int) {
      self.product = product
      self.fixedIn = fixedIn
      self.line = line
    }
  }

  /// `<Product ProductID= Name=>` with its `<AvailableSP>` ids.
  public struct Product: Sendable {
    public var id: String
    public var name: String
    public var availableServicePacks: [String] = []
    public var line: Int

    public init(id: String, name: String, line: Int) {
      self.id = id
      self.name = name
      self.line = line
    }
  }

  /// `<ServicePack ServicePackID= Name=>`.
  public struct ServicePack: Sendable {
    public var id: String
    public var name: String
    public var line: Int

    public init(id: String, name: String, line: Int) {
      self.id = id
      self.name = name
      self.line = line
    }
  }

  /// `<File Name=>` and its `<FileChange>`s.
  public struct File: Sendable {
    public var name: String
    public var changes: [FileChange] = []
    public var line: Int

    public init(name: String, line: Int) {
      self.name = name
      self.line = line
    }
  }

  /// `<FileChange FileChangeID= Date= Version= Size= CommandID=>`: one level of a file that a
  /// patch checks. `Version` and `Size` are often `na` or empty.
  public struct FileChange: Sendable {
    public var id: String
    public var date: String
    public var version: String
    public var size: String
    /// `c` change, `a` add, `e` change if present, `d` delete, `u` unsupported, `r` registry.
    public var command: String
    public var line: Int

    public init(id: String, date: String, version: String, size: String, command: String, line: Int) {
      self.id = id
      self.date = date
      self.version = version
      self.size = size
      self.command = command
      self.line = line
    }
  }

  /// `<SupercededBy SBID=>`: the bulletins, and patches of them, that supersede a patch naming it.
  public struct Supersession: Sendable {
    public var id: String
    /// Each superseding bulletin with the patch names it gives (none: the bulletin's patches).
    public var bulletins: [(bulletin: String, patches: [String])] = []
    public var line: Int

    public init(id: String, line: Int) {
      self.id = id
      self.line = line
    }
  }
}
