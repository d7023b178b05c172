import Engine

/// Synthetic data for the Keras tutorial's last section: points on a line with Gaussian noise,
/// y = w·x + b + noise·N(0, 1), x uniform in [xLow, xHigh). The same seed gives the same points
/// on every machine.
public struct RegressionData: Sendable, Equatable {
    public let x: [Double]
    public let y: [Double]
    /// The line the points were drawn around.
    public let trueWeight: Double
    public let trueBias: Double
    /// The standard deviation of the noise added to y.
    public let noise: Double
    public let seed: UInt64

    public init(x: [Double], y: [Double], trueWeight: Double, trueBias: Double, noise: Double, seed: UInt64) {
        precondition(x.count == y.count, "one y per x")
        self.x = x
        self.y = y
        self.trueWeight = trueWeight
        self.trueBias = trueBias
        self.noise = noise
        self.seed = seed
    }

    public var count: Int { x.count }

    /// `count` points around y = weight·x + bias. Draws, per point: x, then the noise.
    public static func synthetic(
        count: Int = 200, weight: Double = 2, bias: Double = 1, noise: Double = 0.1,
        xLow: Double = -1, xHigh: Double = 1, seed: UInt64 = 42
    ) -> RegressionData {
        precondition(count > 0, "at least one point")
        var generator = SeededGenerator(seed: seed)
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(count)
        ys.reserveCapacity(count)
        for _ in 0..<count {
            let x = generator.uniform(xLow, xHigh)
            xs.append(x)
            ys.append(weight * x + bias + noise * generator.normal())
        }
        return RegressionData(x: xs, y: ys, trueWeight: weight, trueBias: bias, noise: noise, seed: seed)
    }
}

/// What one epoch of the regression did: the loss Keras reports (the mean of the batch losses,
/// weighted by batch size, while the line moves) and the line at the end of the epoch.
public struct RegressionEpoch: Sendable, Equatable {
    public let epoch: Int
    public let loss: Double
    public let weight: Double
    public let bias: Double
}

/// Linear regression y = w·x + b fitted with mean squared error, as the Keras tutorial's `Dense(1)` with
/// `Adam(0.01)` and `loss="mse"` for 100 epochs (another optimizer may be given): mini-batches of `batchSize`
/// (Keras's default 32), reshuffled every epoch, the last one partial. w starts Glorot-uniform
/// (the Keras default for a 1×1 kernel: U(−√3, √3)), b at zero.
///
/// Every step is recorded on `tape` with the engine's ops (`x · w`, `+ b`, `mse`), so after a step
/// the tape holds its trace: `regression.tape.trace()` shows the forward values and gradients.
/// `backprop regress` and lesson 6 both run this class.
public final class LinearRegression<T: KernelScalar> {
    public let data: RegressionData
    /// The slope, a 1×1 matrix so that `x · w` is a matrix product.
    public let w: Parameter<T>
    /// The intercept, a row of one.
    public let b: Parameter<T>
    /// Adam with the given learning rate unless `makeOptimizer` chose another.
    public let optimizer: any Optimizer<T>
    /// The tape every step is recorded on; after a step it holds that step's trace.
    public let tape = Tape<T>()
    public let batchSize: Int
    public private(set) var epochsCompleted = 0
    private var generator: SeededGenerator
    private var order: [Int]
    private var batchX: [T]
    private var batchY: [T]

    /// `seed` draws w's first value (unless `initialWeight` gives it) and the shuffles (the data
    /// has its own seed). A `batchSize` of at least `data.count` makes every epoch one full-batch
    /// step. `makeOptimizer` replaces Adam(`learningRate`) by another optimizer of [w, b].
    public init(
        data: RegressionData, learningRate: Double = 0.01, batchSize: Int = 32, seed: UInt64 = 42,
        initialWeight: Double? = nil, initialBias: Double = 0,
        makeOptimizer: (([Parameter<T>]) -> any Optimizer<T>)? = nil
    ) {
        precondition(batchSize > 0, "batch size must be positive")
        self.data = data
        self.batchSize = min(batchSize, data.count)
        var generator = SeededGenerator(seed: seed ^ 0x6C69_6E65)  // "line": a stream apart from the data's
        let drawn: Tensor<T> = Initializer.glorotUniform.tensor(Shape(1, 1), generator: &generator)
        w = Parameter("w", initialWeight.map { Tensor(shape: Shape(1, 1), elements: [T($0)]) } ?? drawn)
        b = Parameter("b", Tensor(shape: Shape(1), elements: [T(initialBias)]))
        optimizer = makeOptimizer?([w, b]) ?? Adam([w, b], learningRate: learningRate)
        self.generator = generator
        order = Array(0..<data.count)
        batchX = Array(repeating: 0, count: self.batchSize)
        batchY = Array(repeating: 0, count: self.batchSize)
    }

    public var weight: Double { Double(w.value.pointer[0]) }
    public var bias: Double { Double(b.value.pointer[0]) }

    /// Records the forward pass for the points at `indices` on `tape` and returns the loss node:
    /// x (n×1), xw = x · w, y_hat = xw + b, y (n×1), loss = mean((y_hat − y)²).
    @discardableResult
    public func record(_ indices: some Collection<Int>) throws(EngineError) -> Variable {
        tape.reset()
        let n = indices.count
        for (k, i) in indices.enumerated() {
            batchX[k] = T(data.x[i])
            batchY[k] = T(data.y[i])
        }
        let x = tape.input("x", shape: Shape(n, 1)) { buffer in
            for k in 0..<n { buffer[k] = batchX[k] }
        }
        let product = try tape.matmul(x, tape.parameter(w), name: "xw")
        let prediction = try tape.add(product, tape.parameter(b), name: "y_hat")
        let target = tape.input("y", shape: Shape(n, 1)) { buffer in
            for k in 0..<n { buffer[k] = batchY[k] }
        }
        return try tape.meanSquaredError(prediction, target, name: "loss")
    }

    /// One training step on the points at `indices`: forward, backward, Adam. Returns the
    /// batch's loss before the update.
    @discardableResult
    public func step(_ indices: some Collection<Int>) throws(EngineError) -> Double {
        precondition(indices.count <= batchSize, "at most batchSize points per step")
        let loss = try record(indices)
        try tape.backward(from: loss)
        optimizer.step()
        return Double(tape.scalar(loss))
    }

    /// One pass over the data in a fresh shuffled order.
    public func epoch() throws(EngineError) -> RegressionEpoch {
        for i in order.indices { order[i] = i }
        generator.shuffle(&order)
        var total = 0.0
        var start = 0
        while start < order.count {
            let end = min(start + batchSize, order.count)
            total += try step(order[start..<end]) * Double(end - start)
            start = end
        }
        epochsCompleted += 1
        return RegressionEpoch(epoch: epochsCompleted, loss: total / Double(order.count), weight: weight, bias: bias)
    }

    /// `epochs` epochs; `each` sees every epoch as it ends.
    @discardableResult
    public func fit(epochs: Int = 100, each: (RegressionEpoch) -> Void = { _ in }) throws(EngineError)
        -> [RegressionEpoch]
    {
        var history: [RegressionEpoch] = []
        for _ in 0..<epochs {
            let result = try epoch()
            history.append(result)
            each(result)
        }
        return history
    }

    /// The mean squared error of the current line over all the data.
    public func meanSquaredError() -> Double {
        var total = 0.0
        for (x, y) in zip(data.x, data.y) {
            let r = weight * x + bias - y
            total += r * r
        }
        return total / Double(data.count)
    }

    /// The mean squared error of the true line over the data (what noise alone costs).
    public func noiseFloor() -> Double {
        var total = 0.0
        for (x, y) in zip(data.x, data.y) {
            let r = data.trueWeight * x + data.trueBias - y
            total += r * r
        }
        return total / Double(data.count)
    }
}
