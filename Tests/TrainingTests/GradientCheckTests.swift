import Engine
import NN
import Testing

@testable import Training

@Suite struct GradientCheckTests {
    @Test(arguments: [false, true])
    func backpropagationMatchesFiniteDifferences(batchNorm: Bool) throws {
        let model = Fixtures.model(batchNorm: batchNorm, as: Double.self)
        let check = GradientCheck(samples: 6, seed: 2)
        let (loss, results) = try check.run(model: model, data: Fixtures.images(count: 8))
        #expect(loss > 0 && loss.isFinite)
        #expect(
            results.map(\.name)
                == (batchNorm ? ["W1", "b1", "gamma1", "beta1", "W2", "b2"] : ["W1", "b1", "W2", "b2"]))
        for result in results {
            #expect(result.samples.count == 6)
            #expect(result.worstRelativeError < 1e-6, "\(result.name): \(result.worstRelativeError)")
            #expect(result.samples.allSatisfy { $0.analytic != 0 || $0.numeric == 0 })
        }
        #expect(check.passes(results))
    }

    @Test func aWrongGradientFailsTheCheck() {
        let wrong = GradientCheck.ParameterResult(
            name: "W1", shape: Shape(2),
            samples: [.init(index: 0, analytic: 1, numeric: 1.1, relativeError: 0.1 / 1.1, crossesKink: false)])
        let kink = GradientCheck.ParameterResult(
            name: "b1", shape: Shape(2),
            samples: [.init(index: 1, analytic: 1, numeric: 0.5, relativeError: 0.5, crossesKink: true)])
        let check = GradientCheck()
        #expect(!check.passes([wrong]))
        #expect(check.passes([kink]))
        #expect(kink.kinks == 1 && kink.worst == nil)
    }
}
