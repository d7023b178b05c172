import Engine
import Testing

/// Every matrix op's backward against central finite differences in Double.
@Suite struct MatrixOpGradientTests {
    var random = TestRandom(seed: 42)

    @Test mutating func matmul() throws {
        let a = random.tensor(Shape(3, 4)) { $0.uniform(-1, 1) }
        let b = random.tensor(Shape(4, 5)) { $0.uniform(-1, 1) }
        try checkTapeGradients([a, b]) { t, x in try t.matmul(x[0], x[1]) }
    }

    @Test mutating func addSameShapeAndBias() throws {
        let a = random.tensor(Shape(3, 4)) { $0.uniform(-1, 1) }
        let b = random.tensor(Shape(3, 4)) { $0.uniform(-1, 1) }
        let bias = random.tensor(Shape(4)) { $0.uniform(-1, 1) }
        let row = random.tensor(Shape(1, 4)) { $0.uniform(-1, 1) }
        try checkTapeGradients([a, b]) { t, x in try t.add(x[0], x[1]) }
        try checkTapeGradients([a, bias]) { t, x in try t.add(x[0], x[1]) }
        try checkTapeGradients([a, row]) { t, x in try t.add(x[0], x[1]) }
    }

    @Test mutating func subtractAndMultiplyAndScale() throws {
        let a = random.tensor(Shape(2, 3)) { $0.uniform(-1, 1) }
        let b = random.tensor(Shape(2, 3)) { $0.uniform(-1, 1) }
        let row = random.tensor(Shape(3)) { $0.uniform(-1, 1) }
        try checkTapeGradients([a, b]) { t, x in try t.subtract(x[0], x[1]) }
        try checkTapeGradients([a, row]) { t, x in try t.subtract(x[0], x[1]) }
        try checkTapeGradients([a, b]) { t, x in try t.multiply(x[0], x[1]) }
        try checkTapeGradients([a]) { t, x in try t.scale(x[0], by: -2.5) }
        // Broadcasting either operand: a row, a 1×n row, a single number, on either side.
        let number = random.tensor(Shape.scalar) { $0.uniform(0.5, 1.5) }
        let wideRow = random.tensor(Shape(1, 3)) { $0.uniform(-1, 1) }
        for pair in [[a, row], [row, a], [a, wideRow], [wideRow, a], [a, number], [number, a]] {
            try checkTapeGradients(pair) { t, x in try t.add(x[0], x[1]) }
            try checkTapeGradients(pair) { t, x in try t.subtract(x[0], x[1]) }
            try checkTapeGradients(pair) { t, x in try t.multiply(x[0], x[1]) }
        }
    }

    @Test mutating func activations() throws {
        let x = random.tensor(Shape(3, 4)) { $0.awayFromZero() }
        let positive = random.tensor(Shape(3, 4)) { $0.uniform(0.2, 3) }
        try checkTapeGradients([x]) { t, v in try t.relu(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.sigmoid(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.tanh(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.exp(v[0]) }
        try checkTapeGradients([positive]) { t, v in try t.log(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.power(v[0], 2) }
        try checkTapeGradients([x]) { t, v in try t.power(v[0], 3) }
        try checkTapeGradients([positive]) { t, v in try t.power(v[0], -1.5) }
    }

    @Test(arguments: [nil, 0, 1] as [Int?])
    mutating func sumAndMean(axis: Int?) throws {
        let x = random.tensor(Shape(3, 4)) { $0.uniform(-1, 1) }
        try checkTapeGradients([x]) { t, v in try t.sum(v[0], axis: axis) }
        try checkTapeGradients([x]) { t, v in try t.mean(v[0], axis: axis) }
    }

    @Test mutating func softmaxFamily() throws {
        let x = random.tensor(Shape(3, 5)) { $0.uniform(-2, 2) }
        try checkTapeGradients([x]) { t, v in try t.softmax(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.logSoftmax(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.crossEntropy(v[0], labels: [4, 0, 2]) }
    }

    @Test mutating func meanSquaredError() throws {
        let p = random.tensor(Shape(4, 2)) { $0.uniform(-1, 1) }
        let y = random.tensor(Shape(4, 2)) { $0.uniform(-1, 1) }
        try checkTapeGradients([p, y]) { t, v in try t.meanSquaredError(v[0], v[1]) }
    }

    @Test mutating func shapeOps() throws {
        let x = random.tensor(Shape(2, 6)) { $0.uniform(-1, 1) }
        let images = random.tensor(Shape(2, 3, 2)) { $0.uniform(-1, 1) }
        try checkTapeGradients([x]) { t, v in try t.reshape(v[0], to: Shape(3, 4)) }
        try checkTapeGradients([images]) { t, v in try t.flatten(v[0]) }
        try checkTapeGradients([x]) { t, v in try t.transpose(v[0]) }
    }

    @Test mutating func batchNormTraining() throws {
        let x = random.tensor(Shape(5, 3)) { $0.uniform(-2, 2) }
        let gamma = random.tensor(Shape(3)) { $0.uniform(0.5, 1.5) }
        let beta = random.tensor(Shape(3)) { $0.uniform(-1, 1) }
        try checkTapeGradients([x, gamma, beta]) { t, v in try t.batchNorm(v[0], gamma: v[1], beta: v[2]) }
    }

    @Test mutating func batchNormInference() throws {
        let x = random.tensor(Shape(4, 3)) { $0.uniform(-2, 2) }
        let gamma = random.tensor(Shape(3)) { $0.uniform(0.5, 1.5) }
        let beta = random.tensor(Shape(3)) { $0.uniform(-1, 1) }
        let mean = random.tensor(Shape(3)) { $0.uniform(-1, 1) }
        let variance = random.tensor(Shape(3)) { $0.uniform(0.5, 2) }
        try checkTapeGradients([x, gamma, beta]) { t, v in
            let m = t.constant("mean", mean), s = t.constant("var", variance)
            return try t.batchNormInference(v[0], gamma: v[1], beta: v[2], mean: m, variance: s)
        }
    }

    @Test mutating func twoLayerNetwork() throws {
        // x·W1 + b1 → relu → ·W2 + b2 → cross-entropy: the path a training step takes.
        let x = random.tensor(Shape(4, 3)) { $0.uniform(-1, 1) }
        let w1 = random.tensor(Shape(3, 5)) { $0.uniform(-1, 1) }
        let b1 = random.tensor(Shape(5)) { $0.uniform(-0.1, 0.1) }
        let w2 = random.tensor(Shape(5, 3)) { $0.uniform(-1, 1) }
        let b2 = random.tensor(Shape(3)) { $0.uniform(-0.1, 0.1) }
        try checkTapeGradients([x, w1, b1, w2, b2]) { t, v in
            let h = try t.relu(try t.add(try t.matmul(v[0], v[1]), v[2]))
            let logits = try t.add(try t.matmul(h, v[3]), v[4])
            return try t.crossEntropy(logits, labels: [0, 2, 1, 2])
        }
    }
}

/// Convolution and pooling gradients against finite differences, for several shapes, strides
/// and paddings.
@Suite struct WindowOpGradientTests {
    @Test(arguments: [
        (1, 5, 5, 1, 3, 1, 1, Padding.valid), (2, 5, 4, 2, 3, 3, 1, .valid), (1, 6, 6, 2, 3, 2, 2, .valid),
        (2, 5, 5, 1, 3, 2, 1, .same), (1, 6, 5, 3, 2, 2, 2, .same), (1, 4, 4, 2, 1, 3, 1, .valid),
        // Same padding with stride 2, several channels in and out; run directly (≤ 32 patch columns).
        (1, 7, 7, 2, 3, 3, 2, .same), (2, 6, 5, 3, 3, 4, 2, .same),
        // More than 32 patch columns: im2col and matrix products, valid and same, strides 1 and 2.
        (2, 5, 5, 5, 3, 3, 1, .valid), (1, 6, 6, 4, 3, 2, 2, .same), (1, 7, 6, 6, 3, 5, 2, .valid),
        (2, 6, 6, 4, 3, 3, 1, .same),
    ])
    func conv2d(batch: Int, height: Int, width: Int, channels: Int, kernel: Int, filters: Int, stride: Int, padding: Padding) throws {
        var random = TestRandom(seed: UInt64(height * 31 + width * 7 + stride))
        let x = random.tensor(Shape(batch, height, width, channels)) { $0.uniform(-1, 1) }
        let k = random.tensor(Shape(kernel, kernel, channels, filters)) { $0.uniform(-1, 1) }
        try checkTapeGradients([x, k]) { t, v in try t.conv2d(v[0], v[1], stride: stride, padding: padding) }
    }

    @Test func conv2dMatchesADirectSum() throws {
        // A 1-channel 4×4 image and a 3×3 kernel, stride 1, valid: y[i,j] = Σ x[i+a, j+b]·K[a,b].
        let image: [Double] = (0..<16).map { Double($0) / 10 }
        let kernel: [Double] = [1, 0, -1, 2, 0.5, -2, 1, 0, -1]
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(shape: Shape(1, 4, 4, 1), elements: image))
        let k = tape.input("K", Tensor(shape: Shape(3, 3, 1, 1), elements: kernel))
        let y = tape.value(of: try tape.conv2d(x, k))
        #expect(y.shape == Shape(1, 2, 2, 1))
        for i in 0..<2 {
            for j in 0..<2 {
                var total = 0.0
                for a in 0..<3 { for b in 0..<3 { total += image[(i + a) * 4 + j + b] * kernel[a * 3 + b] } }
                #expect(abs(y.elements[i * 2 + j] - total) < 1e-12)
            }
        }
    }

    @Test(arguments: [(2, 2, Padding.valid), (3, 2, .valid), (2, 1, .valid), (3, 2, .same)])
    func maxPool(size: Int, stride: Int, padding: Padding) throws {
        var random = TestRandom(seed: UInt64(size * 10 + stride))
        // Distinct values spaced ≥ 0.01 apart: no ties within h, so no kinks.
        var values = (0..<(2 * 5 * 5 * 2)).map { Double($0) * 0.01 }
        random.shuffle(&values)
        let x = Tensor(shape: Shape(2, 5, 5, 2), elements: values)
        try checkTapeGradients([x]) { t, v in try t.maxPool2d(v[0], size: size, stride: stride, padding: padding) }
    }

    /// The direct loops (small windows) and im2col with matrix products compute the same
    /// convolution and gradients, to rounding: the same problem with its channels split so that
    /// one side of the threshold is taken, compared through a kernel padded with zero channels.
    @Test(arguments: [(1, Padding.valid), (2, .same)])
    func directAndIm2colAgree(stride: Int, padding: Padding) throws {
        var random = TestRandom(seed: 99)
        let x3 = random.tensor(Shape(2, 7, 6, 3)) { $0.uniform(-1, 1) }
        let k3 = random.tensor(Shape(3, 3, 3, 4)) { $0.uniform(-1, 1) }
        // The same input with 2 more channels of zeros and the kernel with 2 more zero rows per
        // tap: 45 patch columns instead of 27, the same products.
        var x5 = [Double](), k5 = [Double]()
        for p in 0..<(2 * 7 * 6) { x5 += x3.elements[(p * 3)..<(p * 3 + 3)] + [0, 0] }
        for t in 0..<9 { k5 += k3.elements[(t * 12)..<(t * 12 + 12)] + Array(repeating: 0, count: 8) }
        func run(_ x: Tensor<Double>, _ k: Tensor<Double>) throws -> (Tensor<Double>, Tensor<Double>, Tensor<Double>) {
            let tape = Tape<Double>()
            let xv = tape.input("x", x, requiresGradient: true), kv = tape.input("K", k, requiresGradient: true)
            let y = try tape.conv2d(xv, kv, stride: stride, padding: padding)
            try tape.backward(from: try tape.sum(try tape.multiply(y, y)))
            return (tape.value(of: y), try #require(tape.gradient(of: xv)), try #require(tape.gradient(of: kv)))
        }
        let (y3, dx3, dk3) = try run(x3, k3)
        let (y5, dx5, dk5) = try run(Tensor(shape: Shape(2, 7, 6, 5), elements: x5), Tensor(shape: Shape(3, 3, 5, 4), elements: k5))
        #expect(y3.shape == y5.shape)
        for (a, b) in zip(y3.elements, y5.elements) { #expect(abs(a - b) < 1e-12) }
        for p in 0..<(2 * 7 * 6) {
            for c in 0..<3 { #expect(abs(dx3.elements[p * 3 + c] - dx5.elements[p * 5 + c]) < 1e-12) }
        }
        for t in 0..<9 {
            for e in 0..<12 { #expect(abs(dk3.elements[t * 12 + e] - dk5.elements[t * 20 + e]) < 1e-12) }
        }
    }

    /// A batch of MNIST-like size gives what plain loops give: values, kernel and input gradients,
    /// direct (1 channel) and im2col (8 channels), with runs of four positions and single ones
    /// (18 outputs per row).
    @Test(arguments: [1, 8])
    func largerBatchesMatchPlainLoops(channels: Int) throws {
        var random = TestRandom(seed: UInt64(channels))
        let (n, h, w, k, f) = (9, 20, 20, 3, 16)
        let x = random.tensor(Shape(n, h, w, channels)) { $0.uniform(-1, 1) }
        let kernel = random.tensor(Shape(k, k, channels, f)) { $0.uniform(-1, 1) }
        let tape = Tape<Double>()
        let xv = tape.input("x", x, requiresGradient: true), kv = tape.input("K", kernel, requiresGradient: true)
        let y = try tape.conv2d(xv, kv)
        try tape.backward(from: try tape.sum(try tape.multiply(y, y)))
        let value = tape.value(of: y)
        let dx = try #require(tape.gradient(of: xv)), dk = try #require(tape.gradient(of: kv))
        let (oh, ow) = (h - k + 1, w - k + 1)
        var expected = [Double](repeating: 0, count: n * oh * ow * f)
        var expectedDx = [Double](repeating: 0, count: x.count), expectedDk = [Double](repeating: 0, count: kernel.count)
        for b in 0..<n {
            for i in 0..<oh {
                for j in 0..<ow {
                    for o in 0..<f {
                        var total = 0.0
                        for a in 0..<k {
                            for c in 0..<k {
                                for e in 0..<channels {
                                    total += x.elements[((b * h + i + a) * w + j + c) * channels + e] * kernel.elements[((a * k + c) * channels + e) * f + o]
                                }
                            }
                        }
                        expected[((b * oh + i) * ow + j) * f + o] = total
                        // loss = Σ y², so dY = 2y.
                        for a in 0..<k {
                            for c in 0..<k {
                                for e in 0..<channels {
                                    let xi = ((b * h + i + a) * w + j + c) * channels + e, ki = ((a * k + c) * channels + e) * f + o
                                    expectedDx[xi] += 2 * total * kernel.elements[ki]
                                    expectedDk[ki] += 2 * total * x.elements[xi]
                                }
                            }
                        }
                    }
                }
            }
        }
        for (a, b) in zip(value.elements, expected) { #expect(abs(a - b) < 1e-9) }
        for (a, b) in zip(dx.elements, expectedDx) { #expect(abs(a - b) < 1e-9) }
        for (a, b) in zip(dk.elements, expectedDk) { #expect(abs(a - b) < 1e-8 * max(1, abs(b))) }
    }

    @Test func largerMaxPoolsRouteToTheirImages() throws {
        var random = TestRandom(seed: 3)
        var values = (0..<(9 * 40 * 40 * 16)).map { Double($0) * 1e-3 }
        random.shuffle(&values)
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(shape: Shape(9, 40, 40, 16), elements: values), requiresGradient: true)
        let p = try tape.maxPool2d(x, size: 2)
        try tape.backward(from: try tape.sum(p))
        let pooled = tape.value(of: p), dx = try #require(tape.gradient(of: x))
        var expectedDx = [Double](repeating: 0, count: values.count)
        for b in 0..<9 {
            for i in 0..<20 {
                for j in 0..<20 {
                    for c in 0..<16 {
                        let candidates = [(0, 0), (0, 1), (1, 0), (1, 1)].map { ((b * 40 + 2 * i + $0.0) * 40 + 2 * j + $0.1) * 16 + c }
                        let best = candidates.max { values[$0] < values[$1] }!
                        #expect(pooled.elements[((b * 20 + i) * 20 + j) * 16 + c] == values[best])
                        expectedDx[best] = 1
                    }
                }
            }
        }
        #expect(dx.elements == expectedDx)
    }

    @Test func shapeErrorsNameTheOp() {
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(zeros: Shape(1, 5, 5, 2)))
        let k = tape.input("K", Tensor(zeros: Shape(3, 3, 1, 4)))
        #expect(throws: EngineError("conv2d: the input has 2 channels but the kernel (3×3×1×4) expects 1")) { try tape.conv2d(x, k) }
        let big = tape.input("K", Tensor(zeros: Shape(7, 7, 2, 4)))
        #expect(throws: EngineError("conv2d: a 7×7 window does not fit in a 5×5 image")) { try tape.conv2d(x, big) }
    }
}
