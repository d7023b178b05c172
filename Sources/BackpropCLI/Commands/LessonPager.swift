#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `backprop lesson --step` on a terminal: the lesson's output one step at a time (a forward
/// node, a backward gradient, another step), at the learner's pace. After each step it waits
/// for a key: Enter or space shows the next step, `b` goes back one step and prints it again,
/// `c` continues to the end without pausing, `q` quits.
final class LessonPager {
    /// What a key asks for.
    enum Key: Equatable {
        case next, back, continueToEnd, quit
        /// Keys that mean nothing here (the prompt is shown again).
        case other

        init(byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "): self = .next
            case UInt8(ascii: "b"), UInt8(ascii: "B"): self = .back
            case UInt8(ascii: "c"), UInt8(ascii: "C"): self = .continueToEnd
            // Ctrl-D quits too (Ctrl-C interrupts as anywhere).
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 4: self = .quit
            default: self = .other
            }
        }
    }

    static let prompt = "[Enter/space: next · b: back · c: continue to the end · q: quit]"

    private let out: OutputChannel
    private let err: OutputChannel
    /// The next key; nil when the input has ended (the lesson then continues to the end).
    private let readKey: () -> Key?
    /// The lines of every step shown so far; the last one is being written.
    private var steps: [[String]] = [[]]
    private var continuing = false

    init(out: OutputChannel, err: OutputChannel, readKey: @escaping () -> Key? = LessonPager.readTerminalKey) {
        self.out = out
        self.err = err
        self.readKey = readKey
    }

    /// A line of the lesson's output.
    func emit(_ line: String) {
        out.line(line)
        steps[steps.count - 1].append(line)
    }

    /// Waits for the learner after a step; false when they quit.
    func pause() -> Bool {
        guard !continuing else { return true }
        // The step on screen: the last one, until `b` goes back.
        var position = steps.count - 1
        while true {
            out.flush()
            err.write(Self.prompt + " ")
            err.flush()
            let key = readKey()
            // The prompt goes: the screen shows only the lesson.
            err.write("\r\u{1B}[K")
            err.flush()
            switch key {
            case .next where position < steps.count - 1:
                position += 1
                show(steps[position])
            case .next:
                steps.append([])
                return true
            case .back:
                if position > 0 { position -= 1 }
                show(steps[position])
            case .continueToEnd, nil:
                for step in steps[(position + 1)...] { show(step) }
                continuing = true
                steps.append([])
                return true
            case .quit:
                out.flush()
                return false
            case .other:
                continue
            }
        }
    }

    private func show(_ lines: [String]) {
        for line in lines { out.line(line) }
    }

    /// One key from standard input (after `takeKeys`, without waiting for Enter); nil at the
    /// end of the input.
    static func readTerminalKey() -> Key? {
        while true {
            var byte: UInt8 = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return Key(byte: byte) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Makes the terminal give every key at once and without echo, for the whole lesson (a key
    /// pressed while a step is computed is not echoed into the text either); Ctrl-C still
    /// interrupts. `releaseKeys` (and an interrupting signal) restores it.
    static func takeKeys() {
        guard tcgetattr(STDIN_FILENO, &savedTerminal) == 0 else { return }
        var keys = savedTerminal
        keys.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &keys.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) {
                $0[Int(VMIN)] = 1
                $0[Int(VTIME)] = 0
            }
        }
        terminalTaken = true
        for interruption in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            _ = signal(interruption) { number in
                LessonPager.releaseKeys()
                _ = signal(number, SIG_DFL)
                _ = raise(number)
            }
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &keys)
    }

    /// The terminal as it was before `takeKeys`.
    static func releaseKeys() {
        guard terminalTaken else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal)
    }
}

/// The terminal's settings before `LessonPager.takeKeys`, for the signal handler that restores
/// them (which can reach only globals).
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var terminalTaken = false
