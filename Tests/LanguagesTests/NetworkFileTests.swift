import Engine
import Foundation
import Testing

@testable import Languages

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite struct NetworkFileTests {
    @Test func twoLayerSigmoidExampleMatchesTheHandWorkedNumbers() throws {
        let network = try NetworkSource.load(path: packageRoot + "/Lessons/two-layer-sigmoid.net")
        let run = try network.run()
        // The published values of the hand-worked example.
        #expect(abs(run.lossValue - 0.298371109) < 1e-9)
        let trace = run.trace()
        let h = try #require(trace.node(named: "h")).value
        #expect(abs(h[0] - 0.593269992) < 1e-9)
        #expect(abs(h[1] - 0.596884378) < 1e-9)
        let dW2 = try #require(trace.node(named: "W2")?.gradient)
        #expect(abs(dW2[0] - 0.082167041) < 1e-9)  // w5
        #expect(abs(dW2[2] - 0.082667628) < 1e-9)  // w6
        #expect(abs(dW2[1] - (-0.022602540)) < 1e-9)  // w7
        #expect(abs(dW2[3] - (-0.022740242)) < 1e-9)  // w8
        let dW1 = try #require(trace.node(named: "W1")?.gradient)
        #expect(abs(dW1[0] - 0.000438568) < 1e-9)  // w1
        #expect(abs(dW1[2] - 0.000877135) < 1e-9)  // w2
        #expect(abs(dW1[1] - 0.000497713) < 1e-9)  // w3
        #expect(abs(dW1[3] - 0.000995425) < 1e-9)  // w4
    }

    @Test(arguments: [
        ("input x = [[1, 2]]\nparam W = [[1], [2]]\ny = x @ W\nloss = sum(sigmod(y))", "t.net:4:12: unknown function 'sigmod'; did you mean 'sigmoid'?"),
        ("input x = [[1, 2]]\nparam W = [[1, 2]]\nloss = sum(x @ W)", "t.net:3:14: matmul: inner dimensions differ: (1×2) · (1×2) (2 ≠ 1)"),
        ("input x = [[1, 2]]\nloss = sum(x @ V)", "t.net:2:16: undefined name 'V' (defined so far: x)"),
        ("input x = [[1, 2], [3]]\nloss = sum(x)", "t.net:1:20: rows of different lengths"),
        ("input x = [[1, 2]]\nloss = x", "t.net:2:1: the loss 'loss' must be a single number but has shape (1×2)"),
        ("input x = [[1, 2]\nloss = sum(x)", "t.net:2:1: expected ']' to close '[' at 1:11, found 'loss'"),
        ("input x = [[1, 2]]\nloss = sum(x, axis=2)", "t.net:2:15: option 'axis' must be a whole number in 0…1, got 2"),
        ("param W = glorot(2, 2)\nloss = sum(W)", "t.net:1:11: 'glorot' is not an initializer; did you mean"),
        ("input x = [[1, 2]]\nx = relu(x)\nloss = sum(x)", "t.net:2:1: 'x' is already defined at line 1"),
        ("input x = [[1, 2]] $\nloss = sum(x)", "t.net:1:20: unexpected character '$'"),
    ])
    func mistakesAreReportedWithTheirPlace(source: String, expected: String) {
        do {
            _ = try Network(source: source, file: "t.net")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func initializersAreSeededAndShaped() throws {
        let network = try Network(source: "param W = glorot_uniform(3, 4, seed=5)\nloss = sum(W)", file: "t.net")
        let w = network.parameters[0].value
        #expect(w.shape == Shape(3, 4))
        let limit = (6.0 / 7.0).squareRoot()
        #expect(w.elements.allSatisfy { abs($0) <= limit })
        let again = try Network(source: "param W = glorot_uniform(3, 4, seed=5)\nloss = sum(W)", file: "t.net")
        #expect(again.parameters[0].value == w)
    }

    @Test func lessonMarkdownBlocksKeepTheirLineNumbers() throws {
        let markdown = "# Lesson\n\nSome prose.\n\n```network\ninput x = [[1, 2]]\n```\n\nMore prose.\n\n```network\nloss = sum(x @ x)\n```\n"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-lesson-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("lesson.md").path
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SourceError.self) { try NetworkSource.load(path: path) }
        do {
            _ = try NetworkSource.load(path: path)
        } catch {
            #expect("\(error)".hasPrefix("\(path):12:14: matmul"))
        }
    }
}

/// `conv2d` and `maxpool2d` in network files: their options (numbers and the words valid and
/// same), the shapes they give, and one-line errors at the place of each mistake.
@Suite struct WindowFunctionTests {
    static let image = "param x = normal(1, 6, 6, 2, seed=3)\nparam K = normal(3, 3, 2, 4, seed=4)\n"

    @Test(arguments: [
        ("conv2d(x, K)", [1, 4, 4, 4]),
        ("conv2d(x, K, padding=valid)", [1, 4, 4, 4]),
        ("conv2d(x, K, padding=same)", [1, 6, 6, 4]),
        ("conv2d(x, K, stride=2)", [1, 2, 2, 4]),
        ("conv2d(x, K, stride=2, padding=same)", [1, 3, 3, 4]),
        ("maxpool2d(x)", [1, 3, 3, 2]),
        ("maxpool2d(x, size=3)", [1, 2, 2, 2]),
        ("maxpool2d(x, size=2, stride=1)", [1, 5, 5, 2]),
        ("maxpool2d(x, size=3, stride=2, padding=same)", [1, 3, 3, 2]),
        ("maxpool2d(conv2d(x, K, padding=same), size=2)", [1, 3, 3, 4]),
    ])
    func shapes(expression: String, expected: [Int]) throws {
        let network = try Network(source: Self.image + "y = \(expression)\nloss = sum(y)", file: "t.net")
        let trace = try network.run().trace()
        #expect(try #require(trace.node(named: "y")).shape == Shape(expected))
    }

    @Test func convolutionMatchesItsDefinition() throws {
        let source = Self.image + "z = conv2d(x, K, stride=2, padding=same)\nloss = sum(z * z)"
        let network = try Network(source: source, file: "t.net")
        let trace = try network.run().trace()
        let z = try #require(trace.node(named: "z"))
        // conv2d's value against the definition, at one output: z[0,1,2,3] with the window
        // starting at row 1·2 − 0 and column 2·2 − 0 (same padding: 1 zero below and right only).
        let x = network.parameters[0].value, k = network.parameters[1].value
        var total = 0.0
        for a in 0..<3 {
            for b in 0..<3 {
                let p = 2 + a, q = 4 + b
                guard p < 6, q < 6 else { continue }
                for c in 0..<2 { total += x.elements[(p * 6 + q) * 2 + c] * k.elements[((a * 3 + b) * 2 + c) * 4 + 3] }
            }
        }
        #expect(abs(z.value[(1 * 3 + 2) * 4 + 3] - total) < 1e-12)
    }

    @Test(arguments: [
        ("y = conv2d(x, K, padding=vaild)", "t.net:3:26: option 'padding' must be valid or same, got 'vaild'"),
        ("y = conv2d(x, K, padding=sam)", "t.net:3:26: option 'padding' must be valid or same, got 'sam'; did you mean 'same'?"),
        ("y = conv2d(x, K, padding=1)", "t.net:3:26: option 'padding' must be valid or same, written as a word ('padding=valid')"),
        ("y = conv2d(x, K, padding=full)", "t.net:3:26: option 'padding' must be valid or same, got 'full'"),
        ("y = conv2d(x, K, stride=0)", "t.net:3:18: option 'stride' must be a whole number in 1…1000, got 0"),
        ("y = conv2d(x, K, stride=same)", "t.net:3:25: option 'stride' needs a number"),
        ("y = conv2d(x, K, dilation=2)", "t.net:3:18: 'conv2d' has no option 'dilation'; it takes stride, padding"),
        ("y = conv2d(x, K, padding=same, padding=valid)", "t.net:3:32: option 'padding' is given twice"),
        ("y = conv2d(x)", "t.net:3:5: 'conv2d' takes 2 arguments (conv2d(x, K, stride=1, padding=valid)), got 1"),
        ("y = conv2d(K, x)", "t.net:3:5: conv2d: a 1×6 window does not fit in a 3×2 image"),
        ("y = conv2d(sum(x), K)", "t.net:3:5: conv2d: needs an NHWC tensor"),
        ("y = maxpool2d(x, size=7)", "t.net:3:5: maxpool2d: a 7×7 window does not fit in a 6×6 image"),
        ("y = maxpool2d(x, size=2.5)", "t.net:3:18: option 'size' must be a whole number in 1…1000, got 2.5"),
        ("y = maxpool2d(x, padding=same, size=2, stride=valid)", "t.net:3:47: option 'stride' needs a number"),
    ])
    func mistakesNameTheirPlace(line: String, expected: String) {
        do {
            _ = try Network(source: Self.image + line + "\nloss = sum(y)", file: "t.net")
            Issue.record("expected an error for \(line)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}
