import Engine
import Kernels
import NN

/// A model on one batch, as a computation the checker can run again: the trace of its forward
/// (and backward) pass in Double, and the same with one parameter entry moved. `mnist gradcheck`
/// and lesson 8 check the real model through it with the same three witnesses as any network.
///
/// Runs in training mode unless `isTraining` is false (batch normalization uses the batch's
/// statistics; note that each run also moves the layers' running averages, as a training step
/// would).
public final class ModelComputation: Recomputable {
    public let model: Sequential<Double>
    /// The batch: (N, height, width) pixels scaled to [0, 1].
    public let images: Tensor<Double>
    public let labels: [Int32]
    /// Whether it runs in training mode (the default: batch normalization uses the batch's
    /// statistics) or in inference mode (their running averages, as `mnist trace` runs).
    public var isTraining = true
    /// The parameter recorded at each trace node id (the same ids on every run).
    private var parameterAtNode: [Int: Parameter<Double>] = [:]

    public init(model: Sequential<Double>, images: Tensor<Double>, labels: [Int32]) {
        self.model = model
        self.images = images
        self.labels = labels
    }

    /// The trace of one forward and backward pass with the parameters as they are.
    public func trace() throws -> Trace { try record(shift: nil) }

    /// The gradient of the loss with respect to each number of the batch, row-major: a run with
    /// the input marked as requiring a gradient for this run only (the trace leaves it out).
    public func inputGradient() throws -> [Double] {
        let tape = Tape<Double>()
        tape.isTraining = isTraining
        let x = tape.input("x", images, requiresGradient: true)
        let loss = try labels.withUnsafeBufferPointer { try model.loss(x, labels: $0, on: tape).loss }
        try tape.backward(from: loss)
        return tape.gradient(of: x)?.elements ?? []
    }

    public func forward(with shift: NodeShift) throws -> Trace {
        if parameterAtNode.isEmpty { _ = try record(shift: nil, backward: false) }
        return try record(shift: shift, backward: false)
    }

    private func record(shift: NodeShift?, backward: Bool = true) throws -> Trace {
        // A moved parameter entry is moved in place for this run and restored exactly after.
        var restore: (() -> Void)? = nil
        if let shift, let parameter = parameterAtNode[shift.node] {
            let value = parameter.value.pointer, old = value[shift.element]
            value[shift.element] = old + shift.delta
            restore = { value[shift.element] = old }
        }
        defer { restore?() }
        let tape = Tape<Double>()
        tape.isTraining = isTraining
        // Any other number (an intermediate's) is moved by the tape as the op computes it.
        if let shift, parameterAtNode[shift.node] == nil { tape.shift = shift }
        let x = tape.input("x", images)
        let loss = try labels.withUnsafeBufferPointer { try model.loss(x, labels: $0, on: tape).loss }
        if backward { try tape.backward(from: loss) }
        for v in tape.variables { if let p = tape.node(v).parameter, tape.node(v).requiresGradient { parameterAtNode[v.id] = p } }
        var trace = tape.trace()
        trace.lossID = loss.id
        return trace
    }
}
