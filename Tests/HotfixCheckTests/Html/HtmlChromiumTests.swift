import Foundation
import Testing
@testable import HotfixCheck

/// Headless Chromium (Debian's `chromium`), when installed.
let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
  .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The example fleet's page in a real browser: its text carries the plan, and it renders to a PNG.
@Suite(.enabled(if: chromium != nil, "chromium is not installed"), .serialized)
struct HtmlChromiumTests {
  /// Runs chromium headless on `arguments`, killing it after a minute; returns standard output.
  func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = ["120", chromium ?? "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--user-data-dir=\(NSTemporaryDirectory())hotfix-check-chromium-\(getpid())"] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  func examplePage() throws -> URL {
    let html = renderExampleFleet(HTMLReportWriter())
    let url = URL(fileURLWithPath: NSTemporaryDirectory() + "hotfix-check-example-fleet-\(getpid()).html")
    try html.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func pageTextCarriesThePlan() throws {
    let dom = try run(["--dump-dom", try examplePage().absoluteString])
    #expect(dom.contains("Hosts by verdict"))
    #expect(dom.contains("Install SP5"))
    #expect(dom.contains("Install Q256149"))
    #expect(dom.contains("Reinstall Q256149"))
    #expect(dom.contains("NTSRV03"))
    // The inline SVG chart survived the HTML parser as SVG.
    #expect(dom.contains("<rect"))
  }

  @Test func pageRendersToAPNG() throws {
    let png = ProcessInfo.processInfo.environment["HOTFIX_CHECK_SCREENSHOT"]
      ?? NSTemporaryDirectory() + "hotfix-check-example-fleet.png"
    try? FileManager.default.removeItem(atPath: png)
    _ = try run(["--screenshot=\(png)", "--window-size=1280,1800", "--hide-scrollbars", try examplePage().absoluteString])
    let data = try #require(FileManager.default.contents(atPath: png), "chromium wrote no screenshot")
    #expect(data.count > 10_000)
    #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
  }
}
