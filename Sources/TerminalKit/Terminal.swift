/// What reading the terminal gave.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    /// Nothing arrived within the timeout.
    case timeout
    /// The terminal went away (e.g. an SSH connection dropped): stop, keep drafts.
    case hangup
}

/// The small surface the application needs from a terminal. Two backends:
/// `NcursesTerminal` for real use, `MemoryTerminal` for tests.
public protocol Terminal: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Shows a full frame; the backend sends only what changed.
    func present(_ buffer: Buffer)
    /// Waits for a key; `timeoutMilliseconds` nil waits as long as it takes.
    func read(timeoutMilliseconds: Int?) -> InputEvent
    /// Hands the terminal to another program (an editor) while `body` runs, then takes it back and redraws all.
    func suspend(_ body: () -> Void)
}

/// An in-memory terminal: keys are queued up front, frames are kept for assertions.
public final class MemoryTerminal: Terminal {
    public var width: Int
    public var height: Int
    public private(set) var frames: [Buffer] = []
    private var queue: [InputEvent] = []

    public init(width: Int = 80, height: Int = 24) {
        self.width = width
        self.height = height
    }

    public func type(_ keys: Key...) { queue += keys.map(InputEvent.key) }
    public func type(keys: [Key]) { queue += keys.map(InputEvent.key) }
    /// Queues each character of the text as a typed key (Chinese included).
    public func type(text: String) { queue += text.map { InputEvent.key(.char($0)) } }
    public func queueResize(width: Int, height: Int) {
        self.pendingSize = (width, height)
        queue.append(.key(.resize))
    }
    private var pendingSize: (Int, Int)?

    public func present(_ buffer: Buffer) { frames.append(buffer) }

    /// Nothing to hand over in memory: the body just runs.
    public func suspend(_ body: () -> Void) { body() }

    public func read(timeoutMilliseconds: Int?) -> InputEvent {
        guard !queue.isEmpty else { return .hangup }
        let e = queue.removeFirst()
        if e == .key(.resize), let s = pendingSize {
            width = s.0
            height = s.1
            pendingSize = nil
        }
        return e
    }

    public var lastFrame: Buffer? { frames.last }
    public var screenText: String { frames.last?.text ?? "" }
}
