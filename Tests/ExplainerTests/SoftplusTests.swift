import Engine
import Foundation
import Testing

@Suite struct SoftplusTests {
    @Test func valuesAndGradientsAgreeWithTheFormula() throws {
        try ElementwiseOpChecks.tapeAgreesWithFormula(Softplus(), at: [-30, -2, -0.3, 0, 0.7, 3, 25]) { Foundation.log(1 + Foundation.exp($0)) }
        // Far out, softplus is x on the right and e^x on the left; no overflow, no lost digits.
        #expect(Softplus().value(800) == 800)
        #expect(abs(Softplus().value(-50) - Foundation.exp(-50)) <= 1e-15 * Foundation.exp(-50))
    }

    @Test func aNetworkFileAndAnExpressionUseItAndEveryCheckPasses() throws {
        let network = ElementwiseOpChecks.twoLayerNetwork("softplus(x @ W1 + b1)")
        #expect(try ElementwiseOpChecks.networkCheck(network).allSatisfy { $0 == .pass })
        #expect(try ElementwiseOpChecks.expressionCheck("softplus(w*x + b)", at: "w=0.5, x=-2, b=0.3").allSatisfy { $0 == .pass })
    }
}
