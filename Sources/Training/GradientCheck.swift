import Engine
import NN

/// The real model's backpropagation against central finite differences, in Double:
/// for sampled entries θᵢ of every parameter, (L(θᵢ + h) − L(θᵢ − h)) / 2h against the gradient
/// backward computed, with the relative error |a − n| / max(|a|, |n|, 1e-8). The floor keeps two
/// gradients that are both zero up to rounding (a bias right before batch normalization, whose
/// gradient is exactly zero in exact arithmetic) from counting as a disagreement.
///
/// A ReLU whose input changes sign between θ − h and θ + h (a kink) makes a correct gradient
/// disagree with the numeric one; such samples are detected, counted and left out of the verdict.
public struct GradientCheck {
    public struct Sample: Sendable, Equatable {
        /// Row-major index of the entry.
        public let index: Int
        public let analytic: Double
        public let numeric: Double
        public let relativeError: Double
        /// A ReLU changed sides between θ − h and θ + h.
        public let crossesKink: Bool
    }

    public struct ParameterResult: Sendable {
        public let name: String
        public let shape: Shape
        public let samples: [Sample]

        /// The worst relative error among samples without a kink (0 when none).
        public var worstRelativeError: Double {
            samples.filter { !$0.crossesKink }.map(\.relativeError).max() ?? 0
        }
        public var worst: Sample? {
            samples.filter { !$0.crossesKink }.max { $0.relativeError < $1.relativeError }
        }
        public var kinks: Int { samples.count { $0.crossesKink } }
    }

    /// Step of the central difference.
    public var step = 1e-5
    /// A relative error above this fails the check (a correct gradient shows about 1e-8 here).
    public var tolerance = 1e-6
    /// The smallest denominator of the relative error.
    public var floor = 1e-8
    /// Entries sampled per parameter (all of them when it has fewer).
    public var samples = 5
    public var seed: UInt64 = 1

    public init(samples: Int = 5, seed: UInt64 = 1) {
        self.samples = samples
        self.seed = seed
    }

    /// Checks every trainable parameter of `model` on the images and labels of `data`, in
    /// training mode (batch statistics for batch normalization).
    public func run(model: Sequential<Double>, data: ImageDataset) throws(TrainingError) -> (
        loss: Double, results: [ParameterResult]
    ) {
        let tape = Tape<Double>()
        tape.isTraining = true
        let labels = (0..<data.count).map { Int32(data.label($0)) }
        let pixels = (0..<data.count).flatMap { data.image($0) }
        func forward() throws(TrainingError) -> Variable {
            tape.reset()
            let x = tape.input("x", shape: Shape(data.count, data.rows, data.cols)) { buffer in
                for (k, p) in pixels.enumerated() { buffer[k] = Double(p) / 255 }
            }
            do {
                return try labels.withUnsafeBufferPointer { (labels) throws(EngineError) -> Variable in
                    try model.loss(x, labels: labels, on: tape).loss
                }
            } catch {
                throw TrainingError(.engine, "gradient check of \(model.name): \(error)")
            }
        }
        func loss() throws(TrainingError) -> Double { tape.scalar(try forward()) }
        /// Which side of zero every ReLU input is on.
        func reluPattern() -> [Bool] {
            var pattern: [Bool] = []
            for node in tape.nodes.prefix(tape.count) where node.role == .operation && node.op.name == "relu" {
                let value = node.value.pointer
                for k in 0..<node.shape.count { pattern.append(value[k] > 0) }
            }
            return pattern
        }

        let lossNode = try forward()
        do {
            try tape.backward(from: lossNode)
        } catch {
            throw TrainingError(.engine, "gradient check of \(model.name): \(error)")
        }
        let baseLoss = tape.scalar(lossNode)
        let basePattern = reluPattern()
        var generator = SeededGenerator(seed: seed)
        var results: [ParameterResult] = []
        for parameter in model.parameters {
            let analytic = parameter.gradient.array
            // Entries whose gradient is exactly zero (a weight from an always-blank pixel) test
            // nothing; sample among the others when there are enough.
            var candidates = analytic.indices.filter { analytic[$0] != 0 }
            if candidates.count < samples { candidates = Array(analytic.indices) }
            generator.shuffle(&candidates)
            var checked: [Sample] = []
            for index in candidates.prefix(samples).sorted() {
                let value = parameter.value.pointer
                let original = value[index]
                value[index] = original + step
                let plus = try loss()
                let plusPattern = reluPattern()
                value[index] = original - step
                let minus = try loss()
                let minusPattern = reluPattern()
                value[index] = original
                let numeric = (plus - minus) / (2 * step)
                let a = analytic[index]
                let error = abs(a - numeric) / max(abs(a), abs(numeric), floor)
                checked.append(
                    Sample(
                        index: index, analytic: a, numeric: numeric, relativeError: error,
                        crossesKink: plusPattern != basePattern || minusPattern != basePattern))
            }
            results.append(ParameterResult(name: parameter.name, shape: parameter.shape, samples: checked))
        }
        return (baseLoss, results)
    }

    /// Whether every parameter's worst relative error (away from kinks) is within the tolerance.
    public func passes(_ results: [ParameterResult]) -> Bool {
        results.allSatisfy { $0.worstRelativeError <= tolerance }
    }
}
