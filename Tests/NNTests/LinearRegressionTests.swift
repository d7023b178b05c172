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
}
