import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `hotfix-check` binary as its own process (posix_spawn), with standard
/// output and error going to files, and measures it: wall time and the child's peak
/// resident memory (`wait4`'s rusage: no other child counts).
///
/// The memory figure is an upper bound. posix_spawn starts the child in the test process's
/// memory (vfork), and Linux carries that memory's peak into the child's `ru_maxrss` when it
/// runs the binary: small runs show the test process's size (~115 MB), larger ones their own.
struct MeasuredRun {
  var status: Int32
  /// Set when the process ended by a signal.
  var signal: Int32?
  var stdout: String
  var stderr: String
  var seconds: Double
  /// Peak resident set size in kilobytes (Linux `ru_maxrss`; at least the test process's, see above).
  var maxRSSKilobytes: Int
  var timedOut: Bool

  var maxRSSMegabytes: Double { Double(maxRSSKilobytes) / 1024 }
  var summary: String {
    "exit \(status)\(signal.map { " signal \($0)" } ?? "") in \(String(format: "%.2f", seconds)) s, max RSS \(String(format: "%.1f", maxRSSMegabytes)) MB\(timedOut ? " TIMED OUT" : "")"
  }
}

struct HostileRunError: Error, CustomStringConvertible {
  var description: String
}

/// A fresh folder under the system's temporary folder, for one test's inputs and outputs.
func temporaryFolder(_ label: String) throws -> String {
  let path = NSTemporaryDirectory() + "hotfix-check-\(label)-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// A process started with posix_spawn; `finish` waits for it (killing it after `timeout`).
final class SpawnedBinary {
  let pid: pid_t
  let stdoutPath: String
  let stderrPath: String
  let started: Date

  /// Starts the binary with standard input from `stdinPath`, standard output to a file in
  /// `folder` or, with `stdoutDescriptor`, onto that descriptor (a device or a pipe), and standard
  /// error to a file. With `defaultSIGPIPE` false the child keeps this process's disposition of SIGPIPE.
  init(
    _ arguments: [String], stdinPath: String = "/dev/null", folder: String, stdoutDescriptor: Int32? = nil,
    defaultSIGPIPE: Bool = true
  ) throws {
    let arguments = seedOnly(arguments)
    guard let binary = EndToEndTests.binary else { throw HostileRunError(description: "hotfix-check binary not found beside the tests") }
    stdoutPath = folder + "/run-\(UUID().uuidString).stdout"
    stderrPath = folder + "/run-\(UUID().uuidString).stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    if let stdoutDescriptor {
      posix_spawn_file_actions_adddup2(&actions, stdoutDescriptor, 1)
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([binary.path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var environment = ProcessInfo.processInfo.environment
    environment["SOURCE_DATE_EPOCH"] = "1764176400"
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in envp { free(pointer) } }
    // The test runner's threads block signals (Dispatch does), and a spawned process would
    // inherit that mask: start the binary with no signal blocked and default dispositions.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGTERM, SIGHUP] + (defaultSIGPIPE ? [SIGPIPE] : []) { sigaddset(&defaults, number) }
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    started = Date()
    let result = posix_spawn(&pid, binary.path, &actions, &attributes, argv, envp)
    guard result == 0 else { throw HostileRunError(description: "posix_spawn: \(String(cString: strerror(result)))") }
    self.pid = pid
  }

  func send(_ signalNumber: Int32) { kill(pid, signalNumber) }

  func finish(timeout: Double) -> MeasuredRun {
    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    while true {
      let done = wait4(pid, &status, WNOHANG, &usage)
      if done == pid { break }
      if done < 0 && errno != EINTR { break }
      if !timedOut && Date().timeIntervalSince(started) > timeout {
        timedOut = true
        kill(pid, SIGKILL)
      }
      usleep(5_000)
    }
    let seconds = Date().timeIntervalSince(started)
    let termination = status & 0x7f
    let stdout = FileManager.default.contents(atPath: stdoutPath) ?? Data()
    let stderr = FileManager.default.contents(atPath: stderrPath) ?? Data()
    try? FileManager.default.removeItem(atPath: stdoutPath)
    try? FileManager.default.removeItem(atPath: stderrPath)
    return MeasuredRun(
      status: termination == 0 ? (status >> 8) & 0xff : -1,
      signal: termination == 0 ? nil : termination,
      stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self),
      seconds: seconds, maxRSSKilobytes: Int(usage.ru_maxrss), timedOut: timedOut)
  }
}

/// Runs the binary to the end (at most `timeout` seconds) and measures it.
func runMeasured(_ arguments: [String], stdinPath: String = "/dev/null", timeout: Double = 60) throws -> MeasuredRun {
  let folder = try temporaryFolder("run")
  defer { try? FileManager.default.removeItem(atPath: folder) }
  return try SpawnedBinary(arguments, stdinPath: stdinPath, folder: folder).finish(timeout: timeout)
}

/// A TCP listener on 127.0.0.1 (an ephemeral port), to prove that nothing connects to it.
final class LoopbackListener {
  let socketDescriptor: Int32
  let port: UInt16

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    socketDescriptor = descriptor
    guard descriptor >= 0 else { throw HostileRunError(description: "socket failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(descriptor, 16) == 0 else { throw HostileRunError(description: "bind/listen failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    port = UInt16(bigEndian: address.sin_port)
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
  }

  /// How many connections reached the listener so far (the kernel completes them without accept).
  func connectionsSoFar() -> Int {
    var count = 0
    while true {
      let client = accept(socketDescriptor, nil, nil)
      if client < 0 { return count }
      count += 1
      close(client)
    }
  }

  deinit { close(socketDescriptor) }
}
