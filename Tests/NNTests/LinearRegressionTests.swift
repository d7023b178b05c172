import Engine
import Testing

@testable import NN

@Suite struct LinearRegressionTests {
    @Test func syntheticDataIsSeededAndFollowsTheLine() {
        let a = RegressionData.synthetic(count: 50, seed: 7)
        let b = RegressionData.synthetic(count: 50, seed: 7)
        let c = RegressionData.synthetic(count: 50, seed: 8)
        #expect(a == b)
        #expect(a.x != c.x)
        #expect(a.x.allSatisfy { $0 >= -1 && $0 < 1 })
        // Residuals from the true line are the noise: mean near 0, spread near 0.1.
        let residuals = zip(a.x, a.y).map { $1 - (2 * $0 + 1) }
        let mean = residuals.reduce(0, +) / 50
        let spread = (residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50).squareRoot()
        #expect(abs(mean) < 0.05)
        #expect(spread > 0.05 && spread < 0.15)
    }

    @Test func adamFitsTheLineInAHundredEpochs() throws {
        let regression = LinearRegression<Double>(data: .synthetic(), learningRate: 0.01)
        let history = try regression.fit(epochs: 100)
        #expect(history.count == 100)
        #expect(history.map(\.epoch) == Array(1...100))
        #expect(abs(regression.weight - 2) < 0.05)
        #expect(abs(regression.bias - 1) < 0.05)
        #expect(history[99].loss < history[0].loss / 10)
        // The fitted line costs hardly more than the noise itself.
        #expect(regression.meanSquaredError() < regression.noiseFloor() * 1.05)
    }

    @Test func aRunIsRepeatableAndFloatFollowsDouble() throws {
        let first = try LinearRegression<Double>(data: .synthetic(seed: 3), seed: 3).fit(epochs: 5)
        let second = try LinearRegression<Double>(data: .synthetic(seed: 3), seed: 3).fit(epochs: 5)
        #expect(first == second)
        let single = try LinearRegression<Float>(data: .synthetic(seed: 3), seed: 3).fit(epochs: 5)
        for (d, f) in zip(first, single) { #expect(abs(d.loss - f.loss) < 1e-4 * max(1, d.loss)) }
    }

    @Test func anEpochStepsThroughEveryBatchAndTheTapeHoldsTheLastStep() throws {
        // 5 points, batches of 2: steps of 2, 2 and 1 points.
        let data = RegressionData.synthetic(count: 5, seed: 1)
        let regression = LinearRegression<Double>(data: data, batchSize: 2, seed: 1)
        let w0 = regression.weight
        let epoch = try regression.epoch()
        #expect(regression.optimizer.stepCount == 3)
        #expect(regression.weight != w0)
        #expect(epoch.loss.isFinite && epoch.loss > 0)
        let trace = regression.tape.trace()
        #expect(trace.nodes.map(\.name) == ["x", "w", "xw", "b", "y_hat", "y", "loss"])
        #expect(trace.node(named: "x")?.shape == Shape(1, 1))
        #expect(trace.node(named: "w")?.gradient != nil)
    }

    @Test func givenPointsAndStartingValuesFitFullBatch() throws {
        // Ten points on y = 3x + 2 (with a little noise), w and b from 0, one step per epoch.
        let xs = (0..<10).map { Double($0) / 10 }
        let ys = [2.05, 2.22, 2.63, 3.00, 3.16, 3.41, 3.86, 4.12, 4.35, 4.77]
        let data = RegressionData(x: xs, y: ys, trueWeight: 3, trueBias: 2, noise: 0.1, seed: 0)
        let regression = LinearRegression<Double>(data: data, batchSize: 100, initialWeight: 0, initialBias: 0)
        #expect(regression.batchSize == 10)
        #expect(regression.weight == 0 && regression.bias == 0)
        // The first full-batch loss is the mean of y².
        let first = try regression.record(0..<10)
        #expect(abs(regression.tape.scalar(first) - ys.map { $0 * $0 }.reduce(0, +) / 10) < 1e-12)
        let history = try regression.fit(epochs: 100)
        #expect(regression.optimizer.stepCount == 100)
        // Adam moves each parameter by about η = 0.01 per step: about 1 in 100 steps.
        #expect(regression.weight > 0.8 && regression.weight < 1.1)
        #expect(history[99].loss < history[0].loss)
    }
}
