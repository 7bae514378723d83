// libFuzzer harness: the XML inventory reader on arbitrary bytes (scripts/fuzz xml).
// Compiled into the HotfixCheck module itself (see scripts/fuzz), so no import of it here.
import KBData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let path = FuzzInputFile.write(data, size, suffix: ".xml")
  var hosts = 0
  XMLInventoryReader.read(path: path, name: "fuzz.xml") { item in
    switch item {
    case .host(let host): hosts += host.files.count + 1
    case .failure(let error):
      precondition(error.file == "fuzz.xml" && error.line >= 0 && error.column >= 0, "bad failure: \(error)")
      _ = error.description
    }
  }
  return 0
}
