// Stands in for the EmbedResources plugin's output when HotfixCheck is compiled by swiftc for fuzzing.
let htmlReportStylesheet = ""
