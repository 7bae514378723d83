import Foundation
import PackagePlugin

/// Runs `embed-articles` over the package's `kb/` folder so that the bundled
/// articles and the built-in catalog (`kb/catalog.tsv`) become part of the KBData module:
/// the binary works from any folder.
@main
struct EmbedArticles: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let kb = context.package.directoryURL.appending(path: "kb")
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
        executable: try context.tool(named: "embed-articles").url,
        arguments: [kb.path, output.path],
        inputFiles: inputs,
        outputFiles: [output]
      )
    ]
  }
}
