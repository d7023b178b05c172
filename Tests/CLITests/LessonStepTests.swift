import Foundation
import Lessons
import Testing

@testable import BackpropCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `backprop lesson 2 --step` on a pseudo-terminal, driven key by key as a learner would: what
/// is on the screen after each key.
@Suite struct LessonStepTests {
    /// The tool running on a pseudo-terminal (standard input, output and error), and what it
    /// has written so far.
    final class Terminal {
        let process = Process()
        let master: Int32
        private var pending = ""

        init(arguments: [String]) throws {
            // The C library's pseudo-terminal functions, which its Swift module does not show.
            func function<F>(_ name: String, as type: F.Type) throws -> F {
                guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                    throw TranscriptSetupError("no \(name) in the C library")
                }
                return unsafeBitCast(symbol, to: type)
            }
            typealias OnDescriptor = @convention(c) (Int32) -> Int32
            let openMaster = try function("posix_openpt", as: OnDescriptor.self)
            let grant = try function("grantpt", as: OnDescriptor.self)
            let unlock = try function("unlockpt", as: OnDescriptor.self)
            let slaveName = try function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
            master = openMaster(O_RDWR | O_NOCTTY)
            guard master >= 0, grant(master) == 0, unlock(master) == 0, let name = slaveName(master) else {
                throw TranscriptSetupError("no pseudo-terminal")
            }
            let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
            guard slave >= 0 else { throw TranscriptSetupError("cannot open the pseudo-terminal's other end") }
            let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
            process.executableURL = try TranscriptSetup.executable()
            process.arguments = arguments
            process.currentDirectoryURL = TranscriptSetup.packageRoot
            process.environment = TranscriptSetup.environment
            process.standardInput = handle
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            close(slave)
        }

        deinit {
            if process.isRunning { process.terminate() }
            close(master)
        }

        /// Everything written until `marker` appears (the marker excluded), without the
        /// terminal's carriage returns and line erasures; nil when the tool ended first or after
        /// 30 seconds.
        func read(until marker: String) -> String? {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if let range = pending.range(of: marker) {
                    let text = String(pending[..<range.lowerBound])
                    pending = String(pending[range.upperBound...])
                    return Self.clean(text)
                }
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 1000) >= 0 else { return nil }
                if descriptor.revents & Int16(POLLIN) == 0 {
                    if descriptor.revents != 0 { return nil }  // hung up
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = Glibc.read(master, &buffer, buffer.count)
                guard count > 0 else { return nil }
                pending += String(decoding: buffer[..<count], as: UTF8.self)
            }
            return nil
        }

        /// What remains after the tool ended.
        func rest() -> String {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 2000) > 0, descriptor.revents & Int16(POLLIN) != 0 else { break }
                let count = Glibc.read(master, &buffer, buffer.count)
                guard count > 0 else { break }
                pending += String(decoding: buffer[..<count], as: UTF8.self)
            }
            defer { pending = "" }
            return Self.clean(pending)
        }

        func press(_ key: String) {
            _ = key.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
        }

        static func clean(_ text: String) -> String {
            text.replacingOccurrences(of: "\r\u{1B}[K", with: "").replacingOccurrences(of: "\r", with: "")
        }
    }

    @Test func lessonTwoForwardBackAndQuit() throws {
        let terminal = try Terminal(arguments: ["lesson", "2", "--step"])
        let prompt = LessonPager.prompt + " "

        // First screen: the lesson's text up to the first node of the forward pass, then a pause.
        let first = try #require(terminal.read(until: prompt))
        #expect(first.hasPrefix("# 2. A 2-2-2 sigmoid network\n"))
        #expect(first.hasSuffix("\n    x (input) = [[0.05, 0.1]]\n"))
        #expect(!first.contains("t (constant)"))

        // Enter: the next node, alone.
        terminal.press("\r")
        #expect(terminal.read(until: prompt) == "    t (constant) = [[0.01, 0.99]]\n")

        // Space: the next node, a matrix on two lines.
        terminal.press(" ")
        #expect(terminal.read(until: prompt) == "    W1 (parameter) = [[0.15, 0.25],\n                      [ 0.2,  0.3]]\n")

        // b: back one step, printed again; Enter: forward again to the step after it.
        terminal.press("b")
        #expect(terminal.read(until: prompt) == "    t (constant) = [[0.01, 0.99]]\n")
        terminal.press("\r")
        #expect(terminal.read(until: prompt) == "    W1 (parameter) = [[0.15, 0.25],\n                      [ 0.2,  0.3]]\n")

        // A key that means nothing asks again.
        terminal.press("x")
        #expect(terminal.read(until: prompt) == "")

        // q: the lesson stops there, successfully.
        terminal.press("q")
        let rest = terminal.rest()
        // A tool still waiting fails the test rather than hang it.
        if terminal.process.isRunning { terminal.process.terminate() }
        terminal.process.waitUntilExit()
        #expect(terminal.process.terminationStatus == 0)
        #expect(!rest.contains("b1 (parameter)"))
        #expect(rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    @Test func keysMeanWhatThePromptSays() {
        #expect(LessonPager.Key(byte: UInt8(ascii: "\r")) == .next)
        #expect(LessonPager.Key(byte: UInt8(ascii: " ")) == .next)
        #expect(LessonPager.Key(byte: UInt8(ascii: "b")) == .back)
        #expect(LessonPager.Key(byte: UInt8(ascii: "c")) == .continueToEnd)
        #expect(LessonPager.Key(byte: UInt8(ascii: "q")) == .quit)
        #expect(LessonPager.Key(byte: 4) == .quit)
        #expect(LessonPager.Key(byte: UInt8(ascii: "z")) == .other)
    }

    /// `c` shows the rest without pausing: the paged output is then the plain output.
    @Test func continueToTheEndPrintsWhatARunWithoutStepPrints() throws {
        let plain = Console.capturing()
        #expect(runBackprop(arguments: ["lesson", "1"], console: plain) == 0)

        let console = Console.capturing()
        var keys: [LessonPager.Key] = [.next, .back, .next, .next, .continueToEnd]
        let pager = LessonPager(out: console.out, err: console.err, readKey: { keys.isEmpty ? nil : keys.removeFirst() })
        _ = try LessonRunner().run(try #require(LessonCatalog.lesson("1")), emit: pager.emit, pause: pager.pause)
        console.flush()
        // The same text, with the steps shown again by b and Enter in between.
        #expect(console.out.text.count > plain.out.text.count)
        #expect(console.out.text.hasSuffix(String(plain.out.text.suffix(2000))))
        #expect(keys.isEmpty)
    }
}
