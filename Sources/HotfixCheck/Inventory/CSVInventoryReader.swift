import Foundation
import KBData

/// Reads the CSV inventory of contract section 3 (one row per file, columns found
/// by name), handing on each host when its rows end.
public enum CSVInventoryReader {
  /// Reads a file; `name` is how errors and reports name it. With a `filter`, only
  /// the files it passes are kept (every row is still checked).
  public static func read(path: String, name: String? = nil, filter: FileNameFilter? = nil, emit: (InventoryItem) -> Void) {
    let label = name ?? path
    InventoryError.withOpenFile(path, label: label, emit: emit) { read(fileDescriptor: $0, name: label, filter: filter, emit: emit) }
  }

  /// Reads an open descriptor, such as standard input (`-`).
  public static func read(fileDescriptor: Int32, name: String, filter: FileNameFilter? = nil, emit: (InventoryItem) -> Void) {
    // A header and no rows is reported, never passed in silence (as an XML inventory with no host is).
    var handedOn = 0
    readRecords(fileDescriptor: fileDescriptor, name: name, filter: filter) { item in
      handedOn += 1
      emit(item)
    }
    if handedOn == 0 {
      emit(.failure(InventoryError(file: name, line: 2, column: 1, message: "no rows after the header: expected one row per file of each host")))
    }
  }

  private static func readRecords(fileDescriptor: Int32, name: String, filter: FileNameFilter?, emit: (InventoryItem) -> Void) {
    var reader = CSVRecordReader(fileDescriptor: fileDescriptor)
    var assembler: CSVHostAssembler
    do {
      guard try reader.next() else {
        emit(.failure(InventoryError(file: name, line: 1, column: 1, message: "empty file: expected a header row naming host, edition, service_pack, platform, path")))
        return
      }
      assembler = try CSVHostAssembler(header: &reader, file: name, filter: filter)
    } catch let error as CSVSyntaxError {
      emit(.failure(InventoryError(file: name, line: error.line, column: error.column, message: error.message)))
      return
    } catch let error as InventoryError {
      emit(.failure(error))
      return
    } catch {
      return
    }
    while true {
      do {
        guard try reader.next() else { break }
        assembler.add(&reader, emit: emit)
      } catch let error as CSVSyntaxError {
        // The text cannot be split past this point: the open host fails, earlier hosts stand.
        assembler.fail(with: InventoryError(file: name, line: error.line, column: error.column, message: error.message), reader: &reader, emit: emit)
        return
      } catch {
        break
      }
    }
    assembler.finish(emit: emit)
  }
}
