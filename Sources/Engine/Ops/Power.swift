import Kernels
import Support

/// Y = x^c elementwise, for a constant exponent c.
public struct Power: ElementwiseOp {
    public static let declaration = OpDeclaration(
        "pow", usage: "pow(x, exponent)", summary: "the same as x ^ exponent: x to a constant power, elementwise",
        arguments: [.tensor("x"), .number("exponent")]
    ) { call in Power(call.numbers[0]) }
    public let exponent: Double
    public init(_ exponent: Double) { self.exponent = exponent }
    public var name: String { "pow" }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { .power(x[0], exponent) }
    public func formula(_ x: [String]) -> String { "\(x[0])^\(NumberFormat.compact(exponent))" }
    public var rule: String { "∂(xᶜ)/∂x = c·xᶜ⁻¹" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .multiply(.constant(exponent), .power(.input(0), exponent - 1)))
    }
    public func value(_ x: Double) -> Double { libmPow(x, exponent) }
    public func derivative(_ x: Double, output y: Double) -> Double { exponent * libmPow(x, exponent - 1) }
    /// A negative power of 0 is a division by 0.
    public func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)? {
        guard output.isInfinite, inputs[0] == 0 else { return nil }
        return (0, "division by 0")
    }
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output, p = T(exponent)
        if exponent == 2 {
            T.multiply(x.value, x.value, y.value, y.count)
        } else {
            for i in 0..<y.count { y.value[i] = T.pow(x.value[i], p) }
        }
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        guard let dY = c.output.gradient, let dX = x.gradient else { return }
        let p = T(exponent)
        if exponent == 2 {
            for i in 0..<x.count { dX[i] += dY[i] * 2 * x.value[i] }
        } else {
            for i in 0..<x.count { dX[i] += dY[i] * p * T.pow(x.value[i], p - 1) }
        }
    }
}
