import Foundation
import Support

/// Y = x where x > 0, slope · x elsewhere, elementwise: a ReLU that lets a little gradient
/// through on the negative side.
public struct LeakyReLU: ElementwiseOp {
    public static let declaration = OpDeclaration(
        "leaky_relu", usage: "leaky_relu(x, slope=0.01)",
        summary: "x where x > 0, slope·x elsewhere, elementwise (a kink at 0, like relu)",
        arguments: [.tensor("x")], options: [.number("slope", mustBe: "a finite number") { $0.isFinite }]
    ) { call in LeakyReLU(slope: call.number("slope") ?? 0.01) }

    public let slope: Double
    public init(slope: Double = 0.01) { self.slope = slope }
    public var name: String { "leaky_relu" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        .call("F.leaky_relu", x, "negative_slope=" + PyTorchForm.number(slope).text)
    }
    public func formula(_ x: [String]) -> String { "leaky_relu(\(x[0]), \(NumberFormat.compact(slope)))" }
    public var rule: String {
        "leaky_relu'(x) = 1 if x > 0, else \(NumberFormat.compact(slope)) (at x = 0 there is a kink: no derivative)"
    }
    /// dY ⊙ (1[x > 0] + slope·(1 − 1[x > 0])).
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        let positive = GradientExpression.function(.step, .input(0))
        return .multiply(.upstream, .add(positive, .multiply(.constant(slope), .subtract(.constant(1), positive))))
    }
    public func value(_ x: Double) -> Double { x > 0 ? x : slope * x }
    public func derivative(_ x: Double, output y: Double) -> Double { x > 0 ? 1 : slope }
    public var kink: Double? { 0 }
}
