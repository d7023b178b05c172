/// Y = 1 where x > 0, else 0, elementwise: the derivative of a ReLU, for writing a ReLU's
/// gradient by hand (`grad z1 = dh * step(z1)`). Its own derivative is 0 (at 0 a jump: none).
public struct Step: ElementwiseOp {
    public static let declaration = OpDeclaration.function(
        "step", summary: "1 where x > 0, else 0, elementwise: relu's derivative, the mask of a ReLU's gradient", Step())
    public init() {}
    public var name: String { "step" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { PyTorchForm("(\(x[0].text) > 0).double()") }
    public var rule: String { "step'(x) = 0 (at x = 0 there is a jump: no derivative)" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .constant(0))
    }
    public func value(_ x: Double) -> Double { x > 0 ? 1 : 0 }
    public func derivative(_ x: Double, output y: Double) -> Double { 0 }
    public var kink: Double? { 0 }
}
