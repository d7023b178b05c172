import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's output goes: standard output and standard error, plus the facts about the
/// terminal that decide how to print (color, width) and the environment the command may read.
///
/// Commands never print with `print(...)`; they write through `invocation.console` (or its
/// shortcuts `invocation.out` and `invocation.err`), so tests can capture everything with
/// `Console.capturing()`.
public final class Console: Sendable {
    /// Standard output: buffered, flushed when the buffer fills, on `flush()` and at exit.
    /// On a terminal it is flushed at every line end (and at every `\r`, for progress bars).
    public let out: OutputChannel
    /// Standard error: flushed at every write (after flushing `out`, so the two stay in order).
    public let err: OutputChannel
    /// Whether standard input is a terminal (a command may refuse to wait for typed input).
    public let stdinIsTerminal: Bool
    /// The environment the command sees (`MNIST_DIR`, ...). Read it here, not from the process,
    /// so tests can set it.
    public let environment: [String: String]
    /// Columns of the terminal: `COLUMNS` if set to a positive integer, else the width of the
    /// terminal on standard output, else nil (piped output with no `COLUMNS`).
    public let terminalWidth: Int?

    public init(
        out: OutputChannel, err: OutputChannel, stdinIsTerminal: Bool,
        environment: [String: String], terminalWidth: Int?
    ) {
        self.out = out
        self.err = err
        self.stdinIsTerminal = stdinIsTerminal
        self.environment = environment
        self.terminalWidth = terminalWidth
    }

    /// The width all text is laid out to (help, tables, derivations, lessons): the terminal width
    /// (`COLUMNS`, else the terminal's), or 80 when unknown, and never below 40. The one place
    /// that decides it; the progress bar of `mnist train` takes `terminalWidth ?? 80` as it is.
    public var layoutWidth: Int { max(40, terminalWidth ?? 80) }

    /// The process's own standard output and error.
    ///
    /// It ignores SIGPIPE, so that writing to a closed pipe (`backprop ... | head -1`) shows up as
    /// a write error instead of killing the process; the console then ends the process quietly
    /// with exit code 0, as the reader has all it wanted.
    public static func standard() -> Console {
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let color = colorAllowed(environment: environment)
        let outIsTerminal = isatty(STDOUT_FILENO) == 1
        let errIsTerminal = isatty(STDERR_FILENO) == 1
        let out = OutputChannel(
            sink: .fileDescriptor(STDOUT_FILENO), isTerminal: outIsTerminal,
            usesColor: color && outIsTerminal)
        let err = OutputChannel(
            sink: .fileDescriptor(STDERR_FILENO), isTerminal: errIsTerminal,
            usesColor: color && errIsTerminal, flushesFirst: out)
        return Console(
            out: out, err: err, stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            environment: environment,
            terminalWidth: columns(environment: environment) ?? windowWidth(of: STDOUT_FILENO))
    }

    /// A console that keeps everything written to it in memory (see `OutputChannel.text`), for
    /// tests. Nothing is a terminal and there is no color unless asked for.
    public static func capturing(
        environment: [String: String] = [:], terminalWidth: Int? = 100, color: Bool = false
    ) -> Console {
        let out = OutputChannel(sink: .memory, isTerminal: false, usesColor: color)
        let err = OutputChannel(sink: .memory, isTerminal: false, usesColor: color)
        return Console(
            out: out, err: err, stdinIsTerminal: false, environment: environment,
            terminalWidth: terminalWidth)
    }

    /// Writes out whatever is still buffered, standard output first.
    public func flush() {
        out.flush()
        err.flush()
    }

    /// Color is allowed unless `NO_COLOR` is set to anything non-empty or `TERM` is `dumb`.
    static func colorAllowed(environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    static func columns(environment: [String: String]) -> Int? {
        guard let text = environment["COLUMNS"], let value = Int(text), value > 0 else { return nil }
        return value
    }

    static func windowWidth(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// Text styles for terminal output. They are dropped when the channel does not use color.
public enum TextStyle: Sendable {
    case bold, dim, underline, red, green, yellow, blue, magenta, cyan

    var code: String {
        switch self {
        case .bold: "1"
        case .dim: "2"
        case .underline: "4"
        case .red: "31"
        case .green: "32"
        case .yellow: "33"
        case .blue: "34"
        case .magenta: "35"
        case .cyan: "36"
        }
    }
}

/// One output stream (standard output or standard error, or memory in tests).
///
/// Safe to use from several threads: every write takes a lock.
public final class OutputChannel: TextOutputStream, @unchecked Sendable {
    enum Sink {
        case fileDescriptor(Int32)
        case memory
    }

    /// Whether this stream is a terminal (decides progress bars versus one line per epoch).
    public let isTerminal: Bool
    /// Whether `styled(_:_:)` adds color codes: only on a terminal and never with `NO_COLOR`.
    public let usesColor: Bool

    private let sink: Sink
    private let flushesFirst: OutputChannel?
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var captured: [UInt8] = []
    private var broken = false
    private var failure: Int32?
    private static let bufferLimit = 1 << 16

    init(sink: Sink, isTerminal: Bool, usesColor: Bool, flushesFirst: OutputChannel? = nil) {
        self.sink = sink
        self.isTerminal = isTerminal
        self.usesColor = usesColor
        self.flushesFirst = flushesFirst
    }

    /// Writes `text` as it is (no newline added).
    public func write(_ text: String) {
        flushesFirst?.flush()
        lock.lock()
        defer { lock.unlock() }
        switch sink {
        case .memory:
            captured.append(contentsOf: text.utf8)
        case .fileDescriptor(let descriptor):
            buffer.append(contentsOf: text.utf8)
            let lineDone = text.utf8.contains(10) || text.utf8.contains(13)
            if flushesFirst != nil || (isTerminal && lineDone) || buffer.count >= Self.bufferLimit {
                drain(descriptor)
            }
        }
    }

    /// Writes `text` followed by a newline.
    public func line(_ text: String = "") {
        write(text + "\n")
    }

    /// Like the standard `print`, but to this channel.
    public func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        write(items.map { "\($0)" }.joined(separator: separator) + terminator)
    }

    /// `text` wrapped in the escape codes for `styles` when this channel uses color, else `text`.
    public func styled(_ text: String, _ styles: TextStyle...) -> String {
        guard usesColor, !styles.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.code).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    /// Sends buffered bytes to the file descriptor now.
    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        if case .fileDescriptor(let descriptor) = sink { drain(descriptor) }
    }

    /// The errno of the first write that failed for a reason other than a closed pipe (a full
    /// disk), or nil: what was written after it is lost.
    public var writeFailure: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// Everything written so far, for a capturing console (empty for a real one).
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: captured, as: UTF8.self)
    }

    /// Must be called with the lock held.
    private func drain(_ descriptor: Int32) {
        guard !buffer.isEmpty else { return }
        if broken {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes -> Int in
                guard let start = bytes.baseAddress else { return 0 }
                return systemWrite(descriptor, start + offset, bytes.count - offset)
            }
            if written >= 0 {
                offset += written
            } else if errno == EINTR {
                continue
            } else if errno == EPIPE {
                broken = true
                buffer.removeAll(keepingCapacity: true)
                // The reader is gone (`| head`): stop quietly, the output is no longer wanted.
                if descriptor == STDOUT_FILENO { exit(0) }
                return
            } else {
                // Drop what cannot be written; `runTool` reports a failing standard output.
                failure = errno
                broken = true
                break
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
        Darwin.write(descriptor, bytes, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
    #else
        Glibc.write(descriptor, bytes, count)
    #endif
}
