import ArgumentParser
import Foundation

/// `studiodesk bench` became its own program, `studiodesk-bench`, so the product does not carry the benchmark and its
/// histogram library; the old name stays, hidden, to say where it went (exit 1: nothing was measured).
struct BenchMovedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能测试已移至单独的程序 studiodesk-bench。",
        shouldDisplay: false
    )

    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() throws {
        let rest = arguments.map { " " + $0 }.joined()
        throw Failure("性能测试已移至单独的程序 studiodesk-bench，与本程序一同构建：\n"
            + "  swift build -c release && .build/release/studiodesk-bench\(rest)")
    }
}
