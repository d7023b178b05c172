import Kernels
import Support

/// Y = x^c elementwise, for a constant exponent c.
public struct Power: TensorOp {
    public let exponent: Double
    public init(_ exponent: Double) { self.exponent = exponent }
    public var name: String { "pow" }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "\(x[0])^\(NumberFormat.compact(exponent))" }
    public var rule: String { "∂(xᶜ)/∂x = c·xᶜ⁻¹" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .multiply(.constant(exponent), .power(.input(0), exponent - 1)))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
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
