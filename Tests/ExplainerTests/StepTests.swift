import Engine
import Explainer
import Languages
import Testing

@Suite struct StepTests {
    @Test func valuesAndGradientsAgreeWithTheFormula() throws {
        // 1 where x > 0, else 0 (at 0 itself too); the gradient through it is 0 everywhere.
        try ElementwiseOpChecks.tapeAgreesWithFormula(Step(), at: [-3, -0.4, 0.6, 2]) { $0 > 0 ? 1 : 0 }
        #expect(Step().value(0) == 0 && Step().value(1e-300) == 1)
    }

    /// The mask of a ReLU's gradient: dh * step(z) is the backward pass's dz, bit for bit.
    @Test func itWritesAReLUsGradientExactly() throws {
        let source = """
            input x = [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]
            param W = [[0.2, -0.4], [-0.5, 0.3], [0.4, 0.1]]
            z = x @ W
            h = relu(z)
            loss = sum(h * h)
            grad h = 2 * h
            grad z = dh * step(z)
            """
        let report = try AnswerCheck(network: try Network(source: source, file: "s.net")).run()
        #expect(report.answers.map(\.verdict) == [.exact, .exact])
    }

    @Test func aNetworkUsingItPassesEveryCheck() throws {
        let network = ElementwiseOpChecks.twoLayerNetwork("step(x @ W1 + b1) * (x @ W1 + b1)")
        #expect(try ElementwiseOpChecks.networkCheck(network).allSatisfy { $0 == .pass })
    }
}
