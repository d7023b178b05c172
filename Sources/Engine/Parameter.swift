import Kernels

/// A trainable tensor: its value and its gradient live here, across training steps. A tape
/// records a parameter without copying it: the parameter's node reads this value and
/// accumulates into this gradient; an optimizer then updates the value in place.
public final class Parameter<T: KernelScalar> {
    public let name: String
    public let shape: Shape
    public let value: Buffer<T>
    public let gradient: Buffer<T>

    public init(_ name: String, _ initial: Tensor<T>) {
        self.name = name
        shape = initial.shape
        value = Buffer(count: initial.count)
        gradient = Buffer(count: initial.count)
        initial.elements.withUnsafeBufferPointer { T.copy($0.baseAddress!, value.pointer, initial.count) }
        gradient.zero()
    }

    public var count: Int { shape.count }

    /// A copy of the current value.
    public var tensor: Tensor<T> {
        get { Tensor(shape: shape, elements: value.array) }
        set {
            precondition(newValue.shape == shape, "parameter \(name) has shape \(shape), not \(newValue.shape)")
            newValue.elements.withUnsafeBufferPointer { T.copy($0.baseAddress!, value.pointer, count) }
        }
    }

    /// A copy of the current gradient.
    public var gradientTensor: Tensor<T> { Tensor(shape: shape, elements: gradient.array) }
}
