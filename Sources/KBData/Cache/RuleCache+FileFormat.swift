// The layout of a cache file: a header (magic, format, key, length, checksum) before the manifest
// and the rules as catalog text.
extension RuleCache {
  /// Bumped whenever the file layout or the codec changes (the program's identity changes too when it
  /// is rebuilt, but a rebuilt program of the same size and mtime is not impossible).
  static let formatVersion: UInt64 = 2
  /// The first eight bytes of a cache file.
  static let magic: [UInt8] = Array("HFKBRUL1".utf8)

  /// A cache file's facts if it is whole, made for this key and (when asked) its manifest still holds.
  ///
  /// File layout: magic (8 bytes); format version, key, payload length, payload checksum (each 8 bytes
  /// little-endian); the payload: the manifest, then the facts as catalog text (CatalogText). Manifest: block count, then
  /// per block its entry count, the combined fingerprint of its entries (8 bytes) and its byte length,
  /// then its entries: paths, front-coded (length shared with the previous path in the block, then the
  /// rest), the first of each block whole, so blocks can be checked apart.
  static func decodeFile(_ bytes: [UInt8], key: UInt64, checkManifest: Bool) -> Catalog? {
    guard bytes.count >= magic.count + 32, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
    var header = ByteReader(bytes, magic.count..<bytes.count)
    guard (try? header.fixed()) == formatVersion, (try? header.fixed()) == key,
      let length = try? header.fixed(), let checksum = try? header.fixed(),
      length == UInt64(header.remaining)
    else { return nil }
    let payload = (magic.count + 32)..<bytes.count
    var hash = Hash64()
    hash.add(bytes.span.extracting(payload))
    guard hash.value == checksum else { return nil }

    var input = ByteReader(bytes, payload)
    guard let blocks = try? Manifest.blocks(&input) else { return nil }
    if checkManifest && !Manifest.holds(blocks, in: bytes, payload: payload) { return nil }
    return try? CatalogText.read(bytes: bytes[(payload.lowerBound + input.offset)...])
  }

  static func encodeFile(_ catalog: Catalog, manifest: Manifest, key: UInt64) -> [UInt8] {
    var payload = ByteWriter()
    manifest.encode(into: &payload)
    payload.bytes += Array(CatalogText.write(catalog).utf8)
    return wrap(payload.bytes, key: key)
  }

  /// The header before a payload.
  static func wrap(_ payload: [UInt8], key: UInt64) -> [UInt8] {
    var hash = Hash64()
    hash.add(payload.span)
    var out = ByteWriter()
    out.bytes = magic
    out.fixed(formatVersion)
    out.fixed(key)
    out.fixed(UInt64(payload.count))
    out.fixed(hash.value)
    out.bytes += payload
    return out.bytes
  }
}
