extension BulletinCatalog {
  /// Makes the rules of a catalog's records: patch by patch, then what replaces what.
  struct Assembly {
    let records: BulletinCatalogRecords
    let path: String
    /// Product id → its NT 4.0 edition (other products are absent).
    private var editions: [String: Edition] = [:]
    private var productNames: [String: String] = [:]
    private var available: [String: [String]] = [:]
    /// Service pack id → the NT 4.0 service pack (other products' are absent).
    private var servicePacks: [String: ServicePackRef] = [:]
    private var knownServicePacks: Set<String> = []
    /// File change id → the file's name and the change.
    private var changes: [String: (name: String, change: BulletinCatalogRecords.FileChange)] = [:]
    /// Rule key → the patches that gave it: bulletin, patch name, SBID, line.
    private var sources: [String: [(bulletin: String, patch: String, supersededBy: String, line: Int)]] = [:]

    var entries: [String: Rule] = [:]
    var ntPatches = 0
    var patchesNotForNT = 0
    var otherProducts: [String: Int] = [:]
    var withoutQNumber: [String] = []
    var fileChecksLeftOut = 0
    var warnings: [ParseWarning]

    init(records: BulletinCatalogRecords, path: String) {
      self.records = records
      self.path = path
      warnings = records.warnings
    }

    mutating func run() {
      for product in records.products {
        productNames[product.id] = product.name
        available[product.id] = product.availableServicePacks
        if let edition = BulletinCatalog.edition(productName: product.name) { editions[product.id] = edition }
      }
      for pack in records.servicePacks {
        knownServicePacks.insert(pack.id)
        if let ref = BulletinCatalog.servicePack(named: pack.name) { servicePacks[pack.id] = ref }
      }
      for file in records.files {
        for change in file.changes { changes[change.id] = (file.name, change) }
      }
      for bulletin in records.bulletins {
        for patch in bulletin.patches { add(patch, of: bulletin) }
      }
      for key in entries.keys { entries[key] = entries[key].map(Self.separatingBuilds) }
      resolveCatalogReplacements()
      findLaterFiles()
      for key in entries.keys {
        entries[key]?.bulletins.sort()
        entries[key]?.replacedBy.sort { ($0.rule, $0.basis.rawValue) < ($1.rule, $1.basis.rawValue) }
        if let oldest = entries[key]?.bulletins.first?.title { entries[key]?.title = oldest }
      }
    }

    private mutating func warn(_ line: Int, _ message: String) {
      warnings.append(ParseWarning(path: path, line: line, message: message))
    }

    /// One patch: skipped unless it is for NT 4.0 and names its Q number; else its rule, merged
    /// with any other patch of the same Q number.
    private mutating func add(_ patch: BulletinCatalogRecords.Patch, of bulletin: BulletinCatalogRecords.Bulletin) {
      var nt: [(Edition, BulletinCatalogRecords.AffectedProduct)] = []
      for product in patch.products {
        if let edition = editions[product.product] {
          nt.append((edition, product))
        } else if productNames[product.product] == nil {
          warn(product.line, "ProductID \(product.product) is not in the catalog's Products table")
        }
      }
      guard !nt.isEmpty else {
        patchesNotForNT += 1
        for product in patch.products { otherProducts[productNames[product.product] ?? "ProductID \(product.product)", default: 0] += 1 }
        return
      }
      ntPatches += 1
      let named = Set(bulletin.qNumbers.compactMap(BulletinCatalog.qNumber))
      guard let id = BulletinCatalog.qNumber(patch.qNumber) ?? (named.count == 1 ? named.first : nil) else {
        withoutQNumber.append(
          "\(path):\(patch.line): \(bulletin.id) \(patch.name): no SQNumber, and the bulletin names \(named.count) Q numbers (\(named.sorted().joined(separator: ", ")))"
        )
        return
      }
      let editionSet = Set(nt.map(\.0))
      var requires: [ServicePackRef] = []
      var fixedIn: [ServicePackRef] = []
      var builtFor: [BuildLine: ClosedRange<ServicePack>] = [:]
      for line in [BuildLine.standard, .terminalServer] {
        let products = nt.filter { $0.0.buildLine == line }.map(\.1)
        guard !products.isEmpty else { continue }
        // A service pack fixes the problem for the line when every product of it says so.
        let fixes = products.map { pack($0.fixedIn, line: line, at: $0.line) }
        if fixes.allSatisfy({ $0 != nil }), let highest = fixes.compactMap({ $0 }).max() {
          fixedIn.append(ServicePackRef(edition: line.editionTag, servicePack: highest, origin: origin(products[0].line)))
        }
        // A patch for only some of the line's service packs (not its lowest) must go on top of them.
        let affected = products.flatMap { product in product.servicePacks.compactMap { pack($0, line: line, at: product.line) } }
        let offered = products.flatMap { product in
          (available[product.product] ?? []).compactMap { servicePacks[$0]?.line == line ? servicePacks[$0]?.servicePack : nil }
        }
        if let lowest = affected.min(), let highest = affected.max() { builtFor[line] = lowest...highest }
        if let lowest = affected.min(), let base = offered.min(), lowest > base,
          fixedIn.last.map({ $0.line != line || lowest < $0.servicePack }) ?? true
        {
          requires.append(ServicePackRef(edition: line.editionTag, servicePack: lowest, origin: origin(products[0].line)))
        }
      }
      // Each row is for the service packs the patch is for (kept only where the rule's patches
      // differ in them: `separatingBuilds`).
      let files = patch.fileChanges.compactMap { change -> RuleFile? in
        guard var row = fileRow(change.id, at: change.line, terminalOnly: editionSet == [.terminalServer]) else { return nil }
        row.servicePacks = builtFor[row.line]
        return row
      }
      let bulletinFact = SecurityBulletin(
        id: SecurityBulletin.id(startingWith: Substring(bulletin.id)) ?? bulletin.id,
        title: bulletin.title.isEmpty ? nil : bulletin.title, date: BulletinCatalog.date(bulletin.datePosted),
        origin: origin(bulletin.line))
      var rule = Rule(
        id: id, title: bulletin.title, editions: editionSet, requires: requires, fixedIn: fixedIn, files: files,
        bulletins: [bulletinFact])
      if let known = entries[id] { rule = Self.joined(known, rule) }
      entries[id] = rule
      sources[id, default: []].append((bulletin.id.uppercased(), patch.name.lowercased(), patch.supersededBy, patch.line))
    }

    /// The NT 4.0 service pack of `id` on `line`; nil for `0` (none), and for an unknown id or
    /// another line's pack, with a warning.
    private mutating func pack(_ id: String, line: BuildLine, at recordLine: Int) -> ServicePack? {
      guard !id.isEmpty, id != "0" else { return nil }
      guard let ref = servicePacks[id] else {
        if !knownServicePacks.contains(id) { warn(recordLine, "ServicePackID \(id) is not in the catalog's ServicePacks table") }
        return nil
      }
      guard ref.line == line else {
        let which = line == .terminalServer ? "a Terminal Server Edition product" : "a standard NT 4.0 product"
        warn(recordLine, "ServicePackID \(id) is a service pack of the other build line, named for \(which): ignored")
        return nil
      }
      return ref.servicePack
    }

    /// The file row a `FileChg` points to: its file, version, date and size, on the build line its
    /// version shows (or TSE's, for a TSE-only patch); nil for a check that compares nothing.
    private mutating func fileRow(_ id: String, at line: Int, terminalOnly: Bool) -> RuleFile? {
      guard let (name, change) = changes[id] else {
        warn(line, "FileChangeID \(id) is not in the catalog's Files table")
        return nil
      }
      // d: the patch deletes the file; u: HFNetChk does not check it; r: a registry value.
      guard !["d", "u", "r"].contains(change.command.lowercased()) else {
        fileChecksLeftOut += 1
        return nil
      }
      let version = Self.value(change.version).flatMap { text -> FileVersion? in
        guard let version = FileVersion(text) else {
          warn(change.line, "\(name): version '\(text)' is not a dotted version: its date is compared instead")
          return nil
        }
        return version
      }
      let date = Self.value(change.date).flatMap { text -> FileDate? in
        guard let date = BulletinCatalog.date(text) else {
          warn(change.line, "\(name): date '\(text)' is not a date (expected YYYY/MM/DD)")
          return nil
        }
        return date
      }
      guard version != nil || date != nil else {
        fileChecksLeftOut += 1
        return nil
      }
      let terminal = terminalOnly || (version?.isTerminalServerBuild ?? false)
      // HFNetChk and MBSA 1.x judged x86 hosts: the catalog's patches are the Intel builds.
      return RuleFile(
        edition: terminal ? .terminalServer : nil, platform: .intel, name: name, version: version, date: date,
        size: Self.value(change.size).flatMap { Int($0.filter { $0 != "," }) }, origin: origin(change.line))
    }

    /// A catalog value (trimmed by the reader), or nil for the catalog's `na` and empty ones.
    private static func value(_ text: String) -> String? {
      text.isEmpty || text == "na" || text == "NA" || text == "Na" ? nil : text
    }

    private func origin(_ line: Int) -> FactOrigin { FactOrigin(catalog: path, line: line) }

    /// A rule's rows told apart by the service packs their patches are for only on a build line
    /// where its patches differ in them (Q243835: an SP4/SP5 build and an SP6a build); elsewhere
    /// every row is for every host of the line, as an article's. On a line told apart, the
    /// requirement is the lowest build's (an SP5 host needs the SP5 build, not SP6a): its lowest
    /// service pack when its patch had one, none otherwise; else the highest of the patches'.
    static func separatingBuilds(_ rule: Rule) -> Rule {
      var rule = rule
      var requires: [ServicePackRef] = []
      for line in [BuildLine.standard, .terminalServer] {
        let ranges = Set(rule.files.filter { $0.line == line }.compactMap(\.servicePacks))
        let own = rule.requires.filter { $0.line == line }
        guard ranges.count > 1, let lowest = ranges.min(by: { $0.lowerBound < $1.lowerBound }) else {
          for index in rule.files.indices where rule.files[index].line == line { rule.files[index].servicePacks = nil }
          if let highest = own.max(by: { $0.servicePack < $1.servicePack }) { requires.append(highest) }
          continue
        }
        if let first = own.first(where: { $0.servicePack == lowest.lowerBound }) { requires.append(first) }
      }
      rule.requires = requires
      return rule
    }

    /// Two patches of one Q number as one rule: editions, rows and bulletins of both; per build
    /// line the lowest fixing service pack, and every requirement (`separatingBuilds` keeps one).
    static func joined(_ a: Rule, _ b: Rule) -> Rule {
      var rule = a
      rule.editions.formUnion(b.editions)
      func perLine(_ refs: [ServicePackRef], highest: Bool) -> [ServicePackRef] {
        [BuildLine.standard, .terminalServer].compactMap { line in
          let onLine = refs.filter { $0.line == line }
          return highest ? onLine.max { $0.servicePack < $1.servicePack } : onLine.min { $0.servicePack < $1.servicePack }
        }
      }
      rule.requires = a.requires + b.requires.filter { !a.requires.contains($0) }
      rule.fixedIn = perLine(a.fixedIn + b.fixedIn, highest: false)
      for file in b.files where !rule.files.contains(file) { rule.files.append(file) }
      for bulletin in b.bulletins where !rule.bulletins.contains(where: { $0.id == bulletin.id }) { rule.bulletins.append(bulletin) }
      return rule
    }

    /// A patch whose `SBID` names a `SupercededBy` entry is replaced by the NT 4.0 patches it
    /// names (or, naming none, by its bulletins' NT 4.0 patches).
    private mutating func resolveCatalogReplacements() {
      var byPatch: [String: [String]] = [:]  // "BULLETIN patch" → rule ids
      var byBulletin: [String: [String]] = [:]
      for (id, patches) in sources {
        for patch in patches {
          byPatch[patch.bulletin + " " + patch.patch, default: []].append(id)
          byBulletin[patch.bulletin, default: []].append(id)
        }
      }
      let supersessions = Dictionary(records.supersessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      for (id, patches) in sources.sorted(by: { $0.key < $1.key }) {
        for patch in patches where !patch.supersededBy.isEmpty && patch.supersededBy != "0" {
          guard let supersession = supersessions[patch.supersededBy] else {
            warn(patch.line, "SBID \(patch.supersededBy) is not in the catalog's SupercededBys table")
            continue
          }
          for (bulletin, names) in supersession.bulletins {
            let key = bulletin.uppercased()
            let targets = names.isEmpty ? byBulletin[key] ?? [] : names.flatMap { byPatch[key + " " + $0.lowercased()] ?? [] }
            for target in Set(targets).sorted() where target != id {
              let replacement = Replacement(rule: target, bulletin: key, basis: .catalog, origin: origin(patch.line))
              if entries[id]?.replacedBy.contains(replacement) == false { entries[id]?.replacedBy.append(replacement) }
            }
          }
        }
      }
    }

    /// A rule is also replaced by a later bulletin's rule that checks each of its files, on the
    /// same build line, at or above its level (by version, else by date).
    private mutating func findLaterFiles() {
      let rules = entries.values.filter { !$0.files.isEmpty && !$0.bulletins.isEmpty }
      var byFile: [String: [Rule]] = [:]
      for rule in rules {
        for key in Set(rule.files.map(\.matchKey)) { byFile[key, default: []].append(rule) }
      }
      for rule in rules {
        guard let latest = rule.bulletins.max(), let first = rule.files.first else { continue }
        for later in byFile[first.matchKey] ?? [] where later.id != rule.id {
          guard let theirs = later.bulletins.max(), latest < theirs, latest.id != theirs.id else { continue }
          let covers = rule.files.allSatisfy { row in
            later.files.contains { $0.matchKey == row.matchKey && $0.line == row.line && Self.isAtOrAbove($0, row) }
          }
          guard covers, !(entries[rule.id]?.replacedBy.contains { $0.rule == later.id } ?? true) else { continue }
          entries[rule.id]?.replacedBy.append(
            Replacement(rule: later.id, bulletin: theirs.id, basis: .laterFiles, origin: theirs.origin))
        }
      }
    }

    /// By version when both rows have one, else by date when both have one; otherwise not.
    private static func isAtOrAbove(_ row: RuleFile, _ other: RuleFile) -> Bool {
      if let a = row.version, let b = other.version { return a >= b }
      if other.version == nil, let a = row.date, let b = other.date { return a >= b }
      return false
    }
  }
}
