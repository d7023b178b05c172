import Kernels

/// An op that maps every number on its own, y = f(x). Writing `value` and `derivative` for one
/// number is all it takes: the tape's forward and backward passes loop over them, and the scalar
/// engine (`explain --expr`) uses them as they are. An op that needs speed on large tensors
/// replaces `forward` and `backward` with kernels and keeps `value` and `derivative` for one
/// number.
public protocol ElementwiseOp: TensorOp {
    /// f(x).
    func value(_ x: Double) -> Double
    /// f'(x), given x and y = f(x) (some derivatives read more easily from the output).
    func derivative(_ x: Double, output y: Double) -> Double
    /// The input where f' does not exist (ReLU's 0), or nil for a smooth function.
    var kink: Double? { get }
}

extension ElementwiseOp {
    public var arity: Int { 1 }
    public var kink: Double? { nil }
    public func formula(_ x: [String]) -> String { "\(name)(\(x[0]))" }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }

    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0).value, y = c.output.value
        for i in 0..<c.output.count { y[i] = T(value(Double(x[i]))) }
    }

    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output
        guard let dY = y.gradient, let dX = x.gradient else { return }
        for i in 0..<x.count {
            dX[i] += dY[i] * T(derivative(Double(x.value[i]), output: Double(y.value[i])))
        }
    }

    /// Which side of the kink each input element is on (−1, 0, +1).
    public func kinkPattern(inputs: [[Double]], shapes: [Shape]) -> [Int]? {
        guard let kink, let x = inputs.first else { return nil }
        return x.map { $0 > kink ? 1 : $0 < kink ? -1 : 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's functions under names that the ops' own `exp`, `log` and `tanh` do not hide.
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) func libmTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
