// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "hotfix-check",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "hotfix-check", targets: ["hotfix-check"]),
    .library(name: "KBData", targets: ["KBData"]),
    .library(name: "HotfixCheck", targets: ["HotfixCheck"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // libxml2 as Debian ships it (libxml2-dev); only HotfixCheck/XML touches it.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    // libxslt as Debian ships it (libxslt1-dev): the XML report to HTML (HotfixCheck/XML/LibXML2.swift).
    .systemLibrary(
      name: "CLibXSLT",
      pkgConfig: "libxslt",
      providers: [.apt(["libxslt1-dev"])]
    ),
    // Turns kb/ (articles, the built-in catalog) and the HTML stylesheet into Swift source, so
    // the binary carries them.
    .executableTarget(name: "embed-resources", path: "Sources/embed-resources"),
    .plugin(
      name: "EmbedResources",
      capability: .buildTool(),
      dependencies: ["embed-resources"]
    ),
    // Every system call (open, read, write, stat, rename, ...), shared by KBData and HotfixCheck,
    // which import it `internal`: not a product, not part of either library's API.
    .target(name: "SystemCalls"),
    .target(
      name: "KBData",
      dependencies: ["SystemCalls"],
      plugins: ["EmbedResources"]
    ),
    .target(
      name: "HotfixCheck",
      dependencies: ["KBData", "SystemCalls", "CLibXML2", "CLibXSLT"],
      // The HTML page's stylesheet, schemas/report-html.xsl.
      plugins: ["EmbedResources"]
    ),
    .executableTarget(
      name: "hotfix-check",
      dependencies: [
        "HotfixCheck", "KBData", "SystemCalls",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "KBDataTests",
      dependencies: ["KBData"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "HotfixCheckTests",
      dependencies: ["HotfixCheck", "KBData", "SystemCalls", "CLibXML2"],
      resources: [.copy("Fixtures")]
    ),
  ]
)
