import Foundation

/// Y = softplus(x) = log(1 + e^x), elementwise: a smooth ReLU whose derivative is the sigmoid.
public struct Softplus: ElementwiseOp {
    public static let declaration = OpDeclaration.function(
        "softplus", summary: "log(1 + e^x), elementwise: a smooth ReLU whose derivative is σ(x)", Softplus())
    public init() {}
    public var name: String { "softplus" }
    /// Above 40, log(1 + eˣ) is x to the last digit; PyTorch's default switches at 20, 2e-9 too early.
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .call("F.softplus", x, "threshold=40") }
    public var rule: String { "softplus'(x) = e^x / (1 + e^x) = σ(x)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .function(.sigmoid, .input(0)))
    }
    /// max(x, 0) + log(1 + e^(−|x|)): the same number, with no overflow for a large x and no
    /// loss of digits for a very negative one.
    public func value(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }
    public func derivative(_ x: Double, output y: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
