import Support

/// The scalar engine's operations. Each op's forward value and local derivatives are computed
/// together in `evaluate` (the backward pass only multiplies them by the upstream gradient);
/// `definition` holds the same op's name, formula, derivative rule and gradient expressions,
/// case for case in the same order.
public enum ScalarOp: Sendable, Equatable {
    case input, constant
    case add, subtract, multiply, divide, negate
    /// x^c for a constant exponent c.
    case power(Double)
    case exp, log, tanh, sigmoid, relu

    public var arity: Int {
        switch self {
        case .input, .constant: 0
        case .add, .subtract, .multiply, .divide: 2
        default: 1
        }
    }

    /// The value of the op at (a, b) with ∂/∂a and ∂/∂b there (b is ignored by unary ops).
    @inline(__always)
    public func evaluate(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double) {
        switch self {
        case .input, .constant: return (a, 0, 0)
        case .add: return (a + b, 1, 1)
        case .subtract: return (a - b, 1, -1)
        case .multiply: return (a * b, b, a)
        case .divide: return (a / b, 1 / b, -a / (b * b))
        case .negate: return (-a, -1, 0)
        case .power(let c): return (libmPow(a, c), c * libmPow(a, c - 1), 0)
        case .exp:
            let e = libmExp(a)
            return (e, e, 0)
        case .log: return (libmLog(a), 1 / a, 0)
        case .tanh:
            let t = libmTanh(a)
            return (t, 1 - t * t, 0)
        case .sigmoid:
            let s = a >= 0 ? 1 / (1 + libmExp(-a)) : libmExp(a) / (1 + libmExp(a))
            return (s, s * (1 - s), 0)
        case .relu: return a > 0 ? (a, 1, 0) : (0, 0, 0)
        }
    }

    public struct Definition: Sendable {
        public let name: String
        /// The forward formula from the inputs' names.
        public let formula: @Sendable ([String]) -> String
        /// The local derivative, written generally.
        public let rule: String
        /// ∂L/∂(input i) in terms of the upstream gradient, the output and the inputs.
        public let gradients: [GradientExpression]
    }

    public var definition: Definition {
        switch self {
        case .input:
            Definition(name: "input", formula: { _ in "input" }, rule: "", gradients: [])
        case .constant:
            Definition(name: "constant", formula: { _ in "constant" }, rule: "", gradients: [])
        case .add:
            Definition(
                name: "add", formula: { "\($0[0]) + \($0[1])" }, rule: "∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1",
                gradients: [.upstream, .upstream])
        case .subtract:
            Definition(
                name: "subtract", formula: { "\($0[0]) − \($0[1])" }, rule: "∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1",
                gradients: [.upstream, .multiply(.constant(-1), .upstream)])
        case .multiply:
            Definition(
                name: "multiply", formula: { "\($0[0]) · \($0[1])" }, rule: "∂(a·b)/∂a = b, ∂(a·b)/∂b = a",
                gradients: [.multiply(.upstream, .input(1)), .multiply(.upstream, .input(0))])
        case .divide:
            Definition(
                name: "divide", formula: { "\($0[0]) / \($0[1])" }, rule: "∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²",
                gradients: [
                    .divide(.upstream, .input(1)),
                    .multiply(.upstream, .divide(.multiply(.constant(-1), .input(0)), .function(.square, .input(1)))),
                ])
        case .negate:
            Definition(
                name: "negate", formula: { "−\($0[0])" }, rule: "∂(−a)/∂a = −1",
                gradients: [.multiply(.constant(-1), .upstream)])
        case .power(let c):
            Definition(
                name: "pow", formula: { "\($0[0])^\(NumberFormat.compact(c))" },
                rule: "∂(xᶜ)/∂x = c·xᶜ⁻¹",
                gradients: [.multiply(.upstream, .multiply(.constant(c), .power(.input(0), c - 1)))])
        case .exp:
            Definition(
                name: "exp", formula: { "exp(\($0[0]))" }, rule: "exp'(x) = exp(x)",
                gradients: [.multiply(.upstream, .output)])
        case .log:
            Definition(
                name: "log", formula: { "log(\($0[0]))" }, rule: "log'(x) = 1/x",
                gradients: [.divide(.upstream, .input(0))])
        case .tanh:
            Definition(
                name: "tanh", formula: { "tanh(\($0[0]))" }, rule: "tanh'(z) = 1 − tanh(z)²",
                gradients: [.multiply(.upstream, .subtract(.constant(1), .function(.square, .output)))])
        case .sigmoid:
            Definition(
                name: "sigmoid", formula: { "σ(\($0[0]))" }, rule: "σ'(z) = σ(z)·(1 − σ(z))",
                gradients: [.multiply(.multiply(.upstream, .output), .subtract(.constant(1), .output))])
        case .relu:
            Definition(
                name: "relu", formula: { "relu(\($0[0]))" },
                rule: "relu'(x) = 1 if x > 0, else 0 (at x = 0 there is a kink: no derivative)",
                gradients: [.multiply(.upstream, .function(.step, .input(0)))])
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
