import Engine
import Explainer
import Testing

/// Dropout: the mask (its rate, its scale, fixed by the seed), and its gradient three ways: the
/// explainer's derivation (the mask drawn again from the recorded seed), the tape's backward,
/// and central finite differences.
@Suite struct DropoutTests {
    /// x (4, 6) · W (6, 5) → dropout(p = 0.4, seed) → tanh → loss = Σ y ⊙ y.
    static func network(seed: UInt64, shift: NodeShift? = nil) throws -> Trace {
        let tape = Tape<Double>()
        func moved(_ v: Variable) -> Variable {
            if let shift, shift.node == v.id { tape.node(v).value.pointer[shift.element] += shift.delta }
            return v
        }
        let x = tape.input("x", Tensor(shape: Shape(4, 6), elements: (0..<24).map { Double($0 % 7) / 5 - 0.6 }))
        let weights = moved(tape.parameter(Parameter("W", Tensor(shape: Shape(6, 5), elements: (0..<30).map { Double(($0 * 37) % 19) / 10 - 0.9 }))))
        let z = moved(try tape.matmul(x, weights, name: "z"))
        let dropped = moved(try tape.dropout(z, rate: 0.4, seed: seed, name: "drop"))
        let y = moved(try tape.tanh(dropped, name: "y"))
        let loss = try tape.sum(moved(try tape.multiply(y, y, name: "square")), name: "loss")
        if shift == nil { try tape.backward(from: loss) }
        var trace = tape.trace()
        trace.lossID = loss.id
        return trace
    }

    @Test func theMaskKeepsOneMinusTheRateScaledUp() throws {
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(shape: Shape(100, 100), elements: Array(repeating: 2, count: 10_000)))
        let y = tape.value(of: try tape.dropout(x, rate: 0.3, seed: 11))
        let dropped = y.elements.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 10_000 - 0.3) < 0.02)
        #expect(y.elements.allSatisfy { $0 == 0 || abs($0 - 2 / 0.7) < 1e-12 })
        // The same seed draws the same mask; another seed another one.
        let again = tape.value(of: try tape.dropout(x, rate: 0.3, seed: 11))
        let other = tape.value(of: try tape.dropout(x, rate: 0.3, seed: 12))
        #expect(again.elements == y.elements)
        #expect(other.elements != y.elements)
    }

    @Test(arguments: [1, 2, 99] as [UInt64])
    func derivationAgreesWithBackwardAndFiniteDifferences(seed: UInt64) throws {
        let trace = try Self.network(seed: seed)
        let derivation = try Derivation(trace: trace)
        for name in ["W", "z", "drop"] {
            let node = try #require(trace.node(named: name))
            let derived = try #require(derivation.gradient(of: node.id))
            let backward = try #require(node.gradient)
            for (d, b) in zip(derived, backward) { #expect(abs(d - b) <= 1e-12 * max(1, abs(b)), "d\(name)") }
        }
        // Dropped entries of z get exactly zero gradient.
        let z = try #require(trace.node(named: "z")), drop = try #require(trace.node(named: "drop"))
        for (i, kept) in drop.value.enumerated() where kept == 0 && z.value[i] != 0 { #expect(z.gradient?[i] == 0) }
        let checker = GradientChecker(
            derivation: derivation, computation: Recomputation { try Self.network(seed: seed, shift: $0) },
            settings: CheckSettings(samples: 30))
        let report = try checker.check(nodes: checker.allDerivedNodes)
        #expect(report.entries.allSatisfy { $0.status == .pass })
        #expect(report.worstError < 1e-7)
    }
}
