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
    process.arguments =
      [
        "120", chromium ?? "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--user-data-dir=\(NSTemporaryDirectory())hotfix-check-chromium-\(getpid())",
      ] + arguments
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

  /// The text a reader sees: tags and the style sheet dropped, white space collapsed.
  func visibleText(_ dom: String) -> String {
    var text = dom.replacingOccurrences(of: "<style[^>]*>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
      of: "&gt;", with: ">")
    text = text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    return text.replacingOccurrences(of: " :", with: ":").replacingOccurrences(of: " )", with: ")").replacingOccurrences(
      of: "( ", with: "(")
  }

  @Test func pageTextCarriesThePlan() throws {
    let dom = try run(["--dump-dom", try examplePage().absoluteString])
    // The inline SVG chart survived the HTML parser as SVG.
    #expect(dom.contains("<rect"))
    #expect(!dom.contains("<script"))
    let text = visibleText(dom)
    #expect(text.contains("Hosts by verdict"))
    #expect(text.contains("Install SP5 on 1 host: settles 0 rules (needed first by 1 rule)"))
    #expect(text.contains("Install Q256149 on 4 hosts: settles 4 rules"))
    #expect(text.contains("Reinstall Q256149 on 1 host: settles 1 rule"))
    // NTSRV03's own plan: the service pack, then the hotfix.
    #expect(text.contains("NTSRV03 prerequisite-missing server, SP4, intel"))
    #expect(
      text.contains(
        "Plan: Install SP5 needed first by: Q256149 Install Q256149 — Memory Leak Using Multiple Threads to Call CoGetClassObject() settles: Q256149"
      ))
  }

  @Test func pageRendersToAPNG() throws {
    let png =
      ProcessInfo.processInfo.environment["HOTFIX_CHECK_SCREENSHOT"]
      ?? NSTemporaryDirectory() + "hotfix-check-example-fleet.png"
    try? FileManager.default.removeItem(atPath: png)
    _ = try run(["--screenshot=\(png)", "--window-size=1280,1800", "--hide-scrollbars", try examplePage().absoluteString])
    let data = try #require(FileManager.default.contents(atPath: png), "chromium wrote no screenshot")
    #expect(data.count > 10_000)
    #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
  }
}
