// Float and Double: each kernel requirement forwards to the generic implementation, which the
// compiler specializes here for the concrete type.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Float: KernelScalar {
    public static func exp(_ x: Float) -> Float { expf(x) }
    public static func log(_ x: Float) -> Float { logf(x) }
    public static func tanh(_ x: Float) -> Float { tanhf(x) }
    public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: KernelScalar {
    public static func exp(_ x: Double) -> Double { libmExp(x) }
    public static func log(_ x: Double) -> Double { libmLog(x) }
    public static func tanh(_ x: Double) -> Double { libmTanh(x) }
    public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    public static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
}

// The C library's double-precision functions under names that do not collide with the
// requirements above.
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
