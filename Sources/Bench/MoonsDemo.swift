import Engine
import NN

/// Two interleaving half circles in the plane with Gaussian noise, labelled −1 and +1: the data
/// of micrograd's demo (scikit-learn's `make_moons`). The outer moon is (cos t, sin t) for t in
/// [0, π], the inner one (1 − cos t, 0.5 − sin t); each gets half of the points, evenly spaced in
/// t, then every coordinate gets noise N(0, σ²) from the seeded generator.
public struct TwoMoons: Sendable {
    /// x, y of each point.
    public let points: [(x: Double, y: Double)]
    /// −1 for the outer moon, +1 for the inner one.
    public let labels: [Double]

    public init(count: Int, noise: Double, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let outer = count / 2, inner = count - outer
        var points: [(x: Double, y: Double)] = []
        var labels: [Double] = []
        func angle(_ i: Int, of n: Int) -> Double { n > 1 ? Double.pi * Double(i) / Double(n - 1) : 0 }
        for i in 0..<outer {
            let t = angle(i, of: outer)
            points.append((cosine(t), sine(t)))
            labels.append(-1)
        }
        for i in 0..<inner {
            let t = angle(i, of: inner)
            points.append((1 - cosine(t), 0.5 - sine(t)))
            labels.append(1)
        }
        for i in points.indices {
            points[i].x += noise * generator.normal()
            points[i].y += noise * generator.normal()
        }
        self.points = points
        self.labels = labels
    }

    public var count: Int { points.count }
}

/// micrograd's multilayer perceptron, on the scalar engine: every neuron is
/// `b + Σ wᵢ·xᵢ`, followed by a ReLU except in the last layer. Weights start U(−1, 1), biases 0.
/// The parameters live here as plain numbers; each training step records them into a fresh
/// `ScalarGraph` (reset, so its memory is reused) and reads their gradients back.
public final class ScalarMLP {
    /// Layer widths, inputs first: [2, 16, 16, 1] for the demo.
    public let sizes: [Int]
    /// Every weight and bias, layer by layer, neuron by neuron: the weights, then the bias.
    public var parameters: [Double]

    public init(sizes: [Int], seed: UInt64) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "an MLP needs at least two positive widths")
        self.sizes = sizes
        var generator = SeededGenerator(seed: seed)
        var parameters: [Double] = []
        for layer in 1..<sizes.count {
            for _ in 0..<sizes[layer] {
                for _ in 0..<sizes[layer - 1] { parameters.append(generator.uniform(-1, 1)) }
                parameters.append(0)
            }
        }
        self.parameters = parameters
    }

    /// Records the network applied to `input` on the graph of `weights` (the parameters as graph
    /// nodes, in `parameters` order) and returns its outputs.
    public func callAsFunction(_ input: [Scalar], weights: [Scalar]) -> [Scalar] {
        var activations = input
        var next = 0
        for layer in 1..<sizes.count {
            let isLast = layer == sizes.count - 1
            var outputs: [Scalar] = []
            outputs.reserveCapacity(sizes[layer])
            for _ in 0..<sizes[layer] {
                let neuronWeights = next
                next += activations.count
                var sum = weights[next]  // the bias
                next += 1
                for (i, x) in activations.enumerated() { sum = sum + weights[neuronWeights + i] * x }
                outputs.append(isLast ? sum : sum.relu())
            }
            activations = outputs
        }
        return activations
    }
}

/// micrograd's demo as a workload of the scalar engine: an MLP 2 → 16 → 16 → 1 on 100 two-moons
/// points (noise 0.1), SVM hinge loss mean(relu(1 − yᵢ·scoreᵢ)) plus 1e-4 · Σ θ², full-batch SGD
/// for 100 steps with the learning rate 1 − 0.9·k/100 at step k.
public struct MoonsDemo {
    public struct Step: Sendable, Equatable {
        public let loss: Double
        /// The fraction of points whose score has the sign of their label, before the update.
        public let accuracy: Double
    }

    public var points = 100
    public var noise = 0.1
    public var hidden = [16, 16]
    public var steps = 100
    public var regularization = 1e-4
    public var seed: UInt64 = 1337

    public init() {}

    /// Trains a fresh model and returns the loss and accuracy of every step, in order.
    public func run() -> [Step] {
        let data = TwoMoons(count: points, noise: noise, seed: seed)
        let model = ScalarMLP(sizes: [2] + hidden + [1], seed: seed &+ 1)
        let graph = ScalarGraph()
        var history: [Step] = []
        history.reserveCapacity(steps)
        var weights: [Scalar] = []
        var losses: [Scalar] = []
        for k in 0..<steps {
            graph.reset()
            weights.removeAll(keepingCapacity: true)
            for value in model.parameters { weights.append(graph.input(value)) }
            losses.removeAll(keepingCapacity: true)
            var correct = 0
            for (point, label) in zip(data.points, data.labels) {
                let score = model([graph.constant(point.x), graph.constant(point.y)], weights: weights)[0]
                losses.append((1 + (-label) * score).relu())
                if (label > 0) == (score.value > 0) { correct += 1 }
            }
            var dataLoss = losses[0]
            for loss in losses.dropFirst() { dataLoss = dataLoss + loss }
            dataLoss = dataLoss * (1 / Double(losses.count))
            var squares = weights[0] * weights[0]
            for w in weights.dropFirst() { squares = squares + w * w }
            let total = dataLoss + regularization * squares
            total.backward()
            let rate = 1 - 0.9 * Double(k) / Double(steps)
            for (i, w) in weights.enumerated() { model.parameters[i] -= rate * w.gradient }
            history.append(Step(loss: total.value, accuracy: Double(correct) / Double(data.count)))
        }
        return history
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) private func cosine(_ x: Double) -> Double { cos(x) }
@inline(__always) private func sine(_ x: Double) -> Double { sin(x) }
