import Engine

/// A 2-D convolution layer over NHWC images: y = conv2d(x, K) + b, then the activation if any.
/// K is (size, size, input channels, filters), initialized Glorot-uniform with the receptive
/// field in the fans, as Keras does; b is (filters), zero.
///
/// With `pool`, the layer ends with a max-pool over pool×pool windows (stride pool), recorded
/// before the bias and the activation: max(relu(y + b)) = relu(max(y) + b) exactly, because the
/// bias adds the same number to every element of a channel's window and ReLU never changes
/// which element is largest. Same values, same gradients, a quarter of the elementwise work
/// (the bias, the ReLU and their gradients run on the pooled map).
public final class Conv2DLayer<Scalar: KernelScalar>: Layer {
    public let inputChannels: Int
    public let filters: Int
    public let size: Int
    public let stride: Int
    public let padding: Padding
    public let activation: Activation?
    /// The max-pool window (and stride) the layer ends with, if any.
    public let pool: Int?
    public let kernel: Parameter<Scalar>
    public let bias: Parameter<Scalar>
    private let convolutionName: String, poolName: String, preActivationName: String, outputName: String

    public init(
        _ inputChannels: Int, _ filters: Int, size: Int = 3, stride: Int = 1, padding: Padding = .valid,
        activation: Activation? = .relu, pool: Int? = nil, index: Int, generator: inout SeededGenerator
    ) {
        precondition(activation == nil || activation == .relu || pool == nil, "pooling first needs a monotonic activation")
        self.inputChannels = inputChannels
        self.filters = filters
        self.size = size
        self.stride = stride
        self.padding = padding
        self.activation = activation
        self.pool = pool
        kernel = Parameter(
            "K\(index)", Initializer.glorotUniform.tensor(Shape(size, size, inputChannels, filters), generator: &generator))
        bias = Parameter("c\(index)", Tensor(zeros: Shape(filters)))
        convolutionName = "conv\(index)"
        poolName = "pool\(index)"
        preActivationName = "u\(index)"
        outputName = "a\(index)"
    }

    public var parameters: [Parameter<Scalar>] { [kernel, bias] }

    public var summary: String {
        "Conv2D(\(size)×\(size), \(inputChannels) → \(filters), stride \(stride), \(padding.rawValue)\(activation.map { ", \($0.rawValue)" } ?? ""))"
            + (pool.map { " + MaxPool \($0)×\($0)" } ?? "")
    }

    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        let y = try Conv2D(stride: stride, padding: padding).outputShape(ShapeList([input, kernel.shape]))
        guard let pool else { return y }
        return try MaxPool2D(size: pool).outputShape(ShapeList([y]))
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        var y = try tape.conv2d(x, tape.parameter(kernel), stride: stride, padding: padding, name: convolutionName)
        if let pool { y = try tape.maxPool2d(y, size: pool, name: poolName) }
        let u = try tape.add(y, tape.parameter(bias), name: preActivationName)
        guard let activation else { return u }
        return try activation.record(u, on: tape, name: outputName)
    }
}

/// Max pooling over size×size windows of NHWC images.
public final class MaxPool2DLayer<Scalar: KernelScalar>: Layer {
    public let size: Int
    public let stride: Int
    private let outputName: String

    public init(size: Int = 2, stride: Int? = nil, index: Int) {
        self.size = size
        self.stride = stride ?? size
        outputName = "pool\(index)"
    }

    public var parameters: [Parameter<Scalar>] { [] }
    public var summary: String { "MaxPool2D(\(size)×\(size), stride \(stride))" }

    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        try MaxPool2D(size: size, stride: stride).outputShape(ShapeList([input]))
    }

    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        try tape.maxPool2d(x, size: size, stride: stride, name: outputName)
    }
}

/// Gives (N, H, W) grayscale images their channel axis: (N, H, W, 1).
public final class AddChannelAxis<Scalar: KernelScalar>: Layer {
    public init() {}
    public var parameters: [Parameter<Scalar>] { [] }
    public var summary: String { "Reshape(… × 1)" }
    public func outputShape(for input: Shape) throws(EngineError) -> Shape {
        guard input.rank == 3 else { throw EngineError("\(summary): expects (batch × height × width), got \(input)") }
        return Shape(input[0], input[1], input[2], 1)
    }
    @_specialize(where Scalar == Float)
    public func forward(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        try tape.reshape(x, to: try outputShape(for: tape.shape(of: x)), name: "x_image")
    }
}
