import Foundation
import Support
import Testing

@testable import BackpropCLI

/// `backprop step` against the same step worked out by hand: plain arithmetic on the numbers of
/// the classic 2-2-2 sigmoid example, no engine.
@Suite struct StepCommandTests {
    static let network = """
        input  x = [[0.05, 0.10]]
        target t = [[0.01, 0.99]]
        param W1 = [[0.15, 0.25], [0.20, 0.30]]
        param b1 = [0.35, 0.35]
        param W2 = [[0.40, 0.50], [0.45, 0.55]]
        param b2 = [0.60, 0.60]
        h = sigmoid(x @ W1 + b1)
        o = sigmoid(h @ W2 + b2)
        loss = 0.5 * sum((o - t) ^ 2)
        """

    /// The network by hand: outputs and loss for weights `W1`, `b1`, `W2`, `b2`.
    struct ByHand {
        var W1 = [[0.15, 0.25], [0.20, 0.30]], b1 = [0.35, 0.35]
        var W2 = [[0.40, 0.50], [0.45, 0.55]], b2 = [0.60, 0.60]
        let x = [0.05, 0.10], t = [0.01, 0.99]

        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        var h: [Double] { (0..<2).map { j in sigmoid(x[0] * W1[0][j] + x[1] * W1[1][j] + b1[j]) } }
        var o: [Double] { let h = self.h; return (0..<2).map { j in sigmoid(h[0] * W2[0][j] + h[1] * W2[1][j] + b2[j]) } }
        var loss: Double { let o = self.o; return 0.5 * ((o[0] - t[0]) * (o[0] - t[0]) + (o[1] - t[1]) * (o[1] - t[1])) }

        /// One SGD step with learning rate `rate`, gradients by the chain rule written out.
        mutating func step(_ rate: Double) {
            let h = self.h, o = self.o
            let dz2 = (0..<2).map { j in (o[j] - t[j]) * o[j] * (1 - o[j]) }
            let dh = (0..<2).map { i in W2[i][0] * dz2[0] + W2[i][1] * dz2[1] }
            let dz1 = (0..<2).map { j in dh[j] * h[j] * (1 - h[j]) }
            for i in 0..<2 {
                for j in 0..<2 {
                    W2[i][j] -= rate * h[i] * dz2[j]
                    W1[i][j] -= rate * x[i] * dz1[j]
                }
            }
            for j in 0..<2 {
                b2[j] -= rate * dz2[j]
                b1[j] -= rate * dz1[j]
            }
        }

        /// Every entry by the name `step` prints it.
        var entries: [String: Double] {
            var out: [String: Double] = [:]
            for i in 0..<2 {
                for j in 0..<2 {
                    out["W1[\(i),\(j)]"] = W1[i][j]
                    out["W2[\(i),\(j)]"] = W2[i][j]
                }
                out["b1[\(i)]"] = b1[i]
                out["b2[\(i)]"] = b2[i]
            }
            return out
        }
    }

    @Test func oneSGDStepMatchesTheStepByHandToNineDigits() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("step-\(getpid()).net")
        try Self.network.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let console = Console.capturing()
        let code = runBackprop(arguments: ["step", file.path, "--lr", "0.5", "--digits", "9"], console: console)
        #expect(code == 0)
        let lines = console.out.text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }

        var byHand = ByHand()
        let before = byHand.entries, lossBefore = byHand.loss
        byHand.step(0.5)
        let after = byHand.entries, lossAfter = byHand.loss
        #expect(abs(lossBefore - 0.298371109) < 1e-9)  // the example's published loss
        func nine(_ x: Double) -> String { NumberFormat.significant(x, digits: 9) }

        // The loss before the step (row "1") and after it.
        #expect(lines.contains(["1", nine(lossBefore)]))
        #expect(lines.contains(["after", nine(lossAfter)]))
        // Every entry: its name, before, gradient, after.
        var seen = 0
        for words in lines where words.count == 4 {
            guard let expectedAfter = after[words[0]], let expectedBefore = before[words[0]] else { continue }
            #expect(words[1] == nine(expectedBefore), "\(words[0]) before")
            #expect(words[3] == nine(expectedAfter), "\(words[0]) after")
            // The gradient printed is the one the step used: (before − after) / η.
            let gradient = try #require(Double(words[2]))
            #expect(abs(gradient - (expectedBefore - expectedAfter) / 0.5) <= 1e-8 * max(abs(gradient), 1e-3))
            seen += 1
        }
        #expect(seen == 12)
    }

    @Test func badInputIsOneLineAndExitCode() {
        let console = Console.capturing()
        #expect(runBackprop(arguments: ["step", "2", "--optimizer", "adm"], console: console) == 2)
        #expect(console.err.text.hasPrefix("backprop: --optimizer expects one of sgd, momentum, adam, got 'adm'; did you mean 'adam'?\n"))
        let missing = Console.capturing()
        #expect(runBackprop(arguments: ["step", "no-such.net"], console: missing) == 1)
        #expect(missing.err.text.split(separator: "\n").count == 1)
    }
}
