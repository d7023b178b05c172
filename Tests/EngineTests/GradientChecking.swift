import Engine
import Testing

/// A small deterministic generator for test values (SplitMix64).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }
    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
    /// Uniform in ±[0.1, 1.5): away from 0, where ReLU has its kink.
    mutating func awayFromZero() -> Double {
        let magnitude = uniform(0.1, 1.5)
        return next() & 1 == 0 ? magnitude : -magnitude
    }
    mutating func shuffle(_ values: inout [Double]) {
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, Int(next() % UInt64(i + 1)))
        }
    }
    mutating func tensor(_ shape: Shape, _ draw: (inout TestRandom) -> Double) -> Tensor<Double> {
        var elements: [Double] = []
        for _ in 0..<shape.count { elements.append(draw(&self)) }
        return Tensor(shape: shape, elements: elements)
    }
}

/// |a − n| / max(|a|, |n|, tiny)
func relativeError(_ a: Double, _ n: Double) -> Double {
    abs(a - n) / max(abs(a), abs(n), 1e-300)
}

/// Checks the tape's gradient of every input of `build` against central finite differences.
/// The loss is Σ y ⊙ R for a fixed random R, so every entry of the op's Jacobian is exercised.
/// Returns the worst relative error.
@discardableResult
func checkTapeGradients(
    _ inputs: [Tensor<Double>], seed: UInt64 = 7, h: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation,
    build: (Tape<Double>, [Variable]) throws -> Variable
) throws -> Double {
    var random = TestRandom(seed: seed)
    var weights: Tensor<Double>?
    func loss(_ values: [Tensor<Double>], tape: Tape<Double>) throws -> (Variable, [Variable]) {
        tape.reset()
        let variables = values.enumerated().map { tape.input("x\($0.offset)", $0.element, requiresGradient: true) }
        let y = try build(tape, variables)
        let shape = tape.shape(of: y)
        if weights == nil { weights = random.tensor(shape) { $0.uniform(-1, 1) } }
        let r = tape.constant("R", weights!)
        let l = try tape.sum(try tape.multiply(y, r))
        return (l, variables)
    }
    let tape = Tape<Double>()
    let (l, variables) = try loss(inputs, tape: tape)
    try tape.backward(from: l)
    let analytic = variables.map { tape.gradient(of: $0)!.elements }
    // The same gradients, every one of them, when the tape zero-fills all gradients first and
    // every op adds (as before fresh gradients): fresh writes change no value.
    let zeroFilled = Tape<Double>()
    zeroFilled.handsOutFreshGradients = false
    let (l2, _) = try loss(inputs, tape: zeroFilled)
    try zeroFilled.backward(from: l2)
    for v in tape.variables where tape.node(v).requiresGradient {
        #expect(
            tape.gradient(of: v)?.elements == zeroFilled.gradient(of: v)?.elements,
            "node \(v) (\(tape.node(v).op.name)): fresh gradients differ from zero-filled ones",
            sourceLocation: sourceLocation)
    }
    var worst = 0.0
    for (k, input) in inputs.enumerated() {
        for i in 0..<input.count {
            var plus = inputs, minus = inputs
            plus[k].elements[i] += h
            minus[k].elements[i] -= h
            let probe = Tape<Double>()
            let fPlus = probe.scalar(try loss(plus, tape: probe).0)
            let fMinus = probe.scalar(try loss(minus, tape: probe).0)
            let numeric = (fPlus - fMinus) / (2 * h)
            // Rounding in f(θ ± h) limits what the difference can resolve: a few ulps of f over 2h.
            let noise = 16 * Double.ulpOfOne * max(abs(fPlus), abs(fMinus), 1) / (2 * h)
            let difference = abs(analytic[k][i] - numeric)
            let error = relativeError(analytic[k][i], numeric)
            let resolved = difference > noise
            worst = max(worst, resolved ? error : 0)
            #expect(
                error < 1e-7 || !resolved,
                "input \(k) element \(i): analytic \(analytic[k][i]) numeric \(numeric) relative error \(error)",
                sourceLocation: sourceLocation)
        }
    }
    return worst
}
