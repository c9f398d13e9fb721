import ArgumentParser
import Foundation
import StudioCommandLine
#if canImport(Glibc)
// One malloc arena, not one per thread: the menu's figures are computed on background threads, and glibc's
// arena per thread kept each thread's freed year of records as resident memory (bench: 162 → 109 MB).
// MALLOC_ARENA_MAX in the environment still decides.
if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { GlibcMalloc.limitArenas(1) }
#endif

// Our own failures already say everything in Chinese; print them without "Error:".
do {
    var command = try StudioDeskCommand.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    printError("错误：" + failure.description)
    exit(1)
} catch {
    // The parser's own messages and help in Chinese (ChineseMessages).
    exitInChinese(StudioDeskCommand.self, withError: error)
}
