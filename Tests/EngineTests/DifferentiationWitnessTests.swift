#if canImport(_Differentiation)
import _Differentiation
import Engine
import Foundation
import Testing

/// The fourth witness: the scalar engine's gradients against the gradients the Swift compiler
/// derives itself (`_Differentiation`), for functions written twice, once in plain Swift and
/// once on a `ScalarGraph`.
@Suite struct DifferentiationWitnessTests {
    @differentiable(reverse)
    static func neuron(_ w: Double, _ x: Double, _ b: Double) -> Double { tanh(w * x + b) }

    @differentiable(reverse)
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    @differentiable(reverse)
    static func relu(_ z: Double) -> Double { z > 0 ? z : 0 }

    /// A mix of every scalar op: (a·b − c/a)² + log(b) · σ(c) + relu(a − c) + exp(−b)·a^3.
    @differentiable(reverse)
    static func mixture(_ a: Double, _ b: Double, _ c: Double) -> Double {
        let p = a * b - c / a
        return p * p + log(b) * sigmoid(c) + relu(a - c) + exp(-b) * pow(a, 3)
    }

    static func mixtureGraph(_ a: Double, _ b: Double, _ c: Double) -> (ScalarGraph, [Scalar], Scalar) {
        let g = ScalarGraph()
        let x = g.input(a, name: "a"), y = g.input(b, name: "b"), z = g.input(c, name: "c")
        let p = x * y - z / x
        let out = p.pow(2) + y.log() * z.sigmoid() + (x - z).relu() + (-y).exp() * x.pow(3)
        return (g, [x, y, z], out)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    @Test(arguments: [(0.5, 2.0, 0.1), (-1.3, 0.7, 2.2), (3.0, -0.25, -0.4)])
    func neuronGradientsAgree(w: Double, x: Double, b: Double) {
        let expected = gradient(at: w, x, b, of: Self.neuron)
        let g = ScalarGraph()
        let sw = g.input(w), sx = g.input(x), sb = g.input(b)
        let out = (sw * sx + sb).tanh()
        out.backward()
        #expect(Self.close(out.value, Self.neuron(w, x, b)))
        #expect(Self.close(sw.gradient, expected.0))
        #expect(Self.close(sx.gradient, expected.1))
        #expect(Self.close(sb.gradient, expected.2))
    }

    @Test(arguments: [(1.2, 0.8, -0.5), (0.6, 2.5, 1.4), (-0.9, 1.1, 0.3), (2.0, 0.3, -2.0)])
    func everyScalarOpAgrees(a: Double, b: Double, c: Double) {
        let expected = gradient(at: a, b, c, of: Self.mixture)
        let (_, inputs, out) = Self.mixtureGraph(a, b, c)
        out.backward()
        #expect(Self.close(out.value, Self.mixture(a, b, c)))
        #expect(Self.close(inputs[0].gradient, expected.0), "∂/∂a: \(inputs[0].gradient) vs \(expected.0)")
        #expect(Self.close(inputs[1].gradient, expected.1), "∂/∂b: \(inputs[1].gradient) vs \(expected.1)")
        #expect(Self.close(inputs[2].gradient, expected.2), "∂/∂c: \(inputs[2].gradient) vs \(expected.2)")
    }
}
#endif
