import Foundation
import PackagePlugin

/// Runs `embed-resources` so that files the program needs at run time become part of its modules,
/// and the binary works from any folder. One source of truth each: the files themselves.
/// - KBData: the articles of `kb/` and the built-in catalog `kb/catalog.tsv`.
/// - HotfixCheck: `schemas/report-html.xsl`, the stylesheet of the HTML page.
@main
struct EmbedResources: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let tool = try context.tool(named: "embed-resources").url
    let package = context.package.directoryURL
    switch target.name {
    case "HotfixCheck":
      let stylesheet = package.appending(path: "schemas/report-html.xsl")
      let output = context.pluginWorkDirectoryURL.appending(path: "HTMLStylesheet.swift")
      return [
        .buildCommand(
          displayName: "Embedding schemas/report-html.xsl",
          executable: tool,
          arguments: ["--text", "htmlReportStylesheet", stylesheet.path, output.path],
          inputFiles: [stylesheet],
          outputFiles: [output]
        )
      ]
    default:
      let kb = package.appending(path: "kb")
      let output = context.pluginWorkDirectoryURL.appending(path: "BundledArticles.swift")
      var inputs: [URL] = []
      if let walker = FileManager.default.enumerator(at: kb, includingPropertiesForKeys: nil) {
        for case let url as URL in walker
        where url.lastPathComponent.hasSuffix(".md") || url.lastPathComponent == "catalog.tsv" {
          inputs.append(url)
        }
      }
      inputs.sort { $0.path < $1.path }
      return [
        .buildCommand(
          displayName: "Embedding the catalog and bundled articles of kb/",
          executable: tool,
          arguments: [kb.path, output.path],
          inputFiles: inputs,
          outputFiles: [output]
        )
      ]
    }
  }
}
