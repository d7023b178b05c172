import Engine
import Foundation
import Testing

@Suite struct EnginePropertyTests {
    @Test func reusedValueAccumulatesBothContributions() throws {
        // L = sum(x ⊙ x): dL/dx = 2x, one contribution per use.
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(rows: [[1.5, -2, 3]]), requiresGradient: true)
        let loss = try tape.sum(try tape.multiply(x, x))
        try tape.backward(from: loss)
        #expect(tape.gradient(of: x)!.elements == [3, -4, 6])
    }

    @Test func diamondGraph() throws {
        // a → b = 2a, c = a² → d = b + c: dd/da = 2 + 2a.
        let tape = Tape<Double>()
        let a = tape.input("a", Tensor(rows: [[0.5, -1.25]]), requiresGradient: true)
        let b = try tape.scale(a, by: 2)
        let c = try tape.multiply(a, a)
        let d = try tape.sum(try tape.add(b, c))
        try tape.backward(from: d)
        #expect(tape.gradient(of: a)!.elements == [3, -0.5])
    }

    @Test func biasGradientIsTheColumnSumOfTheUpstreamGradient() throws {
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        let bias = Parameter("b", Tensor(shape: Shape(3), elements: [0.1, 0.2, 0.3]))
        let b = tape.parameter(bias)
        let y = try tape.add(x, b)
        let r = tape.constant("R", Tensor(rows: [[1, -2, 0.5], [3, 0.25, -1]]))
        let loss = try tape.sum(try tape.multiply(y, r))
        try tape.backward(from: loss)
        // Upstream gradient of y is R; its column sums are [4, -1.75, -0.5].
        #expect(bias.gradientTensor.elements == [4, -1.75, -0.5])
        #expect(tape.gradient(of: x) == nil)
    }

    @Test(arguments: [1000.0, -1000.0])
    func softmaxRowsSumToOneAndStayFinite(magnitude: Double) throws {
        let tape = Tape<Double>()
        let logits = tape.input("z", Tensor(rows: [[magnitude, 0, -magnitude], [magnitude, magnitude, 1]]))
        let p = tape.value(of: try tape.softmax(logits))
        #expect(p.elements.allSatisfy { $0.isFinite })
        for i in 0..<2 {
            #expect(abs(p[i, 0] + p[i, 1] + p[i, 2] - 1) < 1e-15)
        }
        let logP = tape.value(of: try tape.logSoftmax(logits))
        #expect(logP.elements.allSatisfy { $0.isFinite })
        let ce = tape.scalar(try tape.crossEntropy(logits, labels: [2, 2]))
        #expect(ce.isFinite)
        // Row 0: label 2 has logit −|m|·sign… the loss is exactly max − z[label] + log Σ exp(z − max).
        let expected0 = max(magnitude, 0, -magnitude) - (-magnitude) + Foundation.log(1 + Foundation.exp(-abs(magnitude)) + Foundation.exp(-2 * abs(magnitude)))
        let top1 = max(magnitude, 1)
        let expected1 = top1 - 1 + Foundation.log(Foundation.exp(magnitude - top1) * 2 + Foundation.exp(1 - top1))
        #expect(relativeError(ce, (expected0 + expected1) / 2) < 1e-12)
    }

    @Test func crossEntropyIsMinusLogProbabilityOfTheLabel() throws {
        let logits: [[Double]] = [[2, 1, 0.1], [0.5, 2.5, -1]]
        let labels = [0, 2]
        var expected = 0.0
        for (row, label) in zip(logits, labels) {
            let total = row.map { Foundation.exp($0) }.reduce(0, +)
            expected += -Foundation.log(Foundation.exp(row[label]) / total)
        }
        expected /= 2
        let tape = Tape<Double>()
        let z = tape.input("z", Tensor(rows: logits))
        #expect(relativeError(tape.scalar(try tape.crossEntropy(z, labels: labels)), expected) < 1e-14)
    }

    @Test func shapeErrorsNameTheOp() {
        let tape = Tape<Double>()
        let a = tape.input("a", Tensor(zeros: Shape(2, 3)))
        let b = tape.input("b", Tensor(zeros: Shape(2, 2)))
        #expect(throws: EngineError("matmul: inner dimensions differ: (2×3) · (2×2) (3 ≠ 2)")) { try tape.matmul(a, b) }
        #expect(throws: EngineError.self) { try tape.add(a, b) }
        #expect(throws: EngineError("cross_entropy: label 3 is outside 0…2")) { try tape.crossEntropy(a, labels: [0, 3]) }
    }

    /// A tape that lets unread gradient elements go (as training does) gives every parameter and
    /// input the same gradient, bit for bit, as one that computes them all; a ReLU output's
    /// gradient differs only where the output is 0 (there it is 0), where no backward reads it.
    @Test func unreadGradientElementsChangeNoOtherGradient() throws {
        var state: UInt64 = 5
        func tensor(_ rows: Int, _ cols: Int, scale: Double) -> Tensor<Float> {
            Tensor(shape: Shape(rows, cols), elements: (0..<(rows * cols)).map { _ in
                state &+= SplitMix64.increment
                return Float((Double(SplitMix64.mix(state) >> 11) * 0x1p-53 * 2 - 1) * scale)
            })
        }
        let w1 = tensor(24, 40, scale: 0.4), w2 = tensor(40, 36, scale: 0.3), w3 = tensor(36, 3, scale: 0.3)
        let x = tensor(8, 24, scale: 1)
        func run(skipping: Bool) throws -> (parameters: [[Float]], input: [Float], hidden: [([Float], [Float])]) {
            let tape = Tape<Float>()
            tape.skipsUnreadGradientElements = skipping
            let p = [Parameter("W1", w1), Parameter("W2", w2), Parameter("W3", w3)]
            var hidden: [Variable] = []
            for _ in 0..<2 {  // the second step on buffers holding the first one's numbers
                tape.reset()
                hidden = []
                let input = tape.input("x", x, requiresGradient: true)
                let h1 = try tape.relu(try tape.matmul(input, tape.parameter(p[0])))
                let h2 = try tape.relu(try tape.matmul(h1, tape.parameter(p[1])))
                let logits = try tape.matmul(h2, tape.parameter(p[2]))
                hidden = [h1, h2]
                try tape.backward(from: try tape.crossEntropy(logits, labels: [0, 1, 2, 0, 1, 2, 0, 1]))
            }
            return (
                p.map(\.gradientTensor.elements), tape.gradient(of: Variable(id: 0))!.elements,
                hidden.map { (tape.value(of: $0).elements, tape.gradient(of: $0)!.elements) })
        }
        let whole = try run(skipping: false), skipping = try run(skipping: true)
        #expect(skipping.parameters.map { $0.map(\.bitPattern) } == whole.parameters.map { $0.map(\.bitPattern) })
        #expect(skipping.input.map(\.bitPattern) == whole.input.map(\.bitPattern))
        var skipped = 0
        for (layer, (value, gradient)) in skipping.hidden.enumerated() {
            for e in value.indices {
                if value[e] != 0 {
                    #expect(gradient[e].bitPattern == whole.hidden[layer].1[e].bitPattern, "h\(layer + 1)[\(e)]")
                } else if gradient[e] != whole.hidden[layer].1[e] {
                    #expect(gradient[e] == 0, "h\(layer + 1)[\(e)]")
                    skipped += 1
                }
            }
        }
        // h1's gradient (dZ2·W2ᵀ, k = 36) is made by dot products, which skip: some were left out.
        #expect(skipped > 0)
    }

    /// Gradients start fresh (unfilled) in `backward`; every way a value takes more than one
    /// contribution must still add them all, and the buffers hold garbage from the last step.
    @Test func freshGradientsKeepEveryContribution() throws {
        for fresh in [true, false] {
            let tape = Tape<Double>()
            tape.handsOutFreshGradients = fresh
            let w = Parameter("W", Tensor(rows: [[0.5, -1], [2, 0.25]]))
            for step in 0..<2 {
                tape.reset()
                // Garbage where the gradients will go: a fresh gradient must be written whole.
                for node in tape.nodes { node.gradient.elements.update(repeating: 1e9) }
                let x = tape.input("x", Tensor(rows: [[1, -2], [3, 0.5]]), requiresGradient: true)
                // x used twice by one op (x·x), by two ops (x·W and x + …), W recorded twice.
                let square = try tape.matmul(x, x)
                let first = try tape.matmul(x, tape.parameter(w))
                let second = try tape.matmul(square, tape.parameter(w))
                let unused = try tape.matmul(x, tape.parameter(w))  // reaches no loss
                let total = try tape.add(try tape.add(first, second), x)
                let loss = try tape.sum(total)
                try tape.backward(from: loss)
                // L = Σ (x·W + x·x·W + x); with G = 1 (all ones): dL/dW = xᵀ·G + (x·x)ᵀ·G,
                // dL/dx = G·Wᵀ + (G·Wᵀ)·xᵀ... computed by hand below.
                let xv = [[1.0, -2], [3, 0.5]], wv = [[0.5, -1], [2, 0.25]]
                func mm(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
                    (0..<2).map { i in (0..<2).map { j in a[i][0] * b[0][j] + a[i][1] * b[1][j] } }
                }
                func t(_ a: [[Double]]) -> [[Double]] { [[a[0][0], a[1][0]], [a[0][1], a[1][1]]] }
                let g = [[1.0, 1], [1, 1]]
                let gs = mm(g, t(wv))  // gradient of square = G·Wᵀ
                let dW = zip(mm(t(xv), g).joined(), mm(t(mm(xv, xv)), g).joined()).map { $0 + $1 }
                let dx = zip(zip(mm(g, t(wv)).joined(), g.joined()).map { $0 + $1 },
                             zip(mm(gs, t(xv)).joined(), mm(t(xv), gs).joined()).map { $0 + $1 }).map { $0 + $1 }
                #expect(w.gradientTensor.elements == dW, "step \(step), fresh \(fresh)")
                #expect(tape.gradient(of: x)!.elements == dx, "step \(step), fresh \(fresh)")
                #expect(tape.gradient(of: unused)!.elements == [0, 0, 0, 0], "step \(step), fresh \(fresh)")

                // x·x as the only use of x: the product's first contribution must not be
                // overwritten by its second.
                tape.reset()
                for node in tape.nodes { node.gradient.elements.update(repeating: 1e9) }
                let y = tape.input("x", Tensor(rows: [[1, -2], [3, 0.5]]), requiresGradient: true)
                try tape.backward(from: try tape.sum(try tape.matmul(y, y)))
                let dy = zip(mm(g, t(xv)).joined(), mm(t(xv), g).joined()).map { $0 + $1 }
                #expect(tape.gradient(of: y)!.elements == dy, "step \(step), fresh \(fresh)")
            }
        }
    }

    @Test func warmTapeReusesItsBuffers() throws {
        let tape = Tape<Float>()
        let w = Parameter<Float>("W", Tensor(shape: Shape(3, 2), elements: [1, 2, 3, 4, 5, 6]))
        func step(_ scale: Float) throws -> [UnsafeMutablePointer<Float>] {
            tape.reset()
            let x = tape.input("x", shape: Shape(2, 3)) { buffer in
                for i in buffer.indices { buffer[i] = Float(i) * scale }
            }
            let loss = try tape.crossEntropy(try tape.matmul(x, tape.parameter(w)), labels: [0, 1])
            try tape.backward(from: loss)
            return tape.nodes.map { $0.value.pointer }
        }
        let first = try step(1)
        let second = try step(2)
        #expect(first == second)
        #expect(tape.count == 4)
    }

    @Test func traceRecordsEveryNodeInOrder() throws {
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(rows: [[1, 2]]))
        let w = Parameter("W", Tensor(rows: [[0.5], [-1]]))
        let z = try tape.matmul(x, tape.parameter(w), name: "z")
        let loss = try tape.sum(try tape.multiply(z, z), name: "L")
        try tape.backward(from: loss)
        let trace = tape.trace()
        #expect(trace.nodes.map(\.name) == ["x", "W", "z", "z · z", "L"])
        #expect(trace.nodes.map(\.op) == ["input", "parameter", "matmul", "multiply", "sum"])
        #expect(trace.nodes[2].inputs == [0, 1])
        #expect(trace.nodes[2].value == [-1.5])
        #expect(trace.nodes[2].gradient == [-3])
        #expect(trace.nodes[1].gradient == [-3, -6])
        #expect(trace.nodes[0].gradient == nil)
        #expect(trace.loss == 2.25)
        #expect(trace.nodes[2].formula == "x · W")
    }
}
