import ArgumentParser
import Foundation
import StudioCommandLine
#if canImport(Glibc)
// One malloc arena, as `studiodesk` runs (see its main.swift): the memory figures are the program's.
if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { GlibcMalloc.limitArenas(1) }
#endif

// Our own failures already say everything in Chinese; print them without "Error:".
do {
    var command = try BenchmarkCommand.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    printError("错误：" + failure.description)
    exit(1)
} catch {
    exitInChinese(BenchmarkCommand.self, withError: error)
}
