// The helpers every subcommand uses (Failure, loadProfiles, OutputFormat, TextTable, printError) live in
// StudioCommandLine, shared with `studiodesk-bench`; exported once here rather than imported in every file.
@_exported import StudioCommandLine
