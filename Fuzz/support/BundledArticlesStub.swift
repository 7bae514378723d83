// Stands in for the EmbedResources plugin's output when KBData is compiled by swiftc for fuzzing.
let bundledArticleSources: [(path: String, base64: String)] = []
let bundledCatalogText = ""
