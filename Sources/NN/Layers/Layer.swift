import Engine

/// A layer records its part of the forward computation onto a tape. Its trainable parameters
/// are `Parameter`s, which the tape reads without copying and an optimizer updates in place.
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: KernelScalar
    /// The trainable parameters, in a fixed order.
    var parameters: [Parameter<Scalar>] { get }
    /// State that is saved with the model but not trained (batch norm's running averages).
    var state: [Parameter<Scalar>] { get }
    /// One line describing the layer: `Dense(784 → 128, relu)`.
    var summary: String { get }
    /// The output shape for an input shape, or an error naming the layer.
    func outputShape(for input: Shape) throws(EngineError) -> Shape
    /// Records the layer applied to `x`. `tape.isTraining` selects training or inference behaviour.
    /// Layers mark it `@_specialize(where Scalar == Float)`: `Sequential` calls it through
    /// `any Layer`, and the Float code it jumps to records each op with specialized tape code
    /// (see `TensorOp.backward`).
    func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable
}

extension Layer {
    public var state: [Parameter<Scalar>] { [] }
}
