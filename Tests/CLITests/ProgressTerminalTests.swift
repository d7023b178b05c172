import Foundation
import Testing

/// `mnist train` on a real pseudo-terminal (through `script`, with `stty cols N` and no
/// `COLUMNS`), its stream read back as a terminal would show it: no line wider than the
/// terminal, and every redraw of the bar leaves nothing of the one before.
@Suite("Progress bar on a terminal", .serialized) struct ProgressTerminalTests {
    /// What a terminal of `width` columns makes of `stream`, and what went wrong on the way.
    struct Screen {
        let width: Int
        var lines: [[Character]] = [[]]
        var column = 0
        /// Characters written past the last column (a real terminal would wrap them).
        var overflows = 0
        /// Redraws whose line still showed characters of an earlier one, as `shown | drawn`.
        var leftovers: [String] = []
        var redraws = 0
        /// What was written since the last `\r` that did not end a line (nil: no redraw under way).
        private var segment: String?

        init(width: Int, stream: String) {
            self.width = width
            let characters = Array(stream.unicodeScalars.map(Character.init))
            var k = 0
            while k < characters.count {
                let c = characters[k]
                k += 1
                switch c {
                case "\r":
                    if k < characters.count, characters[k] == "\n" { continue }
                    endSegment()
                    segment = ""
                    redraws += 1
                    column = 0
                case "\n":
                    endSegment()
                    lines.append([])
                    column = 0
                case "\u{1B}":
                    // `ESC [ K`: erase to the end of the line.
                    if k + 1 < characters.count, characters[k] == "[", characters[k + 1] == "K" {
                        k += 2
                        let line = lines.count - 1
                        if column < lines[line].count { lines[line].removeSubrange(column...) }
                    }
                default:
                    if column >= width { overflows += 1 }
                    let line = lines.count - 1
                    if column < lines[line].count { lines[line][column] = c } else { lines[line].append(c) }
                    column += 1
                    segment?.append(c)
                }
            }
            endSegment()
        }

        private mutating func endSegment() {
            guard let drawn = segment else { return }
            segment = nil
            let shown = String(lines[lines.count - 1])
            if trimmed(shown) != trimmed(drawn) { leftovers.append("\(shown) | \(drawn)") }
        }

        private func trimmed(_ s: String) -> Substring { s.prefix(s.count - s.reversed().prefix { $0 == " " }.count) }
    }

    @Test func theScreenModelFindsLeftoversAndOverflows() {
        let clean = Screen(width: 10, stream: "\rabcdef\rabc   \n")
        #expect(clean.leftovers.isEmpty && clean.overflows == 0 && clean.redraws == 2)
        let stale = Screen(width: 10, stream: "\rabcdef\rabc\n")
        #expect(stale.leftovers == ["abcdef | abc"])
        #expect(Screen(width: 10, stream: "\rabcdef\rabc\u{1B}[K\n").leftovers.isEmpty)
        #expect(Screen(width: 4, stream: "\rabcde\r\n").overflows == 1)
    }

    @Test(arguments: [80, 120])
    func mnistTrainFitsTheTerminalAndRedrawsCleanly(width: Int) throws {
        let tool = try TranscriptSetup.executable()
        let data = TranscriptSetup.environment["MNIST_DIR"] ?? "../shared/data/mnist"
        let command = "stty cols \(width) rows 24; exec '\(tool.path)' mnist train --epochs 2 --limit 1000 --test-limit 100 --data '\(data)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = TranscriptSetup.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = nil
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let stream = String(decoding: bytes, as: UTF8.self)
        let screen = Screen(width: width, stream: stream)
        let lines = screen.lines.map { String($0) }
        // The bar was drawn (several times per epoch) and each epoch ended with one line.
        #expect(screen.redraws >= 4, "\(stream)")
        #expect(lines.filter { $0.hasPrefix("Epoch ") } == ["Epoch 1/2", "Epoch 2/2"])
        let ends = lines.filter { $0.hasPrefix("25/25 [") }
        #expect(ends.count == 2, "\(lines)")
        #expect(ends.allSatisfy { $0.contains("loss: ") && $0.contains(" - accuracy: ") }, "\(ends)")
        #expect(screen.overflows == 0, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines)")
        #expect(screen.leftovers.isEmpty, "\(screen.leftovers)")
        if width >= 120 { #expect(ends.allSatisfy { $0.contains(" - val_accuracy: ") }, "\(ends)") }
    }
}
