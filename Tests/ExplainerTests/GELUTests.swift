import Engine
import Foundation
import Testing

@Suite struct GELUTests {
    /// ½x(1 + tanh(√(2/π)(x + 0.044715x³))), written out here on its own.
    static func gelu(_ x: Double) -> Double { 0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }

    @Test func valuesAndGradientsAgreeWithTheFormula() throws {
        try ElementwiseOpChecks.tapeAgreesWithFormula(GELU(), at: [-4, -1.5, -0.2, 0, 0.3, 1, 2.5], formula: Self.gelu)
        // PyTorch's gelu(approximate="tanh") at 1 and −1, in float64.
        #expect(abs(GELU().value(1) - 0.8411919906082768) < 1e-15)
        #expect(abs(GELU().value(-1) - -0.15880800939172324) < 1e-15)
    }

    @Test func aNetworkFileAndAnExpressionUseItAndEveryCheckPasses() throws {
        let network = ElementwiseOpChecks.twoLayerNetwork("gelu(x @ W1 + b1)")
        #expect(try ElementwiseOpChecks.networkCheck(network).allSatisfy { $0 == .pass })
        #expect(try ElementwiseOpChecks.expressionCheck("gelu(w*x + b)", at: "w=0.5, x=-2, b=0.3").allSatisfy { $0 == .pass })
    }
}
