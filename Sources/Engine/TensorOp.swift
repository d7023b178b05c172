import Kernels

/// One operation of the matrix engine. Each op is a small value type that keeps together:
/// - its forward pass (`forward`) and its backward pass (`backward`, which accumulates into the
///   gradients of its inputs, or writes the ones the tape hands over fresh: `writesFreshGradients`),
/// - its local-derivative rule as text (`rule`) and, for each input, the gradient as a structured
///   expression (`gradient(of:)`) that the explainer both prints and evaluates independently,
/// - its shape rule (`outputShape`), which is also where bad shapes are caught.
///
/// Ops hold only their attributes (an axis, a factor, an ε); inputs and buffers come from the
/// tape through an `OpContext`.
public protocol TensorOp: Equatable, Sendable {
    /// The name used in traces and network files, e.g. `matmul`.
    var name: String { get }
    /// How many inputs the op takes.
    var arity: Int { get }
    /// The forward formula with the inputs' names, e.g. `x · W` (Unicode notation).
    func formula(_ inputs: [String]) -> String
    /// The local derivative, written generally, e.g. `σ'(z) = σ(z)·(1 − σ(z))`.
    var rule: String { get }
    /// The gradient of the loss with respect to input `index`, as an expression over the
    /// upstream gradient, the output and the inputs.
    func gradient(of index: Int, inputs: ShapeList) -> GradientExpression

    /// The output shape, or an error naming the op and the shapes it got.
    func outputShape(_ inputs: ShapeList) throws(EngineError) -> Shape
    /// Scratch elements the op keeps between forward and backward (default none).
    func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int
    /// Integer scratch the op keeps between forward and backward (a max-pool's argmax; default none).
    func indexCount(_ inputs: ShapeList, output: Shape) -> Int
    /// Whether the op needs integer labels (cross-entropy).
    var takesLabels: Bool { get }
    /// Whether `backward` can take *fresh* input gradients (default false). During a backward
    /// pass a gradient is fresh until its first contribution: the tape does not zero gradients
    /// in advance. For an op that returns false, the tape zero-fills each fresh input gradient
    /// before calling its `backward`, which then adds (`+=`) as usual. An op that returns true
    /// is handed fresh gradients as they are (`TensorReference.gradientIsFresh`) and must then
    /// *write* every element of each of them (`=`, as if adding to zero: a matrix product with
    /// `accumulate: false`), sparing a fill and a read of the buffer — the weight gradient of a
    /// dense layer is its largest buffer. An input that appears twice among an op's inputs is
    /// never handed fresh (its second contribution must add to the first).
    var writesFreshGradients: Bool { get }
    /// Whether `backward` reads the output's gradient only where the output is not ±0 (default
    /// false). ReLU's does: dx = dy where x > 0, which is where relu(x) ≠ 0. A tape that lets
    /// unread gradient elements go (`Tape.skipsUnreadGradientElements`) then tells the ops that
    /// make that gradient (`TensorReference.gradientIsReadOnlyWhereNonzero`), which may skip the
    /// other elements.
    var readsOutputGradientOnlyWhereOutputIsNonzero: Bool { get }

    /// Writes the output value.
    func forward<T: KernelScalar>(_ context: OpContext<T>)
    /// Adds each input's share of the output gradient into that input's gradient (`+=`), or
    /// writes it (`=`) into a fresh one (see `writesFreshGradients`); inputs that need no
    /// gradient have a nil `gradient` and are skipped.
    ///
    /// Ops mark it `@_specialize(where T == Float)`: the tape calls it through `any TensorOp`,
    /// where generic code would look up the metadata of `OpContext<T>` and its buffers at every
    /// call (a large part of the tape's bookkeeping in a training step); the attribute
    /// makes the generic entry jump to the Float code. `forward` needs none: `Tape.record` calls
    /// it on the concrete op, specialized with its caller.
    func backward<T: KernelScalar>(_ context: OpContext<T>)

    /// The forward formula for inputs of these shapes (default `formula`): `a · b` for two
    /// numbers where matrices read `a ⊙ b`.
    func formula(_ inputs: [String], shapes: ShapeList) -> String

    /// The local-derivative rule for inputs of these shapes (default `rule`): an op whose rule
    /// has more to say when an operand is broadcast says it only then.
    func rule(for inputs: ShapeList) -> String

    /// Where the derivative does not exist (ReLU's input at 0, a max-pool window's tie): for
    /// the input values of one run, a number per deciding element saying which piece of the
    /// function it is on. Two runs whose patterns differ straddle a kink, and the checker reports
    /// the finite difference there as KINK. Nil (the default) for an op that is smooth.
    func kinkPattern(inputs: [[Double]], shapes: [Shape]) -> [Int]?

    /// Why a non-finite output element came out, when the inputs show it plainly: the input
    /// to point at and the reason (`log of -2`, `division by 0`). `inputs` holds each input's
    /// element that the output element was computed from (nil where it cannot be told).
    func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)?

    /// The op in PyTorch, from its operands' forms and shapes (a loss that takes labels gets
    /// them as one more operand), for `backprop export --pytorch`; nil (the default) for an op
    /// that has none, which the export names.
    func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm?
}

extension TensorOp {
    public func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int { 0 }
    public func indexCount(_ inputs: ShapeList, output: Shape) -> Int { 0 }
    public var takesLabels: Bool { false }
    public var writesFreshGradients: Bool { false }
    public var readsOutputGradientOnlyWhereOutputIsNonzero: Bool { false }
    public func formula(_ inputs: [String], shapes: ShapeList) -> String { formula(inputs) }
    public func rule(for inputs: ShapeList) -> String { rule }
    public func kinkPattern(inputs: [[Double]], shapes: [Shape]) -> [Int]? { nil }
    public func nonFiniteCause(inputs: [Double?], output: Double) -> (input: Int, reason: String)? { nil }
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? { nil }
}

/// The shapes of an op's inputs, inline (at most `ShapeList.capacity`).
public struct ShapeList: Sendable {
    public static let capacity = 5
    public let count: Int
    private var storage: (Shape, Shape, Shape, Shape, Shape)

    public init(_ shapes: [Shape]) {
        precondition(shapes.count <= ShapeList.capacity)
        count = shapes.count
        storage = (.scalar, .scalar, .scalar, .scalar, .scalar)
        for (i, shape) in shapes.enumerated() { self[i] = shape }
    }

    init(count: Int) {
        self.count = count
        storage = (.scalar, .scalar, .scalar, .scalar, .scalar)
    }

    public subscript(i: Int) -> Shape {
        get {
            switch i {
            case 0: storage.0
            case 1: storage.1
            case 2: storage.2
            case 3: storage.3
            default: storage.4
            }
        }
        set {
            switch i {
            case 0: storage.0 = newValue
            case 1: storage.1 = newValue
            case 2: storage.2 = newValue
            case 3: storage.3 = newValue
            default: storage.4 = newValue
            }
        }
    }
}

/// One tensor as an op sees it: shape, value, and the gradient when it is wanted.
public struct TensorReference<T: KernelScalar> {
    public let shape: Shape
    public let value: UnsafeMutablePointer<T>
    /// Nil when no gradient flows to this tensor.
    public let gradient: UnsafeMutablePointer<T>?
    /// During backward: true when nothing has reached `gradient` yet in this pass, so its
    /// contents are unspecified and an op that declares `writesFreshGradients` writes it instead
    /// of adding to it. Only such ops ever see it true.
    public let gradientIsFresh: Bool
    /// During backward: true when no one reads this gradient where the value is ±0 (the op that
    /// made the tensor reads it only where it is not, and the tape lets the rest go). A backward
    /// may then leave those elements out of its contribution: 0 in a fresh gradient, or as they
    /// were.
    public let gradientIsReadOnlyWhereNonzero: Bool

    public var count: Int { shape.count }
}

/// Everything an op reads and writes in one forward or backward pass.
public struct OpContext<T: KernelScalar> {
    let tape: Tape<T>
    let node: Int

    /// The op's input number `i`.
    public func input(_ i: Int) -> TensorReference<T> { tape.reference(tape.nodes[node].inputs[i]) }
    public var inputCount: Int { tape.nodes[node].inputs.count }
    /// The op's output; its `gradient` is the upstream gradient during backward.
    public var output: TensorReference<T> { tape.reference(node) }
    /// The op's scratch elements (`auxiliaryCount` of them).
    public var auxiliary: UnsafeMutablePointer<T> { tape.nodes[node].auxiliary.pointer }
    /// The op's integer scratch (`indexCount` of them).
    public var indices: UnsafeMutablePointer<Int32> { tape.nodes[node].indices.pointer }
    /// The integer labels of a loss op.
    public var labels: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(tape.nodes[node].labels.elements) }
    /// Training mode (batch statistics, dropout) or inference.
    public var isTraining: Bool { tape.isTraining }
}
