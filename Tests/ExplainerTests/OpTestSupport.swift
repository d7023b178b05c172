import Engine
import Explainer
import Foundation
import Languages
import Testing

/// Checks for an elementwise op added to the op table, the way a teacher would test it: against
/// an independent formula, against central differences in Double, and through both languages
/// and the three-way checker.
enum ElementwiseOpChecks {
    /// The tape's forward values and gradients of Σ c ⊙ op(x) for some x, against `formula` and
    /// a central difference of it.
    static func tapeAgreesWithFormula(
        _ op: some ElementwiseOp, at xs: [Double], formula: (Double) -> Double
    ) throws {
        let tape = Tape<Double>()
        let weights = xs.indices.map { 0.5 + 0.25 * Double($0) }
        let x = tape.parameter(Parameter("x", Tensor(rows: [xs])))
        let c = tape.input("c", Tensor(rows: [weights]))
        let y = try tape.record(op, NodeInputs(x))
        let loss = try tape.sum(try tape.multiply(y, c))
        try tape.backward(from: loss)
        let values = tape.trace().nodes[y.id].value
        let gradient = try #require(tape.trace().nodes[x.id].gradient)
        let h = 1e-6
        for (i, x) in xs.enumerated() {
            #expect(abs(values[i] - formula(x)) <= 1e-12 * max(1, abs(formula(x))), "\(op.name)(\(x))")
            let numeric = weights[i] * (formula(x + h) - formula(x - h)) / (2 * h)
            #expect(abs(gradient[i] - numeric) <= 1e-7 * max(1, abs(numeric)), "d\(op.name) at \(x): \(gradient[i]) vs \(numeric)")
        }
    }

    /// Every entry's status when a lesson-sized network file is checked three ways.
    static func networkCheck(_ source: String) throws -> [CheckStatus] {
        let network = try Network(source: source, file: "op.net")
        let trace = try network.run().trace()
        let checker = GradientChecker(derivation: try Derivation(trace: trace), computation: network)
        return try checker.check(nodes: checker.allDerivedNodes).entries.map(\.status)
    }

    /// Every entry's status when `explain --expr` checks an expression.
    static func expressionCheck(_ source: String, at values: String) throws -> [CheckStatus] {
        let expression = try ScalarExpression(source, at: values)
        let trace = try expression.trace()
        let checker = GradientChecker(derivation: try Derivation(trace: trace), computation: expression)
        return try checker.check(nodes: checker.allDerivedNodes).entries.map(\.status)
    }

    /// A 2-3-2 network with the function between the layers, as a teacher would write it.
    static func twoLayerNetwork(_ activation: String) -> String {
        """
        input  x  = [[0.5, -1.2]]
        param  W1 = [[0.3, -0.8, 0.5], [0.7, 0.2, -0.4]]
        param  b1 = [[0.1, -0.1, 0.05]]
        param  W2 = [[0.6, -0.3], [0.2, 0.9], [-0.5, 0.4]]
        input  t  = [[1, 0]]
        h    = \(activation)
        out  = h @ W2
        loss = mean((out - t) ^ 2)
        """
    }
}
