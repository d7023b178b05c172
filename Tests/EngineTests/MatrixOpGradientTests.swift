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
