import Engine
import Explainer
import Languages
import Testing

@Suite struct LeakyReLUTests {
    @Test(arguments: [0.01, 0.2, -0.5])
    func valuesAndGradientsAgreeWithTheFormula(slope: Double) throws {
        try ElementwiseOpChecks.tapeAgreesWithFormula(LeakyReLU(slope: slope), at: [-3, -0.4, 0.6, 2]) { $0 > 0 ? $0 : slope * $0 }
    }

    @Test func aNetworkFileAndAnExpressionUseItAndEveryCheckPasses() throws {
        let network = ElementwiseOpChecks.twoLayerNetwork("leaky_relu(x @ W1 + b1, slope=0.1)")
        #expect(try ElementwiseOpChecks.networkCheck(network).allSatisfy { $0 == .pass })
        #expect(try ElementwiseOpChecks.expressionCheck("leaky_relu(w*x, slope=0.3)", at: "w=0.5, x=-2").allSatisfy { $0 == .pass })
    }

    /// At 0 the derivative does not exist: the finite difference straddles the kink and the
    /// checker says KINK, not FAIL.
    @Test func theKinkAtZeroIsReportedAsKink() throws {
        let statuses = try ElementwiseOpChecks.expressionCheck("leaky_relu(w*x - 1, slope=0.1)", at: "w=0.5, x=2")
        #expect(statuses.contains(.kink))
        #expect(!statuses.contains { $0.isFailure })
        // x @ W = [1.5, 0] exactly: the second unit sits on the kink.
        let network = """
            input x = [[1, 2]]
            param W = [[1, 0.5], [0.25, -0.25]]
            loss = sum(leaky_relu(x @ W, slope=0.1))
            """
        let statusesOfNetwork = try ElementwiseOpChecks.networkCheck(network)
        #expect(statusesOfNetwork.contains(.kink))
        #expect(!statusesOfNetwork.contains { $0.isFailure })
    }

    @Test func theSlopeMustBeANumber() {
        #expect(throws: SourceError.self) { try Network(source: "input x = [[1]]\ny = leaky_relu(x, slope=inf)", file: "s.net") }
    }
}
