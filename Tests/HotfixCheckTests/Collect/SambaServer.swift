import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A Samba server the test starts on 127.0.0.1, as a stand-in NT 4.0 host: SMB1 only (NT LM
/// 0.12), an unprivileged port, and every file it keeps (config, passwords, registry, locks,
/// logs) under its own temporary folder. `stop()` ends it and the helpers it started.
///
/// What Samba cannot be made to say, and so a test of it cannot check: it answers
/// `...\Windows NT\CurrentVersion` itself (CurrentVersion 6.1, SystemRoot c:\Windows, no
/// CSDVersion or CurrentBuildNumber) and ProductOptions' ProductType (ServerNT), ignoring
/// planted values; its `net registry import` keeps one value per key. Values are therefore
/// set one by one with `net registry setvalue`, and the service pack is planted as NT 4.0's
/// other copy of it, the CSDVersion DWORD under Control\Windows.
final class SambaServer {
  let folder: URL
  let port: UInt16
  let config: String
  private var pid: pid_t = 0

  /// Writes the config with ADMIN$ at `systemRoot` and C$ at `drive`, and adds the current
  /// Unix user with `password`. On `port` 139 (inside `withNetBIOSPort`) Samba takes
  /// NetBIOS session requests, as NT 4.0 does, and `%L` in a path is the name the client called.
  init(folder: URL, drive: URL, systemRoot: URL, password: String, port: UInt16? = nil) throws {
    self.folder = folder
    self.port = try port ?? SambaServer.freePort()
    config = folder.appendingPathComponent("smb.conf").path
    for name in ["private", "lock", "state", "cache", "pid", "ncalrpc", "log"] {
      try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    let dir = folder.path
    let text = """
      [global]
        server min protocol = NT1
        server max protocol = NT1
        smb ports = \(self.port)
        interfaces = 127.0.0.1
        bind interfaces only = yes
        \(self.port == 139 ? "" : "disable netbios = yes")
        workgroup = NTDOM
        netbios name = NTSTANDIN
        private dir = \(dir)/private
        lock directory = \(dir)/lock
        state directory = \(dir)/state
        cache directory = \(dir)/cache
        pid directory = \(dir)/pid
        ncalrpc dir = \(dir)/ncalrpc
        log file = \(dir)/log/%m.log
        passdb backend = tdbsam:\(dir)/private/passdb.tdb
        load printers = no
        printing = bsd
        printcap name = /dev/null
        disable spoolss = yes
      [ADMIN$]
        path = \(systemRoot.path)
        read only = yes
      [C$]
        path = \(drive.path)
        read only = yes

      """
    try Data(text.utf8).write(to: URL(fileURLWithPath: config))
    let add = try CollectorWine.run(
      "/bin/sh", ["-c", #"printf '%s\n%s\n' "$1" "$1" | smbpasswd -c "$0" -s -a "$2""#, config, password, Self.userName], timeout: 60)
    guard add.status == 0 else { throw CollectorWine.WineError("smbpasswd: \(add.all)") }
  }

  static var userName: String { String(cString: getpwuid(geteuid()).pointee.pw_name) }

  /// `net registry createkey` and `setvalue` for each value (HKLM\...), before the server starts.
  func plant(_ values: [(key: String, name: String, type: String, value: String)]) throws {
    for key in Set(values.map(\.key)) {
      let result = try CollectorWine.run("net", ["-s", config, "registry", "createkey", #"HKLM\"# + key], timeout: 60)
      guard result.status == 0 else { throw CollectorWine.WineError("net registry createkey \(key): \(result.all)") }
    }
    for value in values {
      let result = try CollectorWine.run(
        "net", ["-s", config, "registry", "setvalue", #"HKLM\"# + value.key, value.name, value.type, value.value], timeout: 60)
      guard result.status == 0 else { throw CollectorWine.WineError("net registry setvalue \(value.key) \(value.name): \(result.all)") }
    }
  }

  /// Starts smbd in its own process group and waits until it takes connections.
  func start() throws {
    let log = folder.appendingPathComponent("log/smbd.out").path
    let argv = ["smbd", "--foreground", "--no-process-group", "-s", config, "-d", "1", "--debug-stdout"]
    guard let smbd = CollectorWine.onPath("smbd") else { throw CollectorWine.WineError("smbd is not on PATH") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      cArguments.forEach { free($0) }
      cEnvironment.forEach { free($0) }
    }
    let spawned = posix_spawn(&pid, smbd, &actions, &attributes, cArguments, cEnvironment)
    guard spawned == 0 else { throw CollectorWine.WineError("cannot start smbd: \(String(cString: strerror(spawned)))") }
    let deadline = Date().addingTimeInterval(30)
    while !Self.accepts(port: port) {
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid {
        pid = 0
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw CollectorWine.WineError("smbd ended at start (status \(status)): \(text.suffix(2000))")
      }
      if Date() > deadline { throw CollectorWine.WineError("smbd does not listen on port \(port) after 30 s") }
      usleep(100_000)
    }
  }

  /// Ends smbd's process group, then the RPC helpers (samba-dcerpcd, rpcd_winreg) it started,
  /// which leave the group (setsid): known by this server's own config path on their command line.
  func stop() {
    if pid > 0 {
      kill(-pid, SIGTERM)
      var status: Int32 = 0
      for _ in 0..<50 where waitpid(pid, &status, WNOHANG) == 0 { usleep(100_000) }
      kill(-pid, SIGKILL)
      _ = waitpid(pid, &status, 0)
      pid = 0
    }
    for signal in [SIGTERM, SIGKILL] {
      let helpers = helperProcesses()
      if helpers.isEmpty { break }
      helpers.forEach { kill($0, signal) }
      usleep(300_000)
    }
  }

  private func helperProcesses() -> [pid_t] {
    let marker = Data(config.utf8)
    let own = getpid()
    return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
      guard let pid = Int32(entry), pid != own,
        let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), line.range(of: marker) != nil
      else { return nil }
      return pid
    }
  }

  deinit { stop() }

  /// A port nobody listens on now (the kernel's choice for a socket bound to port 0).
  static func freePort() throws -> UInt16 {
    let (fd, port) = try boundSocket()
    close(fd)
    return port
  }

  /// A host that takes connections and never answers (a hung host): the kernel accepts them
  /// into the backlog. Close `fd` to end it.
  static func silentListener() throws -> (fd: Int32, port: UInt16) {
    let (fd, port) = try boundSocket()
    guard listen(fd, 16) == 0 else {
      close(fd)
      throw CollectorWine.WineError("listen: \(String(cString: strerror(errno)))")
    }
    return (fd, port)
  }

  /// Runs `body` while holding the machine's lock on port 139 on 127.0.0.1: other test runs
  /// (other checkouts) wait, as only one server can have it. Throws when another program has it.
  static func withNetBIOSPort<T>(_ body: () throws -> T) throws -> T {
    let fd = open("/tmp/hotfix-check-netbios-139.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw CollectorWine.WineError("cannot open the port 139 lock: \(String(cString: strerror(errno)))") }
    defer { close(fd) }  // which releases the lock
    guard flock(fd, LOCK_EX) == 0 else { throw CollectorWine.WineError("flock: \(String(cString: strerror(errno)))") }
    guard !accepts(port: 139) else { throw CollectorWine.WineError("another program listens on 127.0.0.1 port 139 (a Samba server?)") }
    return try body()
  }

  /// A TCP socket bound to a port of the kernel's choice on 127.0.0.1, and the port.
  private static func boundSocket() throws -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw CollectorWine.WineError("socket: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else {
      close(fd)
      throw CollectorWine.WineError("bind: \(String(cString: strerror(errno)))")
    }
    return (fd, UInt16(bigEndian: address.sin_port))
  }

  static func accepts(port: UInt16) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }
}
