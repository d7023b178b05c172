import Engine
import Testing

/// `Tape.backward(from:gradientIsFinal:)` reports each parameter once, right after the last
/// backward that touches its gradient, so an optimizer may update it there.
@Suite struct FinalGradientTests {
    /// x → tanh(x·A) → ·B → ·A again (A on two nodes) plus c, times c (one node, two readers); D read by an op the loss does
    /// not depend on (its backward still runs, first, giving zeros); F read by nothing (reported
    /// at the end); E recorded after the loss (not reported).
    @Test func eachParameterOnceWhenNothingLaterTouchesIt() throws {
        let tape = Tape<Double>()
        let a = Parameter<Double>("A", Tensor<Double>(shape: Shape([2, 2]), elements: [0.3, -0.2, 0.5, 0.1]))
        let b = Parameter<Double>("B", Tensor<Double>(shape: Shape([2, 2]), elements: [0.7, 0.4, -0.6, 0.2]))
        let c = Parameter<Double>("c", Tensor<Double>(shape: Shape([1, 2]), elements: [0.05, -0.1]))
        let d = Parameter<Double>("D", Tensor<Double>(shape: Shape([1, 2]), elements: [1, 2]))
        let f = Parameter<Double>("F", Tensor<Double>(shape: Shape([1, 1]), elements: [4]))
        let e = Parameter<Double>("E", Tensor<Double>(shape: Shape([1, 1]), elements: [3]))
        let x = tape.input("x", Tensor<Double>(shape: Shape([1, 2]), elements: [1.5, -0.5]))
        let h = try tape.tanh(tape.matmul(x, tape.parameter(a)))
        let g = try tape.matmul(tape.matmul(h, tape.parameter(b)), tape.parameter(a))
        let cNode = tape.parameter(c)
        let out = try tape.multiply(tape.add(g, cNode), cNode)
        _ = try tape.sigmoid(tape.parameter(d))
        _ = tape.parameter(f)
        let loss = try tape.sum(tape.power(out, 2))
        _ = tape.parameter(e)

        // The gradients as plain backward leaves them.
        try tape.backward(from: loss)
        let expected = [a, b, c, d, f].map { ($0.name, $0.gradient.array) }

        var reports: [(name: String, gradient: [Double])] = []
        try tape.backward(from: loss) { p in
            // Each gradient is already what the whole pass gives; later backwards must not
            // touch it: poison the value to catch any op reading the parameter afterwards.
            reports.append((p.name, p.gradient.array))
            for i in 0..<p.count { p.value.pointer[i] = .nan }
        }
        #expect(reports.map(\.name) == ["D", "c", "B", "A", "F"])
        for (name, gradient) in expected {
            #expect(reports.first { $0.name == name }?.gradient == gradient, "\(name)")
            #expect([a, b, c, d, f].first { $0.name == name }!.gradient.array == gradient, "\(name) changed after its report")
        }
    }
}
