import Foundation

/// Y = gelu(x) in its tanh form, elementwise (as GPT-2 and BERT compute it, PyTorch's
/// `gelu(approximate="tanh")`): ½x(1 + tanh u) with u = √(2/π)(x + 0.044715x³).
public struct GELU: ElementwiseOp {
    public static let declaration = OpDeclaration.function(
        "gelu", summary: "½x(1 + tanh(√(2/π)(x + 0.044715x³))), elementwise: the Gaussian error linear unit, tanh form",
        GELU())
    public init() {}
    public var name: String { "gelu" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .call("F.gelu", x, "approximate='tanh'")
    }

    static let k = (2 / Double.pi).squareRoot()
    static let c = 0.044715

    public var rule: String {
        "gelu(x) = ½x(1 + t), t = tanh(√(2/π)(x + 0.044715x³)): gelu'(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let x = GradientExpression.input(0), k = GradientExpression.constant(Self.k, symbol: "√(2/π)")
        let t = GradientExpression.defined(
            "t", .function(.tanh, .multiply(k, .add(x, .multiply(.constant(Self.c), .power(x, 3))))))
        let outer = GradientExpression.multiply(.constant(0.5), .add(.constant(1), t))
        let inner = GradientExpression.multiply(
            .multiply(.multiply(.constant(0.5), x), .subtract(.constant(1), .function(.square, t))),
            .multiply(k, .add(.constant(1), .multiply(.constant(3 * Self.c), .function(.square, x)))))
        return .multiply(.upstream, .add(outer, inner))
    }
    public func value(_ x: Double) -> Double {
        0.5 * x * (1 + tanh(Self.k * (x + Self.c * x * x * x)))
    }
    public func derivative(_ x: Double, output y: Double) -> Double {
        let t = tanh(Self.k * (x + Self.c * x * x * x))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.k * (1 + 3 * Self.c * x * x)
    }
}
