// Shared by the CSV and XML harnesses: each input goes to one temporary file (the readers take paths).
#if canImport(Glibc)
  import Glibc
#endif

enum FuzzInputFile {
  /// One file per process, in /dev/shm when there is one, rewritten for each input.
  static let path: String = {
    let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(folder)/hotfix-check-fuzz-\(getpid())"
  }()

  static func write(_ data: UnsafePointer<UInt8>?, _ size: Int, suffix: String) -> String {
    let file = path + suffix
    let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(descriptor >= 0, "cannot write \(file)")
    var written = 0
    while written < size, let data {
      let got = Glibc.write(descriptor, data + written, size - written)
      precondition(got > 0)
      written += got
    }
    close(descriptor)
    return file
  }
}
