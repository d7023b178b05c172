import Testing

@testable import Bench

/// micrograd's demo on the scalar engine: the data is what make_moons draws, and the MLP learns it.
@Suite struct MoonsDemoTests {
    @Test func twoMoonsAreTwoInterleavedHalfCircles() {
        let clean = TwoMoons(count: 100, noise: 0, seed: 1)
        #expect(clean.count == 100)
        #expect(clean.labels.filter { $0 < 0 }.count == 50)
        // Without noise the outer moon lies on the unit circle, the inner on the shifted one.
        for (point, label) in zip(clean.points, clean.labels) {
            let (cx, cy) = label < 0 ? (0.0, 0.0) : (1.0, 0.5)
            let radius = ((point.x - cx) * (point.x - cx) + (point.y - cy) * (point.y - cy)).squareRoot()
            #expect(abs(radius - 1) < 1e-12)
        }
        let noisy = TwoMoons(count: 100, noise: 0.1, seed: 1)
        #expect(noisy.points.map(\.x) != clean.points.map(\.x))
        #expect(TwoMoons(count: 100, noise: 0.1, seed: 1).points.map(\.y) == noisy.points.map(\.y))
    }

    @Test func learnsTheMoons() {
        var demo = MoonsDemo()
        demo.steps = 40  // debug builds are slow; 40 steps are enough to see it learn
        let history = demo.run()
        #expect(history.count == 40)
        let first = history[0], last = history[history.count - 1]
        #expect(last.loss < first.loss / 2)
        #expect(last.accuracy >= 0.9)
        #expect(last.accuracy > first.accuracy)
    }
}
