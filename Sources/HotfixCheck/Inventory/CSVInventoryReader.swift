import Foundation
import KBData

/// Reads the CSV inventory of contract section 3 (one row per file, columns found
/// by name), handing on each host when its rows end.
public enum CSVInventoryReader {
  /// Reads a file; `name` is how errors and reports name it. With a `filter`, only
  /// the files it passes are kept (every row is still checked).
  public static func read(path: String, name: String? = nil, filter: FileNameIndex? = nil, emit: (InventoryItem) -> Void) {
    let label = name ?? path
    InventoryError.withOpenFile(path, label: label, emit: emit) { read(fileDescriptor: $0, name: label, filter: filter, emit: emit) }
  }

  /// Reads one part of a large file (see `CSVSplitPlan`). The parts after this one stop
  /// counting when this part finds that its end is not where a host ends (it then reads on
  /// to the end of the file itself), or meets text that cannot be split.
  static func read(part: CSVPart, plan: CSVSplitPlan, name: String, filter: FileNameIndex?, emit: (InventoryItem) -> Void) {
    InventoryError.withOpenFile(plan.path, label: name, emit: emit) { descriptor in
      readRecords(
        fileDescriptor: descriptor, name: name, filter: filter, part: (part, plan), stopsLaterParts: { plan.drop(after: part.index) },
        emit: emit)
    }
  }

  /// Reads an open descriptor, such as standard input (`-`).
  public static func read(fileDescriptor: Int32, name: String, filter: FileNameIndex? = nil, emit: (InventoryItem) -> Void) {
    // A header and no rows is reported, never passed in silence (as an XML inventory with no host is).
    var handedOn = 0
    readRecords(fileDescriptor: fileDescriptor, name: name, filter: filter, part: nil, stopsLaterParts: {}) { item in
      handedOn += 1
      emit(item)
    }
    if handedOn == 0 {
      emit(
        .failure(
          InventoryError(file: name, line: 2, column: 1, message: "no rows after the header: expected one row per file of each host")))
    }
  }

  private static func readRecords(
    fileDescriptor: Int32, name: String, filter: FileNameIndex?, part: (CSVPart, CSVSplitPlan)?, stopsLaterParts: () -> Void,
    emit: (InventoryItem) -> Void
  ) {
    // A later part of a large file reads only the header from the start: with a small buffer,
    // not a full chunk (22 parts read 22 MB of a 181 MB file for their headers).
    var reader = CSVRecordReader(fileDescriptor: fileDescriptor, chunkSize: (part?.0.index ?? 0) > 0 ? 1 << 14 : CSVRecordReader.chunkSize)
    var assembler: CSVHostAssembler
    do {
      guard try reader.next() else {
        emit(
          .failure(
            InventoryError(
              file: name, line: 1, column: 1,
              message: "empty file: expected a header row naming host, edition, service_pack, platform, path")))
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
    assembler.gathers = part == nil
    var end = Int64.max  // where this part stops; past it, reading goes on only when the cut was wrong
    var endLine = 0
    if let (part, plan) = part {
      let start = plan.cut(part.index)
      if part.index + 1 < part.count { (end, endLine) = plan.cut(part.index + 1) }
      if start.offset >= end { return }  // an empty part (a host longer than a part)
      if part.index > 0 {
        do {
          reader = CSVRecordReader(fileDescriptor: fileDescriptor)
          try reader.seek(to: start.offset, line: start.line)
        } catch {
          stopsLaterParts()
          return
        }
      }
    }
    while true {
      do {
        if reader.offset >= end {
          let atCut = reader.offset == end
          end = .max
          if atCut && reader.nextRecordLine == endLine {
            // A record ends exactly here, on the line the next part starts from, and the next
            // record names another host: the next part takes over.
            guard try reader.next(), assembler.continuesOpenHost(&reader) else { break }
            stopsLaterParts()  // else this part reads on, as if the file were whole
            assembler.add(&reader)
          } else {
            stopsLaterParts()  // a record runs over the cut, or the lines disagree: the cut was wrong
          }
          continue
        }
        guard try reader.next() else { break }
        assembler.add(&reader)
        if !assembler.ready.isEmpty { assembler.handOn(emit) }
      } catch let error as CSVSyntaxError {
        // The text cannot be split past this point: the open host fails, earlier hosts stand.
        stopsLaterParts()
        assembler.fail(
          with: InventoryError(file: name, line: error.line, column: error.column, message: error.message), reader: &reader, emit: emit)
        return
      } catch {
        break
      }
    }
    assembler.finish(emit: emit)
  }
}
