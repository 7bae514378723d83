// libFuzzer harness: the CSV inventory reader on arbitrary bytes (scripts/fuzz csv).
// Compiled into the HotfixCheck module itself (see scripts/fuzz), so no import of it here.
import KBData

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let path = FuzzInputFile.write(data, size, suffix: ".csv")
  var hosts = 0
  CSVInventoryReader.read(path: path, name: "fuzz.csv") { item in
    switch item {
    case .host(let host): hosts += host.files.count + 1
    case .failure(let error):
      // Every failure names the file and a place in it.
      precondition(error.file == "fuzz.csv" && error.line >= 0 && error.column >= 0, "bad failure: \(error)")
      _ = error.description
    }
  }
  return 0
}
