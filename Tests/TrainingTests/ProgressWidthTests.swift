import Testing
import Training

/// A terminal of `width` columns that interprets what the progress writes: `\r` to the start of
/// the line, `\n` to a new line, `ESC [ K` erases to the end of the line. A character written
/// past the last column is an overflow (a real terminal would wrap it onto a new line).
struct TerminalScreen {
    let width: Int
    var lines: [[Character]] = [[]]
    var column = 0
    var overflows = 0

    var currentLine: String { String(lines[lines.count - 1]) }

    mutating func write(_ text: String) {
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            switch c {
            case "\r": column = 0
            case "\n":
                lines.append([])
                column = 0
            case "\u{1B}":
                // Only ESC [ K is expected.
                if characters.prefix(2) == ["[", "K"] {
                    characters = characters.dropFirst(2)
                    lines[lines.count - 1].removeSubrange(min(column, lines[lines.count - 1].count)...)
                } else {
                    overflows += 1000
                }
            default:
                if column >= width { overflows += 1 }
                if column < lines[lines.count - 1].count {
                    lines[lines.count - 1][column] = c
                } else {
                    lines[lines.count - 1].append(c)
                }
                column += 1
            }
        }
    }
}

@Suite("Progress bar fitted to the terminal") struct ProgressWidthTests {
    /// One epoch of 1500 steps whose loss falls from 2.3 while its length in characters changes
    /// (`0.1` and `0.10000001` draw as the same fixed-decimal text), at `width` columns.
    func run(width: Int, timing: Bool) -> (screen: TerminalScreen, drawn: [String]) {
        var progress = FitProgress(terminal: true, timing: timing, width: width)
        progress.redrawInterval = .zero
        var screen = TerminalScreen(width: width)
        var drawn: [String] = []
        var events: [FitEvent] = [.epochStarted(epoch: 1, epochs: 2, steps: 1500)]
        for step in [1, 9, 10, 99, 100, 999, 1000, 1499] {
            let accuracy = Double(step) / 1500
            events.append(.stepEnded(step: step, steps: 1500, loss: 2.3 / Double(step), accuracy: accuracy))
        }
        let metrics = EpochMetrics(
            epoch: 1, loss: 0.284, accuracy: 0.939, validationLoss: 0.1, validationAccuracy: 0.97, seconds: 12)
        events.append(.epochEnded(metrics, checkpoint: nil))
        for event in events {
            guard let text = progress.text(for: event) else { continue }
            screen.write(text)
            if text.hasPrefix("\r") {
                drawn.append(String(text.dropFirst().prefix { $0 != "\n" }))
                // No leftover: what the line shows is what was just drawn.
                let shown = text.hasSuffix("\n") ? String(screen.lines[screen.lines.count - 2]) : screen.currentLine
                #expect(shown.trimmingTrailingSpaces == drawn.last?.trimmingTrailingSpaces, "at \(width) columns")
            }
        }
        return (screen, drawn)
    }

    @Test(arguments: [80, 120, 40, 20])
    func theBarFitsTheWidthAndLeavesNothingBehind(width: Int) {
        for timing in [false, true] {
            let (screen, drawn) = run(width: width, timing: timing)
            #expect(screen.overflows == 0, "at \(width) columns")
            #expect(screen.lines.allSatisfy { $0.count < width })
            #expect(drawn.count == 9)
            // The epoch ends with one clean line: the last drawn, then a new line.
            #expect(screen.lines.map { String($0).trimmingTrailingSpaces }
                == ["Epoch 1/2", drawn[drawn.count - 1].trimmingTrailingSpaces, ""])
        }
    }

    @Test func atEightyColumnsTheBarShrinksAndTheFieldsStay() {
        let (_, drawn) = run(width: 80, timing: false)
        #expect(drawn[1] == "   9/1500 [..............................] - loss: 0.2556 - accuracy: 0.0060")
        // With a bar of 30 and every field the line is 118 columns: val_accuracy goes, and the
        // bar gives up the 16 columns still missing of the 79 a line may take.
        #expect(drawn.last == "1500/1500 [" + String(repeating: "=", count: 14) + "] - loss: 0.2840 - accuracy: 0.9390 - val_loss: 0.1000")
        #expect(drawn.last?.count == 79)
        let (_, wide) = run(width: 120, timing: false)
        #expect(wide.last
            == "1500/1500 [==============================] - loss: 0.2840 - accuracy: 0.9390 - val_loss: 0.1000 - val_accuracy: 0.9700")
    }

    @Test func fieldsDropInOrderBarTimeThenMetrics() {
        func line(_ width: Int) -> String {
            ProgressText.barLine(step: 750, steps: 1500, seconds: 12.6, loss: 0.5, accuracy: 0.75, width: width)
        }
        // The step is right-aligned under the number of steps, as Keras does.
        let full = " 750/1500 [==============>...............] - 13s - loss: 0.5000 - accuracy: 0.7500"
        #expect(line(200) == full)
        #expect(full.count == 82)
        // The bar shrinks first, down to 10 cells.
        #expect(line(77) == " 750/1500 [===========>.............] - 13s - loss: 0.5000 - accuracy: 0.7500")
        #expect(line(62) == " 750/1500 [====>.....] - 13s - loss: 0.5000 - accuracy: 0.7500")
        // Then the time goes (and the bar grows back into its room), then the metrics from the last.
        #expect(line(61) == " 750/1500 [======>........] - loss: 0.5000 - accuracy: 0.7500")
        #expect(line(40) == " 750/1500 [=====>.......] - loss: 0.5000")
        #expect(line(22) == " 750/1500 [====>.....]")
        // Then the bar, and what is still too long is cut.
        #expect(line(21) == " 750/1500")
        #expect(line(5) == " 750/")
        for width in 0...90 { #expect(line(width).count <= width) }
    }

    @Test func metricsHaveFourDecimalsOnAndOffTheTerminal() {
        let metrics = EpochMetrics(epoch: 2, loss: 0.284, accuracy: 0.939, validationLoss: 0.25, validationAccuracy: 1, seconds: 0)
        #expect(ProgressText.epochLine(metrics, epochs: 10, timing: false)
            == "epoch 2/10 - loss: 0.2840 - accuracy: 0.9390 - val_loss: 0.2500 - val_accuracy: 1.0000")
        var progress = FitProgress(terminal: false, timing: false)
        _ = progress.text(for: .epochStarted(epoch: 2, epochs: 10, steps: 5))
        #expect(progress.text(for: .stepEnded(step: 1, steps: 5, loss: 1, accuracy: 0)) == nil)
        #expect(progress.text(for: .epochEnded(metrics, checkpoint: nil))
            == "epoch 2/10 - loss: 0.2840 - accuracy: 0.9390 - val_loss: 0.2500 - val_accuracy: 1.0000\n")
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
