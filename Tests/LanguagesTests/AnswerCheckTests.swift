import Engine
import Foundation
import Testing

import Explainer
@testable import Languages

/// A seeded generator for the random networks (SplitMix64), so a failure can be made again.
private struct Random: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in ±1 with two decimals, written as the file writes it.
    mutating func entry() -> String { String(format: "%.2f", Double(Int.random(in: -100...100, using: &self)) / 100) }
    mutating func matrix(_ rows: Int, _ columns: Int) -> String {
        "[" + (0..<rows).map { _ in "[" + (0..<columns).map { _ in entry() }.joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
    }
    mutating func vector(_ n: Int) -> String { "[" + (0..<n).map { _ in entry() }.joined(separator: ", ") + "]" }
}

/// A random two-layer network on a batch, with every gradient stated, right, in one of two
/// spellings; `replacing` puts a wrong answer in place of one.
private struct RandomExercise {
    let batch: Int, inputs: Int, hidden: Int, outputs: Int
    let activation: String
    let forward: String
    var answers: [(name: String, forms: [String])]

    init(_ random: inout Random, activation: String? = nil, batch: Int? = nil, square: Bool = false) {
        self.batch = batch ?? Int.random(in: 2...4, using: &random)
        inputs = Int.random(in: 2...4, using: &random)
        hidden = Int.random(in: 2...5, using: &random)
        outputs = square ? hidden : Int.random(in: 2...3, using: &random)
        self.activation = activation ?? ["sigmoid", "tanh", "relu"].randomElement(using: &random)!
        forward = """
            input  x = \(random.matrix(self.batch, inputs))
            target t = \(random.matrix(self.batch, outputs))
            param W1 = \(random.matrix(inputs, hidden))
            param b1 = \(random.vector(hidden))
            param W2 = \(random.matrix(hidden, outputs))
            param b2 = \(random.vector(outputs))
            z1 = x @ W1 + b1
            h  = \(self.activation)(z1)
            y  = h @ W2 + b2
            loss = mean(sum((y - t) ^ 2, axis=1))
            """
        let local: [String] =
            switch self.activation {
            case "sigmoid": ["dh * h * (1 - h)", "h * (1 - h) * dh"]
            case "tanh": ["dh * (1 - h ^ 2)", "dh * (1 - h * h)"]
            default: ["dh * step(z1)", "step(z1) * dh"]
            }
        answers = [
            ("y", ["2 * (y - t) / \(self.batch)", "(y - t) * (2 / \(self.batch))"]),
            ("W2", ["transpose(h) @ dy", "matmul(transpose(h), dy)"]),
            ("b2", ["sum(dy, axis=0)", "transpose(sum(transpose(dy), axis=1))"]),
            ("h", ["dy @ transpose(W2)", "matmul(dy, transpose(W2))"]),
            ("z1", local),
            ("W1", ["transpose(x) @ dz1", "transpose(transpose(dz1) @ x)"]),
            ("b1", ["sum(dz1, axis=0)", "sum(dz1, axis=0) * 1"]),
        ]
    }

    func source(form: Int, replacing: [String: String] = [:]) -> String {
        forward + "\n" + answers.map { "grad \($0.name) = " + (replacing[$0.name] ?? $0.forms[form % $0.forms.count]) }
            .joined(separator: "\n") + "\n"
    }

    func report(form: Int = 0, replacing: [String: String] = [:]) throws -> AnswerReport {
        var check = AnswerCheck(network: try Network(source: source(form: form, replacing: replacing), file: "r.net"))
        check.numericEntries = 4
        return try check.run()
    }
}

@Suite struct AnswerCheckTests {
    // MARK: Verdicts

    @Test func verdictsFollowTheRelativeErrorOfEveryEntry() {
        let shape = Shape(2, 2)
        let right: [Double] = [0.5, -0.25, 1e-3, 0]
        func judge(_ values: [Double], _ s: Shape = Shape(2, 2)) -> AnswerVerdict {
            AnswerVerdict.judge(Tensor(shape: s, elements: values), expected: right, shape: shape)
        }
        #expect(judge(right) == .exact)
        // Right up to a relative 1e-12: close, with the largest absolute difference.
        let noisy = right.map { $0 * (1 + 1e-12) }
        guard case .close(let d) = judge(noisy) else {
            Issue.record("\(judge(noisy).text)")
            return
        }
        #expect(d > 0 && d < 1e-12)
        guard case .wrong(_, 3, 4) = judge(right.map { $0 * (1 + 1e-8) }) else {
            Issue.record("\(judge(right.map { $0 * (1 + 1e-8) }).text)")
            return
        }
        #expect(judge([0.5, -0.25, 1e-3, 0.41]) == .wrong(maxDifference: 0.41, wrongEntries: 1, entries: 4))
        #expect(judge([0.5, -0.25], Shape(2, 1)) == .shape(stated: Shape(2, 1), expected: shape))
        #expect(AnswerVerdict.judge(nil, expected: right, shape: shape) == .notAnswered)
        #expect(judge([0.5, -0.25, 1e-3, .nan]).isRight == false)
        #expect(AnswerVerdict.wrong(maxDifference: 0.41, wrongEntries: 3, entries: 4).text == "WRONG (max diff 0.41, 3 of 4 entries)")
        #expect(AnswerVerdict.shape(stated: Shape(2, 1), expected: shape).text == "shape (2×1), expected (2×2)")
        #expect(AnswerVerdict.close(maxDifference: 3.2e-9).text == "close (max diff 3e-9)")
        // A row (1×n) is the vector (n).
        #expect(AnswerVerdict.judge(Tensor(shape: Shape(1, 2), elements: [1, 2]), expected: [1, 2], shape: Shape(2)) == .exact)
    }

    // MARK: Properties over random networks

    /// Every right answer, in either spelling, is exact or close, and the finite differences agree.
    @Test func rightAnswersWrittenEitherWayPass() throws {
        var random = Random(state: 14)
        for _ in 0..<24 {
            let exercise = RandomExercise(&random)
            for form in 0..<2 {
                let report = try exercise.report(form: form)
                #expect(report.answers.count == 7)
                for answer in report.answers {
                    #expect(answer.verdict.isRight, "\(answer.gradientName) \(answer.verdict.text)\n\(exercise.source(form: form))")
                    #expect(answer.numericError < 1e-6, "\(answer.gradientName)\n\(exercise.source(form: form))")
                }
                #expect(report.allRight && report.exitCode == 0 && report.hint == nil)
            }
        }
    }

    /// A gradient right up to a relative 1e-12 is close, not wrong.
    @Test func rightUpToRoundingIsClose() throws {
        var random = Random(state: 7)
        for k in 0..<8 {
            // Smooth activations: a dead ReLU layer would make dW2 zero, and any multiple exact.
            let exercise = RandomExercise(&random, activation: k % 2 == 0 ? "sigmoid" : "tanh")
            let report = try exercise.report(replacing: ["W2": "(transpose(h) @ dy) * (1 + 1e-12)"])
            let dW2 = try #require(report.answer("dW2"))
            guard case .close(let d) = dW2.verdict else {
                Issue.record("dW2 is \(dW2.verdict.text)\n\(exercise.source(form: 0))")
                continue
            }
            #expect(d > 0 && d < 1e-11)
            #expect(report.allRight)
        }
    }

    /// Each kind of wrong answer, made mechanically from the right one, gets its hint at the
    /// gradient that broke, and the gradients computed from it say they follow from it.
    @Test(arguments: [
        ("W2", "transpose(transpose(h) @ dy)", AnswerHint.Kind.transpose, "sigmoid"),
        ("W1", "transpose(dz1) @ x", AnswerHint.Kind.transpose, "tanh"),
        ("h", "dy @ W2", AnswerHint.Kind.transpose, "square"),
        ("z1", "dh", AnswerHint.Kind.missingFactor, "sigmoid"),
        ("z1", "dh", AnswerHint.Kind.missingFactor, "tanh"),
        ("z1", "dh * h * (1 - h) * h * (1 - h)", AnswerHint.Kind.extraFactor, "sigmoid"),
        ("y", "2 * (y - t)", AnswerHint.Kind.batchMean, "tanh"),
        ("h", "-(dy @ transpose(W2))", AnswerHint.Kind.sign, "sigmoid"),
        ("b1", "dz1", AnswerHint.Kind.unsummedBroadcast, "relu"),
        ("b2", "dy", AnswerHint.Kind.unsummedBroadcast, "sigmoid"),
        ("z1", "dh", AnswerHint.Kind.reluMask, "relu"),
        ("W2", "transpose(h) @ dy * 5", AnswerHint.Kind.scale, "tanh"),
    ])
    func wrongAnswersGetTheirHint(name: String, wrong: String, kind: AnswerHint.Kind, activation: String) throws {
        var random = Random(state: UInt64(name.count * 31 + wrong.count))
        var checked = 0
        for _ in 0..<12 {
            // "square": a sigmoid network whose W2 is square, so that dy @ W2 has dh's shape.
            let exercise = RandomExercise(&random, activation: activation == "square" ? "sigmoid" : activation, square: activation == "square")
            let report = try exercise.report(replacing: [name: wrong])
            let answer = try #require(report.answer("d" + name))
            // A ReLU whose inputs are all positive where the gradient is not 0 masks nothing.
            if kind == .reluMask && answer.verdict.isRight { continue }
            checked += 1
            let source = exercise.source(form: 0, replacing: [name: wrong])
            #expect(!answer.verdict.isRight, "\(source)")
            #expect(report.hint?.kind == kind, "\(report.hint?.text ?? "no hint")\n\(source)")
            #expect(report.hint?.gradient == "d" + name)
            #expect(report.exitCode == 1)
            for other in report.notRight where other.name != name {
                #expect(!other.followsFrom.isEmpty, "\(other.gradientName) \(other.verdict.text)\n\(source)")
            }
        }
        #expect(checked >= 6)
    }

    @Test func theHintsReadAsTheyShould() throws {
        var random = Random(state: 3)
        let exercise = RandomExercise(&random, activation: "sigmoid", batch: 4)
        let factor = try #require(try exercise.report(replacing: ["z1": "dh"]).hint)
        #expect(factor.text == "dh is right, but dz1 is not: dz1 is off by the factor sigmoid'(z1) in every entry, the local derivative of h = σ(z1): σ'(z) = σ(z)·(1 − σ(z))")
        let batch = try #require(try exercise.report(replacing: ["y": "2 * (y - t)"]).hint)
        #expect(batch.text == "dy is 4× too large: the loss is a mean over the batch of 4, so its gradient carries a factor 1/4")
        let sign = try #require(try exercise.report(replacing: ["h": "dy @ transpose(-W2)"]).hint)
        #expect(sign.text == "dy is right, but dh is not: dh has the opposite sign everywhere")
        let relu = RandomExercise(&random, activation: "relu", batch: 4)
        let mask = try #require(try relu.report(replacing: ["z1": "dh"]).hint)
        #expect(mask.text == "dh is right, but dz1 is not: check the ReLU mask (entries where z1 ≤ 0 must be 0; h = relu(z1))")
    }

    @Test func anUnansweredGradientIsReportedAndTheRightOneIsPutInForTheOthers() throws {
        var random = Random(state: 5)
        let exercise = RandomExercise(&random)
        let report = try exercise.report(replacing: ["h": "?"])
        #expect(try #require(report.answer("dh")).verdict == .notAnswered)
        let dz1 = try #require(report.answer("dz1"))
        #expect(dz1.verdict.isRight && dz1.substituted == ["h"])
        #expect(report.exitCode == 1 && report.notRight.map(\.gradientName) == ["dh"])
        #expect(report.notRightSummary == "1 of 7 stated gradients is not right yet: dh (not answered)")
    }

    @Test func theTraceShowsStatedGradientsBesideTheTapes() throws {
        var random = Random(state: 9)
        let exercise = RandomExercise(&random)
        let network = try Network(source: exercise.source(form: 0, replacing: ["b1": "dz1"]), file: "r.net")
        let trace = try AnswerCheck.trace(of: network)
        let w1 = try #require(trace.node(named: "W1"))
        #expect(w1.stated == w1.gradient)
        let b1 = try #require(trace.node(named: "b1"))
        #expect(b1.statedShape == Shape(exercise.batch, exercise.hidden))
        #expect(trace.node(named: "x")?.stated == nil)
        #expect(trace.json.serialized().contains("\"stated_shape\":[\(exercise.batch),\(exercise.hidden)]"))
    }

    @Test func theTraceTableHasAStatedRowUnderEachStatedGradient() throws {
        let source = "input x = [[1, 2]]\nparam W = [[0.5], [0.25]]\nz = x @ W\nloss = sum(z * z)\ngrad z = 3 * z\n"
        let table = TraceTable().render(try AnswerCheck.trace(of: try Network(source: source, file: "s.net")))
        let lines = table.split(separator: "\n").map(String.init)
        let row = try #require(lines.firstIndex { $0.hasPrefix(" 2  z ") && $0.contains("[[2]]") })
        // dz = 2z = 2 by backpropagation; the stated 3z = 3, in the row below.
        #expect(lines[row + 1].contains("stated") && lines[row + 1].hasSuffix("[[3]]"))
        #expect(lines.filter { $0.contains("stated") }.count == 2)  // the row and the note under the table
    }

    // MARK: The grad lines

    @Test func theGradientOfAnInputIsComputedAndChecked() throws {
        let source = """
            input x = [[0.5, -1.0]]
            param W = [[0.2, 0.4], [-0.3, 0.1]]
            z = x @ W
            loss = sum(tanh(z))
            grad z = 1 - tanh(z) ^ 2
            grad x = dz @ transpose(W)
            grad W = transpose(x) @ dz
            """
        let report = try AnswerCheck(network: try Network(source: source, file: "i.net")).run()
        #expect(report.answers.map(\.gradientName) == ["dz", "dx", "dW"])
        #expect(report.allRight)
        let dx = try #require(report.answer("dx"))
        #expect(dx.numericError < 1e-8 && dx.numeric.count == 2)
    }

    @Test(arguments: [
        ("grad W3 = ?", "e.net:5:6: 'grad W3': no value is named 'W3'; did you mean 'W1'?"),
        ("grad W1 = transpose(x) @ dzz", "e.net:5:26: undefined name 'dzz' in the gradient dW1; did you mean 'dz'?"),
        ("grad W1 = transpose(x) @ dz", "e.net:5:26: 'dz' is not stated: add a line 'grad z = …'"),
        ("grad W1 = transpose(x) @", "e.net:5:25: expected a number, a name, a function call, '(' or '[', found end of line"),
        ("grad W1 transpose(x)", "e.net:5:9: expected '=' after 'grad W1'"),
        ("grad W1 = ?\ngrad W1 = ?", "e.net:6:6: the gradient dW1 is already stated at line 5"),
        ("grad z = dW1\ngrad W1 = dz", "e.net:5:6: dz uses itself: dz uses dW1 uses dz"),
        ("grad z = dz", "e.net:5:6: dz uses itself: dz uses dz"),
        ("grad W1 = transpos(x)", "e.net:5:11: unknown function 'transpos'; did you mean 'transpose'?"),
        ("grad W1 = x @ x", "e.net:5:13: matmul: inner dimensions differ"),
        ("grad t = ?", "e.net:5:6: 't' is a target, which takes no gradient"),
        ("c = 2\ngrad c = ?", "e.net:6:6: 'c' is a constant, which takes no gradient"),
        ("grad 3 = ?", "e.net:5:6: expected a name after 'grad' (a stated gradient is 'grad NAME = EXPRESSION'), found number 3"),
        ("grad W1 = ??", "e.net:5:12: expected the end of the line after the statement, found '?'"),
        ("y = x ? 2", "e.net:5:7: expected the end of the line after the statement, found '?'"),
    ])
    func mistakesInGradLinesAreOneLineAtTheirPlace(line: String, message: String) {
        let source = "input x = [[1, 2]]\ntarget t = [[1, 2]]\nparam W1 = [[1, 2], [3, 4]]\nz = x @ W1\n\(line)\nloss = sum(z * z)\n"
        do {
            _ = try Network(source: source, file: "e.net")
            Issue.record("no error for \(line)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aGradientNamedLikeAValueIsRefused() {
        let source = "input x = [[1, 2]]\nparam W = [[1], [2]]\ndW = W * 2\nloss = sum(x @ dW)\ngrad W = ?\n"
        #expect(throws: SourceError.self) { try Network(source: source, file: "n.net") }
    }

    @Test func aLongChainOfStatedGradientsIsOrderedWithoutRecursion() throws {
        // Each grad line uses the next one's gradient: 3000 deep.
        var lines = ["param a0 = [[0.5]]"]
        for k in 1...3000 { lines.append("a\(k) = a\(k - 1) * 1") }
        lines.append("loss = sum(a3000)")
        lines.append("grad a3000 = dloss")
        for k in stride(from: 2999, through: 0, by: -1) { lines.append("grad a\(k) = da\(k + 1)") }
        let network = try Network(source: lines.joined(separator: "\n"), file: "chain.net")
        let values = try network.statedGradientValues()
        #expect(values["a0"]?.elements == [1])
    }
}
