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
  // The same bytes read in parts of 64 bytes, as a file of 16 MB or more is (CSVSplitPlan),
  // with the whole-file scan for hosts whose rows are apart.
  if let plan = CSVSplitPlan.make(path: path, partSize: 64) {
    for index in 0..<plan.count {
      CSVInventoryReader.read(part: CSVPart(index: index, count: plan.count), plan: plan, name: "fuzz.csv", filter: nil) { item in
        if case .failure(let error) = item {
          precondition(error.file == "fuzz.csv" && error.line >= 0 && error.column >= 0, "bad failure: \(error)")
        }
      }
    }
    if let lines = plan.linesApart(of: "h") { precondition(lines.count >= 2 && lines == lines.sorted(), "blocks: \(lines)") }
  }
  return 0
}
