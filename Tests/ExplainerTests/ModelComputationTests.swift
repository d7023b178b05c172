import Engine
import Explainer
import NN
import Testing

/// A model checked through `ModelComputation`: what `mnist gradcheck` does, on a tiny model.
@Suite struct ModelComputationTests {
    func tinyModel(batchNorm: Bool) -> Sequential<Double> {
        var generator = SeededGenerator(seed: 5)
        var layers: [any Layer<Double>] = [Flatten(), Dense(4, 3, activation: .tanh, index: 1, generator: &generator)]
        if batchNorm { layers.append(BatchNormalization(features: 3, index: 1)) }
        layers.append(Dense(3, 2, index: 2, generator: &generator))
        return Sequential(name: "tiny", inputShape: Shape(2, 2), layers: layers)
    }

    @Test(arguments: [false, true])
    func everyParameterEntryPassesTheThreeWitnessCheck(batchNorm: Bool) throws {
        let images = Tensor<Double>(shape: Shape(5, 2, 2), elements: (0..<20).map { Double(($0 * 7) % 11) / 11 })
        let computation = ModelComputation(model: tinyModel(batchNorm: batchNorm), images: images, labels: [0, 1, 1, 0, 1])
        let derivation = try Derivation(trace: try computation.trace())
        let checker = GradientChecker(derivation: derivation, computation: computation)
        let report = try checker.check(nodes: checker.parameterNodes)
        #expect(report.nodes.map(\.name) == (batchNorm ? ["W1", "b1", "gamma1", "beta1", "W2", "b2"] : ["W1", "b1", "W2", "b2"]))
        #expect(report.entries.count == (batchNorm ? 12 + 3 + 3 + 3 + 6 + 2 : 12 + 3 + 6 + 2))
        #expect(report.status == .pass)
        #expect(report.worstError < 1e-7)
    }

    /// Intermediates too (what `explain 8` checks): the tape moves one number of an op's
    /// result as the op computes it.
    @Test func everyIntermediateEntryPassesTheThreeWitnessCheck() throws {
        let images = Tensor<Double>(shape: Shape(5, 2, 2), elements: (0..<20).map { Double(($0 * 7) % 11) / 11 })
        let computation = ModelComputation(model: tinyModel(batchNorm: true), images: images, labels: [0, 1, 1, 0, 1])
        let derivation = try Derivation(trace: try computation.trace())
        let checker = GradientChecker(derivation: derivation, computation: computation)
        let intermediates = checker.allDerivedNodes.filter { !checker.parameterNodes.contains($0) }
        #expect(intermediates.count >= 5)
        let report = try checker.check(nodes: intermediates)
        #expect(report.status == .pass)
        #expect(report.worstError < 1e-7)
    }

    @Test func aMovedParameterIsRestoredAfterTheRun() throws {
        let model = tinyModel(batchNorm: false)
        let images = Tensor<Double>(shape: Shape(2, 2, 2), elements: [0, 0.5, 1, 0.25, 0.75, 0.1, 0.2, 0.9])
        let computation = ModelComputation(model: model, images: images, labels: [1, 0])
        let before = model.parameters.map(\.tensor)
        let trace = try computation.trace()
        let w1 = try #require(trace.node(named: "W1"))
        let moved = try computation.forward(with: NodeShift(node: w1.id, element: 3, delta: 0.01))
        #expect(moved.loss != trace.loss)
        #expect(model.parameters.map(\.tensor) == before)
    }
}
