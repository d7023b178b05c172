import Engine
import Foundation
import NN

@testable import Training

/// Small stand-ins for MNIST, so the unit tests stay fast in debug builds.
enum Fixtures {
    /// `count` 4×4 images of 10 classes: class c lights pixel c (and c + 6 faintly) over seeded
    /// noise, so a small network can learn it in a few epochs.
    static func images(count: Int, seed: UInt64 = 5) -> ImageDataset {
        var generator = SeededGenerator(seed: seed)
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for _ in 0..<count {
            let label = generator.index(below: 10)
            for p in 0..<16 {
                var value = generator.index(below: 60)
                if p == label { value += 190 }
                if p == label + 6 { value += 90 }
                pixels.append(UInt8(min(value, 255)))
            }
            labels.append(UInt8(label))
        }
        return ImageDataset(pixels: pixels, labels: labels, rows: 4, cols: 4)
    }

    /// Flatten → Dense(16 → 12, ReLU) → [BatchNormalization] → Dense(12 → 10), named "tiny"/"tiny-bn".
    static func model<T: KernelScalar>(seed: UInt64 = 3, batchNorm: Bool = false, as: T.Type = Float.self)
        -> Sequential<T>
    {
        var generator = SeededGenerator(seed: seed)
        var layers: [any Layer<T>] = [Flatten(), Dense(16, 12, activation: .relu, index: 1, generator: &generator)]
        if batchNorm { layers.append(BatchNormalization(features: 12, index: 1)) }
        layers.append(Dense(12, 10, index: 2, generator: &generator))
        return Sequential(name: batchNorm ? "tiny-bn" : "tiny", inputShape: Shape(4, 4), layers: layers)
    }

    static func configuration(
        epochs: Int = 3, batchSize: Int = 8, optimizer: OptimizerKind = .adam, learningRate: Double? = 0.01,
        batchNorm: Bool = false
    ) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.model = batchNorm ? "tiny-bn" : "tiny"
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.optimizer = optimizer
        configuration.learningRate = learningRate
        configuration.seed = 9
        return configuration
    }

    static func trainer(_ configuration: TrainingConfiguration, batchNorm: Bool = false) -> Trainer {
        Trainer(model: model(batchNorm: batchNorm), configuration: configuration, evaluationBatchSize: 16)
    }

    /// Every saved tensor of a model, by name.
    static func weights(_ model: Sequential<Float>) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: model.savedTensors.map { ($0.name, $0.value.array) })
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "backprop-training-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
