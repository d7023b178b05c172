import Engine

/// Layers applied one after another. The last layer outputs logits; `loss` adds softmax
/// cross-entropy, `probabilities` a softmax.
public final class Sequential<Scalar: KernelScalar> {
    public let name: String
    public let inputShape: Shape
    public let layers: [any Layer<Scalar>]

    public init(name: String, inputShape: Shape, layers: [any Layer<Scalar>]) {
        self.name = name
        self.inputShape = inputShape
        self.layers = layers
    }

    /// Every trainable parameter, layer by layer.
    public var parameters: [Parameter<Scalar>] { layers.flatMap { $0.parameters } }
    /// Every saved tensor: parameters and untrained state (running averages).
    public var savedTensors: [Parameter<Scalar>] { layers.flatMap { $0.parameters + $0.state } }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Records the layers on `x` and returns the logits.
    public func logits(_ x: Variable, on tape: Tape<Scalar>) throws(EngineError) -> Variable {
        var h = x
        for layer in layers { h = try layer.forward(h, on: tape) }
        return h
    }

    /// Records the forward pass and the mean softmax cross-entropy against `labels`.
    public func loss(
        _ x: Variable, labels: UnsafeBufferPointer<Int32>, on tape: Tape<Scalar>
    ) throws(EngineError) -> (logits: Variable, loss: Variable) {
        let z = try logits(x, on: tape)
        return (z, try tape.crossEntropy(z, labels: labels, name: "loss"))
    }

    /// One line per layer with its output shape and parameter count, as Keras's `summary()`.
    public func summary() -> String {
        var lines = ["Model \(name): input \(inputShape)"]
        var shape = Shape([1] + inputShape.dimensions)
        for layer in layers {
            let count = layer.parameters.reduce(0) { $0 + $1.count } + layer.state.reduce(0) { $0 + $1.count }
            let output = (try? layer.outputShape(for: shape)) ?? shape
            shape = output
            let outputText = "(None, " + output.dimensions.dropFirst().map(String.init).joined(separator: ", ") + ")"
            lines.append("  \(layer.summary.padding(40))  \(outputText.padding(14))  \(count) parameters")
        }
        lines.append("  total: \(parameterCount) trainable parameters")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
