import Engine
import Explainer
import Testing

/// Convolution and max pooling: the explainer's own loops for their gradients against the
/// engine's im2col and argmax kernels, and the whole check with finite differences.
@Suite struct WindowGradientTests {
    /// x (2, 5, 4, 2) → conv 3×3 (2 → 3 filters) → relu → maxpool 2×2 → flatten → dense → loss.
    static func network(padding: Padding, stride: Int, shift: NodeShift? = nil) throws -> Trace {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        func tensor(_ shape: Shape) -> Tensor<Double> { Tensor(shape: shape, elements: (0..<shape.count).map { _ in next() }) }
        let tape = Tape<Double>()
        func moved(_ v: Variable) -> Variable {
            if let shift, shift.node == v.id { tape.node(v).value.pointer[shift.element] += shift.delta }
            return v
        }
        let x = tape.input("x", tensor(Shape(2, 5, 4, 2)))
        let kernel = moved(tape.parameter(Parameter("K", tensor(Shape(3, 3, 2, 3)))))
        let conv = moved(try tape.conv2d(x, kernel, stride: stride, padding: padding, name: "conv"))
        let activated = moved(try tape.relu(conv, name: "a"))
        let pooled = moved(try tape.maxPool2d(activated, size: 2, stride: 1, padding: padding, name: "pool"))
        let flat = moved(try tape.flatten(pooled, name: "flat"))
        let weights = moved(tape.parameter(Parameter("W", tensor(Shape(tape.shape(of: flat)[1], 2)))))
        let out = moved(try tape.matmul(flat, weights, name: "out"))
        let loss = try tape.sum(moved(try tape.multiply(out, out, name: "square")), name: "loss")
        if shift == nil { try tape.backward(from: loss) }
        var trace = tape.trace()
        trace.lossID = loss.id
        return trace
    }

    @Test(arguments: [(Padding.valid, 1), (.same, 1), (.same, 2)])
    func derivationAgreesWithBackwardAndFiniteDifferences(padding: Padding, stride: Int) throws {
        let trace = try Self.network(padding: padding, stride: stride)
        let derivation = try Derivation(trace: trace)
        for name in ["K", "conv", "a", "pool", "W"] {
            let node = try #require(trace.node(named: name))
            let derived = try #require(derivation.gradient(of: node.id))
            let backward = try #require(node.gradient)
            for (d, b) in zip(derived, backward) { #expect(abs(d - b) <= 1e-12 * max(1, abs(b)), "d\(name)") }
        }
        let checker = GradientChecker(
            derivation: derivation, computation: Recomputation { try Self.network(padding: padding, stride: stride, shift: $0) },
            settings: CheckSettings(samples: 12))
        let report = try checker.check(nodes: checker.allDerivedNodes)
        let failures = report.entries.filter { $0.status == .fail }.map { "d\($0.name)\($0.position)" }
        let worst = report.worstError
        #expect(failures.isEmpty)
        #expect(worst < 1e-7)
    }

    /// A max-pool window whose two largest values are equal: the gradient goes to the first, a
    /// finite difference that moves either of them hands the window to the other and measures
    /// half a slope. The checker reports those entries as KINK, not FAIL; the others PASS.
    @Test func maxPoolTiesAreReportedAsKinks() throws {
        // x (1, 4, 4, 1) → maxpool 2×2 → loss = Σ p ⊙ w. The top-left window holds 0.7 twice.
        let values: [Double] = [0.7, 0.1, 0.2, 0.3, 0.7, 0.4, 0.9, 0.5, 0.6, 0.8, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55]
        func network(_ shift: NodeShift?) throws -> Trace {
            let tape = Tape<Double>()
            let x = tape.parameter(Parameter("x", Tensor(shape: Shape(1, 4, 4, 1), elements: values)))
            if let shift, shift.node == x.id { tape.node(x).value.pointer[shift.element] += shift.delta }
            let pooled = try tape.maxPool2d(x, size: 2, name: "p")
            let w = tape.constant("w", Tensor(shape: Shape(1, 2, 2, 1), elements: [1, -2, 3, 0.5]))
            let loss = try tape.sum(try tape.multiply(pooled, w, name: "weighted"), name: "loss")
            if shift == nil { try tape.backward(from: loss) }
            var trace = tape.trace()
            trace.lossID = loss.id
            return trace
        }
        let trace = try network(nil)
        let checker = GradientChecker(
            derivation: try Derivation(trace: trace), computation: Recomputation { try network($0) })
        let report = try checker.check(nodes: checker.parameterNodes)
        let dx = report.entries.filter { $0.name == "x" }
        #expect(dx.count == 16)
        // x[0,0,0,0] and x[0,1,0,0] tie at 0.7: both are kinks; the gradient went to the first.
        let kinks = dx.filter { $0.status == .kink }.map(\.element)
        #expect(kinks == [0, 4])
        #expect(dx[0].derived == 1 && dx[4].derived == 0)
        #expect(dx.allSatisfy { $0.status == .kink || $0.status == .pass })
        #expect(!report.failed)
    }
}
