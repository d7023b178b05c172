import Engine
import Foundation
import Testing

@Suite struct ScalarEngineTests {
    /// One scalar op, applied to a graph's inputs a (and b for the arithmetic ops).
    enum Case: Sendable, CustomTestStringConvertible {
        case arithmetic(ScalarOp)
        case function(any ElementwiseOp)

        func apply(_ g: ScalarGraph, _ a: Scalar, _ b: Scalar) -> Scalar {
            switch self {
            case .arithmetic(let op): g.apply(op, a, b)
            case .function(let op): g.apply(function: op, a)
            }
        }
        var isBinary: Bool { if case .arithmetic = self { true } else { false } }
        var testDescription: String {
            switch self {
            case .arithmetic(let op): "\(op)"
            case .function(let op): op.name
            }
        }
    }

    /// Every scalar op: the graph's gradient against a central difference in Double.
    @Test(arguments: [
        (Case.arithmetic(.add), 1.3, -0.7), (.arithmetic(.subtract), 1.3, -0.7), (.arithmetic(.multiply), 1.3, -0.7),
        (.arithmetic(.divide), 1.3, -0.7), (.function(Negate()), 0.4, 0), (.function(Power(3)), 1.7, 0),
        (.function(Power(-0.5)), 2.2, 0), (.function(Exp()), 0.9, 0), (.function(Log()), 2.5, 0),
        (.function(Tanh()), 0.35, 0), (.function(Sigmoid()), -1.2, 0), (.function(Sigmoid()), 40, 0),
        (.function(ReLU()), 0.8, 0), (.function(ReLU()), -0.8, 0),
    ])
    func opGradientMatchesFiniteDifference(op: Case, a: Double, b: Double) {
        func f(_ a: Double, _ b: Double) -> Double {
            let g = ScalarGraph()
            return op.apply(g, g.input(a), g.input(b)).value
        }
        let graph = ScalarGraph()
        let x = graph.input(a, name: "a"), y = graph.input(b, name: "b")
        let out = op.apply(graph, x, y)
        out.backward()
        let h = 1e-6
        let numericA = (f(a + h, b) - f(a - h, b)) / (2 * h)
        #expect(relativeError(x.gradient, numericA) < 1e-7 || abs(x.gradient - numericA) < 1e-10)
        if op.isBinary {
            let numericB = (f(a, b + h) - f(a, b - h)) / (2 * h)
            #expect(relativeError(y.gradient, numericB) < 1e-7)
        }
    }

    @Test func reusedValueAndDiamondAccumulate() {
        let g = ScalarGraph()
        let x = g.input(3, name: "x")
        let square = x * x
        square.backward()
        #expect(x.gradient == 6)
        // a diamond: b = 2a, c = a³, d = b·c → dd/da = 2·a³ + 2a·3a² = 8a³
        let a = g.input(1.5, name: "a")
        let d = (a * 2) * a.pow(3)
        d.backward()
        #expect(relativeError(a.gradient, 8 * 1.5 * 1.5 * 1.5) < 1e-15)
    }

    @Test func micrograd_readme_example() {
        // The expression from micrograd's README; its gradients are 138.8338 and 645.5773.
        let g = ScalarGraph()
        let a = g.input(-4, name: "a"), b = g.input(2, name: "b")
        var c = a + b
        var d = a * b + b.pow(3)
        c = c + c + 1
        c = c + 1 + c + (-a)
        d = d + d * 2 + (b + a).relu()
        d = d + 3 * d + (b - a).relu()
        let e = c - d
        let f = e.pow(2)
        var h = f / 2
        h = h + 10.0 / f
        h.backward()
        #expect(abs(h.value - 24.70408163265306) < 1e-12)
        #expect(abs(a.gradient - 138.83381924198252) < 1e-10)
        #expect(abs(b.gradient - 645.5772594752186) < 1e-10)
    }

    @Test func traceKeepsOnlyWhatTheOutputNeedsInCreationOrder() {
        let g = ScalarGraph()
        let x = g.input(2, name: "x"), w = g.input(-3, name: "w")
        _ = g.input(9, name: "unused")
        let y = (x * w).named("xw").tanh().named("y")
        y.backward()
        let trace = g.trace(of: y)
        #expect(trace.nodes.map(\.name) == ["x", "w", "xw", "y"])
        #expect(trace.nodes[2].inputs == [0, 1])
        #expect(trace.lossID == 3)
        let t: Double = Foundation.tanh(-6.0)
        let dy = 1 - t * t
        #expect(trace.nodes[0].gradient == [dy * -3])
    }
}
