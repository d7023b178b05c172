import Engine

/// The functions a layer may apply to its output.
public enum Activation: String, Sendable, CaseIterable {
    case relu, sigmoid, tanh

    func record<T>(_ z: Variable, on tape: Tape<T>, name: String) throws(EngineError) -> Variable {
        switch self {
        case .relu: try tape.relu(z, name: name)
        case .sigmoid: try tape.sigmoid(z, name: name)
        case .tanh: try tape.tanh(z, name: name)
        }
    }
}

/// A fully connected layer: z = x·W + b, then the activation if any.
/// x is (batch, inputs), W is (inputs, units), b is (units), the output is (batch, units).
/// A layer without activation outputs logits; the loss applies softmax (cross-entropy from logits).
public final class Dense<Scalar: KernelScalar>: Layer {
    public let inputs: Int
    public let units: Int
    public let activation: Activation?
    public let weight: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    // Node names, made once so that a training step builds no strings.
    private let productName: String, preActivationName: String, outputName: String

    /// `index` numbers the layer's names: W1, b1, z1, h1.
    public init(
        _ inputs: Int, _ units: Int, activation: Activation? = nil, index: Int,
        weightInitializer: Initializer = .glorotUniform, generator: inout SeededGenerator
    ) {
        self.inputs = inputs
        self.units = units
        self.activation = activation
        weight = Parameter("W\(index)", weightInitializer.tensor(Shape(inputs, units), generator: &generator))
        bias = Parameter("b\(index)", Tensor(zeros: Shape(units)))
        productName = "xW\(index)"
        preActivationName = activation == nil ? "logits" : "z\(index)"
        outputName = "h\(index)"
    }

    public var parameters: [Parameter<Scalar>] { [weight, bias] }

    public var summary: String {
        "Dense(\(inputs) → \(units)\(activation.map { ", \($0.rawValue)" } ?? ""))"
    }

    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        guard input.rank == 2, input[1] == inputs else {
            throw EngineError("\(summary): expects (batch × \(inputs)) input, got \(input)")
        }
        return Shape(input[0], units)
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        let product = try tape.matmul(x, tape.parameter(weight), name: productName)
        let z = try tape.add(product, tape.parameter(bias), name: preActivationName)
        guard let activation else { return z }
        return try activation.record(z, on: tape, name: outputName)
    }
}

/// Folds every axis after the batch into one: (N, 28, 28) → (N, 784).
public final class Flatten<Scalar: KernelScalar>: Layer {
    public init() {}
    public var parameters: [Parameter<Scalar>] { [] }
    public var summary: String { "Flatten" }
    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        Shape(input.rank == 0 ? 1 : input[0], input.count / max(input.rank == 0 ? 1 : input[0], 1))
    }
    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        if tape.shape(of: x).rank == 2 { return x }  // already flat: nothing to record
        return try tape.flatten(x, name: "x_flat")
    }
}
