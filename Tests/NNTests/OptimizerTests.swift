import Engine
import Foundation
import Testing

@testable import NN

@Suite struct OptimizerTests {
    /// A parameter with a fixed gradient, for stepping optimizers by hand.
    func parameter(_ value: [Double], gradient: [Double]) -> Parameter<Double> {
        let p = Parameter("w", Tensor(shape: Shape(value.count), elements: value))
        for (i, g) in gradient.enumerated() { p.gradient.pointer[i] = g }
        return p
    }

    @Test func sgdStepsAgainstTheGradient() {
        let p = parameter([1, -2], gradient: [0.5, -4])
        SGD([p], learningRate: 0.1).step()
        let expected: [Double] = [1 - 0.05, -2 + 0.4]
        #expect(p.tensor.elements == expected)
    }

    @Test func momentumAccumulatesVelocity() {
        let p = parameter([1], gradient: [2])
        let optimizer = Momentum([p], learningRate: 0.1, momentum: 0.9)
        optimizer.step()  // v = −0.2, θ = 0.8
        optimizer.step()  // v = 0.9·(−0.2) − 0.2 = −0.38, θ = 0.42
        #expect(abs(p.tensor.elements[0] - 0.42) < 1e-15)
        #expect(abs(optimizer.velocity(of: 0)[0] - (-0.38)) < 1e-15)
    }

    @Test func adamMatchesTheBiasCorrectedFormulaForSeveralSteps() {
        // Written out independently with m̂ and v̂ and ε̂ = ε/√(1 − β2ᵗ) (Keras's form).
        let gradients: [Double] = [0.3, -1.2, 0.05, 2.0]
        let p = parameter([0.7], gradient: [0])
        let adam = Adam([p], learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        var theta = 0.7, m = 0.0, v = 0.0
        for (t, g) in gradients.enumerated() {
            p.gradient.pointer[0] = g
            adam.step()
            let step = Double(t + 1)
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mHat = m / (1 - pow(0.9, step)), vHat = v / (1 - pow(0.999, step))
            theta -= 0.01 * mHat / (vHat.squareRoot() + 1e-7 / (1 - pow(0.999, step)).squareRoot())
            #expect(abs(p.tensor.elements[0] - theta) < 1e-15)
        }
        // The first step of Adam moves by about η whatever the gradient's size.
        #expect(adam.stepCount == 4)
    }

    @Test func adamStateRoundTrips() throws {
        let p = parameter([1, 2, 3], gradient: [0.1, 0.2, -0.3])
        let adam = Adam([p])
        adam.step()
        adam.step()
        let saved = Dictionary(uniqueKeysWithValues: adam.stateTensors.map { ($0.name, $0.tensor) })
        let q = parameter(p.tensor.elements, gradient: [0.1, 0.2, -0.3])
        let resumed = Adam([q])
        try resumed.restore(stepCount: adam.stepCount, state: saved)
        adam.step()
        resumed.step()
        #expect(p.tensor == q.tensor)
        #expect(throws: EngineError.self) { try resumed.restore(stepCount: 1, state: [:]) }
    }
}

@Suite struct LayerTests {
    @Test func seedModelShapesAndParameterCounts() throws {
        let model: Sequential<Float> = ModelKind.mlp.make(seed: 1)
        #expect(model.parameterCount == 784 * 128 + 128 + 128 * 10 + 10)
        let wide: Sequential<Float> = ModelKind.mlpWide.make(seed: 1)
        #expect(wide.parameterCount == 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10)
        let tape = Tape<Float>()
        let x = tape.input("x", shape: Shape(3, 28, 28)) { $0.update(repeating: 0.5) }
        let labels: [Int32] = [1, 2, 3]
        let (logits, loss) = try labels.withUnsafeBufferPointer { try model.loss(x, labels: $0, on: tape) }
        #expect(tape.shape(of: logits) == Shape(3, 10))
        try tape.backward(from: loss)
        #expect(model.parameters.allSatisfy { $0.gradientTensor.elements.contains { $0 != 0 } })
    }

    @Test func glorotLimitsAndZeroBiases() {
        let model: Sequential<Double> = ModelKind.mlp.make(seed: 3)
        let w1 = model.parameters[0].tensor.elements
        let limit = (6.0 / Double(784 + 128)).squareRoot()
        #expect(w1.allSatisfy { abs($0) <= limit })
        #expect(w1.map(abs).max()! > 0.95 * limit)
        #expect(model.parameters[1].tensor.elements.allSatisfy { $0 == 0 })
    }

    @Test func batchNormalizationUpdatesRunningAveragesLikeKeras() throws {
        let layer = BatchNormalization<Double>(features: 2, momentum: 0.9, epsilon: 1e-3, index: 1)
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(rows: [[1, 10], [3, 20], [5, 60]]))
        _ = try layer.forward(x, on: tape)
        // Batch means 3 and 30, biased variances 8/3 and 1400/3.
        let mean = layer.movingMean.tensor.elements, variance = layer.movingVariance.tensor.elements
        #expect(abs(mean[0] - 0.3) < 1e-12 && abs(mean[1] - 3) < 1e-12)
        let expectedVariance: [Double] = [0.9 + 0.1 * 8.0 / 3.0, 0.9 + 0.1 * 1400.0 / 3.0]
        #expect(abs(variance[0] - expectedVariance[0]) < 1e-9)
        #expect(abs(variance[1] - expectedVariance[1]) < 1e-9)
        tape.reset()
        tape.isTraining = false
        let y = try layer.forward(tape.input("x", Tensor(rows: [[1, 10]])), on: tape)
        let expected0: Double = (1 - mean[0]) / (variance[0] + 1e-3).squareRoot()
        #expect(abs(tape.value(of: y).elements[0] - expected0) < 1e-12)
    }
}

@Suite struct ConvolutionalModelTests {
    @Test(arguments: [(ModelKind.cnn, 16, 32), (.cnnWide, 32, 64)])
    func cnnShapesAndParameterCount(kind: ModelKind, first: Int, second: Int) throws {
        let model: Sequential<Float> = kind.make(seed: 1)
        let expected = (9 * first + first) + (9 * first * second + second) + (25 * second * 128 + 128) + (128 * 10 + 10)
        #expect(model.parameterCount == expected)
        // Per image: conv 26·26·9·F1, conv 11·11·9·F1·F2, dense 25·F2·128 and 128·10 multiply-adds.
        let products = [26.0 * 26 * 9 * Double(first), 11 * 11 * 9 * Double(first * second), 25 * Double(second) * 128, 1280]
        let flops = model.flopsPerImage
        #expect(flops.forward == 2 * products.reduce(0, +))
        #expect(flops.training == 2 * (2 * products[0] + 3 * (products[1] + products[2] + products[3])))
        let tape = Tape<Float>()
        let x = tape.input("x", shape: Shape(2, 28, 28)) { b in
            for i in b.indices { b[i] = Float(i % 29) / 29 }
        }
        let labels: [Int32] = [3, 7]
        let (logits, loss) = try labels.withUnsafeBufferPointer { try model.loss(x, labels: $0, on: tape) }
        #expect(tape.shape(of: logits) == Shape(2, 10))
        try tape.backward(from: loss)
        #expect(model.parameters.allSatisfy { $0.gradientTensor.elements.contains { $0 != 0 } })
    }
}

/// A convolution layer that pools before its bias and ReLU computes what conv → + b → ReLU →
/// max-pool computes, values and gradients.
@Suite struct PoolingFirstTests {
    @Test func poolingBeforeBiasAndReluIsTheSameFunction() throws {
        var generator = SeededGenerator(seed: 5)
        let layer = Conv2DLayer<Double>(2, 3, size: 3, pool: 2, index: 1, generator: &generator)
        // A bias that makes some windows negative and some positive.
        for (i, value) in [0.3, -0.2, 0.05].enumerated() { layer.bias.value.pointer[i] = value }
        var state: UInt64 = 11
        let x = Tensor<Double>(shape: Shape(2, 8, 7, 2), elements: (0..<(2 * 8 * 7 * 2)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        })
        func run(pooledFirst: Bool) throws -> (Tensor<Double>, Tensor<Double>, Tensor<Double>, Tensor<Double>) {
            let tape = Tape<Double>()
            let input = tape.input("x", x, requiresGradient: true)
            let y: Variable
            if pooledFirst {
                y = try layer.forward(input, on: tape)
            } else {
                let conv = try tape.conv2d(input, tape.parameter(layer.kernel))
                let a = try tape.relu(try tape.add(conv, tape.parameter(layer.bias)))
                y = try tape.maxPool2d(a, size: 2)
            }
            let loss = try tape.sum(try tape.multiply(y, y))
            try tape.backward(from: loss)
            return (tape.value(of: y), try #require(tape.gradient(of: input)), layer.kernel.gradientTensor, layer.bias.gradientTensor)
        }
        let first = try run(pooledFirst: true), last = try run(pooledFirst: false)
        #expect(first.0.shape == Shape(2, 3, 2, 3))
        for (a, b) in [(first.0, last.0), (first.1, last.1), (first.2, last.2), (first.3, last.3)] {
            #expect(a.shape == b.shape)
            for (u, v) in zip(a.elements, b.elements) { #expect(abs(u - v) < 1e-12) }
        }
        #expect(first.3.elements.allSatisfy { $0 != 0 })
    }
}
