import Foundation
import PropertyBased
import Testing
@testable import StudioApp
@testable import StudioCore
@testable import TerminalKit
import StudioResources

/// Random keys and resizes against every screen through the in-memory terminal: no crash, no hang, and every frame
/// keeps the screen's invariants. Seeded (PropertyBased's Xoshiro), so a failing run replays from its seed.
@Suite struct FuzzTests {
    /// What a clerk's keyboard and terminal can send: printable ASCII and Chinese, control and function keys, Esc
    /// sequences the decoder passes on as keys, and window sizes from 20×5 to 300×100. No "/" or "~": typed paths
    /// stay relative, so files the forms write land in the test's own directory.
    static let ascii = Array(" !\"#$%&'()*+,-.0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}")
    static let chinese = Array("张王李赵明湖区委员工作室值班提案社情民意群众意见活动审核一二三四五年月日，。、（）《》：；")
    static let special: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .insert, .delete, .backspace,
                                 .enter, .tab, .backTab, .escape, .escape, .enter, .alt("x")]
        + (1...12).map(Key.function) + ["a", "c", "e", "k", "s", "u", "w"].map { Key.ctrl(Character($0)) }

    enum Event { case key(Key), resize(Int, Int) }

    static func event(_ rng: inout Xoshiro) -> Event {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<2:
            // Mostly usable sizes, sometimes far too small or very large.
            if Bool.random(using: &rng) { return .resize(Int.random(in: 80...140, using: &rng), Int.random(in: 24...50, using: &rng)) }
            return .resize(Int.random(in: 20...300, using: &rng), Int.random(in: 5...100, using: &rng))
        case 2..<40: return .key(special.randomElement(using: &rng)!)
        case 40..<48: return .key(.char(chinese.randomElement(using: &rng)!))
        case 48..<60: return .key(.char(Character(String(Int.random(in: 0...9, using: &rng)))))
        default: return .key(.char(ascii.randomElement(using: &rng)!))
        }
    }

    /// The invariants of a frame: the right size, no double-width character cut or overlapping the edge, continuation
    /// cells only after a wide character, the cursor on the screen.
    static func check(_ b: Buffer, width: Int, height: Int) -> String? {
        guard b.width == width, b.height == height, b.cells.count == width * height else { return "frame is \(b.width)×\(b.height), terminal \(width)×\(height)" }
        for row in 0..<height {
            for col in 0..<width {
                let cell = b[row, col]
                if cell.isContinuation {
                    guard col > 0, DisplayWidth.of(b[row, col - 1].symbol) == 2 else { return "stray continuation cell at \(row),\(col)" }
                    continue
                }
                // ASCII is one column; only other symbols need the width table (this check runs on every frame).
                if cell.symbol.utf8.count == 1 {
                    guard let b0 = cell.symbol.utf8.first, b0 >= 0x20, b0 != 0x7F else { return "control character at \(row),\(col)" }
                    continue
                }
                let w = DisplayWidth.of(cell.symbol)
                if w == 2 && (col == width - 1 || !b[row, col + 1].isContinuation) { return "wide character cut at \(row),\(col): \(cell.symbol)" }
                if w > 2 || cell.symbol.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    return "control or oversized cell at \(row),\(col): \(cell.symbol.unicodeScalars.map { String($0.value, radix: 16) })"
                }
            }
        }
        if let c = b.cursor, !(0..<height).contains(c.row) || !(0..<width).contains(c.col) { return "cursor off the screen at \(c.row),\(c.col)" }
        return nil
    }

    /// 4 seeds × 25,000 events = 100,000, each seed on its own demo office (the cases run in parallel).
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func randomKeysKeepEveryScreenWhole(seed: UInt64) throws {
        var rng = Xoshiro(seed: (seed, seed &* 0x9E37_79B9, seed ^ 0xDEAD_BEEF, 20261203))
        let h = try Harness(profiles: try ProfileLoader.loadAll(directory: #require(ResourceLocator.profileDirectory())))
        let out = h.dir.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        h.app.context.outputDirectory = out.path
        var (width, height) = (100, 30)
        var screensSeen = Set<String>()
        var restarts = 0
        for step in 0..<25_000 {
            var resized = false
            switch Self.event(&rng) {
            case .resize(let w, let hh):
                (width, height) = (w, hh)
                resized = true
                _ = h.app.handle(.resize, width: width, height: height)
            case .key(let key):
                if !h.app.handle(key, width: width, height: height) {
                    // Quit (or Ctrl-C): start the program again on the same file, as a clerk would.
                    restarts += 1
                    h.restart()
                }
            }
            screensSeen.insert(String(describing: type(of: h.app.top)))
            // Every sixteenth frame, and every frame right after a resize (drawing costs more than the keys in a debug build).
            if step % 16 == 0 || resized {
                h.app.settle()
                let frame = h.app.frame(width: width, height: height)
                if let problem = Self.check(frame, width: width, height: height) {
                    Issue.record("seed \(seed), step \(step), \(type(of: h.app.top)) at \(width)×\(height): \(problem)")
                    return
                }
            }
        }
        // The walk must get around: random keys from the menu reach many screens.
        #expect(screensSeen.count >= 12, "seed \(seed) saw only \(screensSeen.sorted())")
        #expect(try h.db.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        _ = restarts
    }
}
