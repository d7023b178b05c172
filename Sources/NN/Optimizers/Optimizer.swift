import Engine

/// Updates parameters in place from their gradients, keeping its own state per parameter.
/// An optimizer is made for a fixed list of parameters; `step` reads each one's gradient.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: KernelScalar
    var parameters: [Parameter<Scalar>] { get }
    /// Steps taken so far.
    var stepCount: Int { get }
    /// Starts step `stepCount + 1`; `update` then updates each parameter once.
    func beginStep()
    /// Updates parameter `index` from its current gradient, for the step begun last.
    func update(_ index: Int)
    /// The state to save with a checkpoint, by name (`W1.m`, `W1.v`): restoring it and
    /// `stepCount` continues the run exactly.
    var stateTensors: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// Restores what `stateTensors` saved.
    func restore(stepCount: Int, state: [String: Tensor<Scalar>]) throws(EngineError)
    /// One line: `Adam(lr 0.001, β1 0.9, β2 0.999, ε 1e-07)`.
    var summary: String { get }
}

extension Optimizer {
    /// One update of every parameter from its current gradient.
    public func step() {
        beginStep()
        // An index loop: behind `any Optimizer` an enumerated or zipped iterator allocates.
        for k in parameters.indices { update(k) }
    }
}

/// The step counter's limits, shared by every optimizer.
public enum OptimizerSteps {
    /// The largest step count `restore` accepts: 2^53, up to which a Double (Adam's bias
    /// correction) holds every count exactly, and far from where `stepCount + 1` would overflow.
    public static let maximum = 1 << 53

    /// Throws unless `count` is a step count a run can reach.
    public static func check(_ count: Int) throws(EngineError) {
        guard count >= 0, count <= maximum else {
            throw EngineError("optimizer step count \(count) is outside 0...\(maximum) (2^53)")
        }
    }
}

/// Per-parameter state buffers, one per parameter and kind (`m`, `v`), zero to start.
final class SlotBuffers<Scalar: KernelScalar> {
    let kind: String
    let buffers: [Buffer<Scalar>]

    init(_ kind: String, for parameters: [Parameter<Scalar>]) {
        self.kind = kind
        buffers = parameters.map { p in
            let b = Buffer<Scalar>(count: p.count)
            b.zero()
            return b
        }
    }

    func tensors(_ parameters: [Parameter<Scalar>]) -> [(name: String, tensor: Tensor<Scalar>)] {
        zip(parameters, buffers).map { p, b in ("\(p.name).\(kind)", Tensor(shape: p.shape, elements: b.array)) }
    }

    func restore(_ parameters: [Parameter<Scalar>], from state: [String: Tensor<Scalar>]) throws(EngineError) {
        for (p, b) in zip(parameters, buffers) {
            let key = "\(p.name).\(kind)"
            guard let t = state[key] else { throw EngineError("optimizer state '\(key)' is missing") }
            guard t.shape == p.shape else {
                throw EngineError("optimizer state '\(key)' has shape \(t.shape), expected \(p.shape)")
            }
            t.elements.withUnsafeBufferPointer { Scalar.copy($0.baseAddress!, b.pointer, p.count) }
        }
    }
}
