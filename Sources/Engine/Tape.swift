import Kernels

/// A handle to one recorded tensor on a tape.
public struct Variable: Hashable, Sendable, CustomStringConvertible {
    public let id: Int
    public init(id: Int) { self.id = id }
    public var description: String { "%\(id)" }
}

/// The inputs of one node, inline (no array per step).
public struct NodeInputs: Sendable, Equatable {
    public private(set) var count = 0
    private var ids: (Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0)

    public init() {}
    public init(_ variables: Variable...) {
        for v in variables { append(v.id) }
    }
    public init(_ variables: [Variable]) {
        for v in variables { append(v.id) }
    }

    mutating func append(_ id: Int) {
        precondition(count < ShapeList.capacity, "at most \(ShapeList.capacity) inputs")
        switch count {
        case 0: ids.0 = Int32(id)
        case 1: ids.1 = Int32(id)
        case 2: ids.2 = Int32(id)
        case 3: ids.3 = Int32(id)
        default: ids.4 = Int32(id)
        }
        count += 1
    }

    public subscript(i: Int) -> Int {
        switch i {
        case 0: Int(ids.0)
        case 1: Int(ids.1)
        case 2: Int(ids.2)
        case 3: Int(ids.3)
        default: Int(ids.4)
        }
    }

    public var array: [Int] { (0..<count).map { self[$0] } }

    public static func == (lhs: NodeInputs, rhs: NodeInputs) -> Bool {
        lhs.count == rhs.count && (0..<lhs.count).allSatisfy { lhs[$0] == rhs[$0] }
    }
}

/// What a node is: data fed in, a trainable parameter, a fixed constant, or an op's result.
public enum NodeRole: String, Sendable {
    case input, parameter, constant, operation
}

/// One recorded node. Its buffers live as long as the tape and are reused by the node recorded
/// at the same position in the next step.
public final class TapeNode<T: KernelScalar> {
    public internal(set) var op: any TensorOp = Leaf(role: .input)
    public internal(set) var role: NodeRole = .input
    public internal(set) var name: String?
    public internal(set) var inputs = NodeInputs()
    public internal(set) var shape = Shape.scalar
    public internal(set) var requiresGradient = false
    /// Set for parameter nodes: the value and gradient are the parameter's own buffers.
    public internal(set) var parameter: Parameter<T>?

    let ownValue = Buffer<T>()
    let ownGradient = Buffer<T>()
    /// The op's scratch elements, kept from forward to backward (see `TensorOp.auxiliaryCount`).
    public let auxiliary = Buffer<T>()
    let indices = Buffer<Int32>()
    let labels = Buffer<Int32>()

    public var value: Buffer<T> { parameter?.value ?? ownValue }
    public var gradient: Buffer<T> { parameter?.gradient ?? ownGradient }
    public var labelValues: [Int32] { labels.array }
}

/// The matrix engine's record of a computation. Each op call computes its value at once and
/// appends a node; `backward` walks the nodes in reverse and accumulates every gradient.
///
/// A tape is reused across training steps: `reset()` rewinds it, and the node recorded at the
/// same position keeps its buffers, so a warm training step allocates nothing. The nodes are at
/// the same time the trace of the step: `trace()` reads them.
public final class Tape<T: KernelScalar> {
    public private(set) var nodes: [TapeNode<T>] = []
    /// Nodes recorded since the last reset.
    public private(set) var count = 0
    /// The loss the last `backward` started from, if gradients are current.
    public private(set) var lossOfLastBackward: Variable?
    /// Training mode: batch statistics in batch normalization. Inference uses running averages.
    public var isTraining = true
    /// A number that changes with every training step, for the ops that draw random numbers
    /// (dropout's mask): the trainer sets it from the run's seed and the step, so a run and its
    /// resumption draw the same masks.
    public var randomSeed: UInt64 = 0
    /// Moves one number of an op's result right after the op computes it, so every later op sees
    /// the moved value: the finite differences of an intermediate, for computations recorded by
    /// code rather than by a network file (`ModelComputation`).
    public var shift: NodeShift?

    public init() {}

    /// Rewinds the tape for the next step; buffers are kept.
    public func reset() {
        count = 0
        lossOfLastBackward = nil
    }

    public var variables: [Variable] { (0..<count).map(Variable.init) }

    public func node(_ v: Variable) -> TapeNode<T> { nodes[v.id] }
    public func shape(of v: Variable) -> Shape { nodes[v.id].shape }

    /// A copy of a recorded value.
    public func value(of v: Variable) -> Tensor<T> {
        let node = nodes[v.id]
        return Tensor(shape: node.shape, elements: Array(node.value.elements.prefix(node.shape.count)))
    }

    /// The value of a one-element tensor (a loss).
    public func scalar(_ v: Variable) -> T { nodes[v.id].value.pointer[0] }

    /// A copy of a gradient, when `backward` has computed one for this node.
    public func gradient(of v: Variable) -> Tensor<T>? {
        let node = nodes[v.id]
        guard let loss = lossOfLastBackward, v.id <= loss.id, node.requiresGradient else { return nil }
        return Tensor(shape: node.shape, elements: Array(node.gradient.elements.prefix(node.shape.count)))
    }

    func reference(_ id: Int) -> TensorReference<T> {
        let node = nodes[id]
        return TensorReference(
            shape: node.shape, value: node.value.pointer,
            gradient: node.requiresGradient ? node.gradient.pointer : nil,
            gradientIsFresh: node.requiresGradient && node.gradient.isFresh,
            gradientIsReadOnlyWhereNonzero: skipsUnreadGradientElements && node.requiresGradient
                && node.role == .operation && node.op.readsOutputGradientOnlyWhereOutputIsNonzero)
    }

    private func nextNode() -> TapeNode<T> {
        if count == nodes.count { nodes.append(TapeNode()) }
        let node = nodes[count]
        node.parameter = nil
        return node
    }

    // MARK: Leaves

    /// Data fed into the computation; `fill` writes its elements in place.
    public func input(
        _ name: String?, shape: Shape, requiresGradient: Bool = false,
        fill: (UnsafeMutableBufferPointer<T>) -> Void
    ) -> Variable {
        let node = nextNode()
        setLeaf(node, role: .input, name: name, shape: shape)
        node.requiresGradient = requiresGradient
        node.ownValue.reserve(shape.count)
        fill(node.ownValue.elements)
        return finish()
    }

    public func input(_ name: String?, _ tensor: Tensor<T>, requiresGradient: Bool = false) -> Variable {
        input(name, shape: tensor.shape, requiresGradient: requiresGradient) { buffer in
            _ = buffer.initialize(from: tensor.elements)
        }
    }

    /// A fixed value that takes no gradient.
    public func constant(_ name: String?, _ tensor: Tensor<T>) -> Variable {
        let node = nextNode()
        setLeaf(node, role: .constant, name: name, shape: tensor.shape)
        node.requiresGradient = false
        node.ownValue.reserve(tensor.count)
        _ = node.ownValue.elements.initialize(from: tensor.elements)
        return finish()
    }

    /// A parameter, recorded without copying: gradients accumulate into it. State that is not
    /// trained (a batch norm's running averages) is recorded with `requiresGradient: false`.
    public func parameter(_ p: Parameter<T>, requiresGradient: Bool = true) -> Variable {
        let node = nextNode()
        setLeaf(node, role: requiresGradient ? .parameter : .constant, name: p.name, shape: p.shape)
        node.parameter = p
        node.requiresGradient = requiresGradient
        return finish()
    }

    private func setLeaf(_ node: TapeNode<T>, role: NodeRole, name: String?, shape: Shape) {
        let leaf = Leaf(role: role)
        if let existing = node.op as? Leaf, existing == leaf {} else { node.op = leaf }
        node.role = role
        node.name = name
        node.inputs = NodeInputs()
        node.shape = shape
    }

    private func finish() -> Variable {
        lossOfLastBackward = nil
        count += 1
        return Variable(id: count - 1)
    }

    // MARK: Operations

    /// Records `op` applied to `inputs` and computes its value.
    @discardableResult
    public func record<Op: TensorOp>(
        _ op: Op, _ inputs: NodeInputs, name: String? = nil, labels: UnsafeBufferPointer<Int32>? = nil
    ) throws(EngineError) -> Variable {
        precondition(inputs.count == op.arity, "\(op.name) takes \(op.arity) inputs, got \(inputs.count)")
        var shapes = ShapeList(count: inputs.count)
        var requiresGradient = false
        for i in 0..<inputs.count {
            precondition(inputs[i] < count, "input \(inputs[i]) is not on the tape")
            shapes[i] = nodes[inputs[i]].shape
            requiresGradient = requiresGradient || nodes[inputs[i]].requiresGradient
        }
        let shape = try op.outputShape(shapes)
        if op.takesLabels {
            // One class label per row of the first input, each naming one of its columns.
            guard let labels else { throw EngineError("\(op.name): needs integer labels") }
            guard labels.count == shapes[0].rows else {
                throw EngineError("\(op.name): \(labels.count) labels for a batch of \(shapes[0].rows)")
            }
            for label in labels where label < 0 || Int(label) >= shapes[0].columns {
                throw EngineError("\(op.name): label \(label) is outside 0…\(shapes[0].columns - 1)")
            }
        }
        let node = nextNode()
        if let existing = node.op as? Op, existing == op {} else { node.op = op }
        node.role = .operation
        node.name = name
        node.inputs = inputs
        node.shape = shape
        node.requiresGradient = requiresGradient
        node.ownValue.reserve(shape.count)
        node.auxiliary.reserve(op.auxiliaryCount(shapes, output: shape))
        node.indices.reserve(op.indexCount(shapes, output: shape))
        if let labels {
            node.labels.reserve(labels.count)
            _ = node.labels.elements.initialize(fromContentsOf: labels)
        } else {
            node.labels.reserve(0)
        }
        op.forward(OpContext(tape: self, node: count))
        if let shift, shift.node == count, shift.element >= 0, shift.element < shape.count {
            node.value.pointer[shift.element] += T(shift.delta)
        }
        return finish()
    }

    // MARK: Backward

    /// Computes the gradient of the scalar `loss` with respect to every node before it that
    /// needs one, walking the nodes in reverse order of recording (a topological order: every
    /// node is recorded after its inputs). Gradients accumulate, so a value used twice gets
    /// both contributions; parameters' gradients are reset first.
    ///
    /// No gradient is zero-filled in advance: each starts *fresh* and takes its first
    /// contribution by assignment when the op that makes it declares `writesFreshGradients` (a
    /// matrix product writes its weight gradient, where zero-filling and then adding would pass
    /// over the buffer three times). For other ops the tape zero-fills a fresh input gradient
    /// just before their `backward`; an op's own gradient that nothing reached is zero-filled
    /// before its `backward`; and at the end every gradient still fresh is zero-filled. So each
    /// gradient holds what zeroing everything first and adding every contribution gives (a sum
    /// that starts from its first term instead of 0 + it differs at most in the sign of a zero).
    public func backward(from loss: Variable) throws(EngineError) {
        try backward(from: loss, reports: false) { _ in }
    }

    /// `backward(from:)`, calling `gradientIsFinal` once for each parameter on the tape that
    /// takes a gradient as soon as that gradient is final: right after the backward of the last
    /// op to read the parameter (the earliest recorded one, over every node of the parameter), or
    /// at the end for one that no op reads. No later backward reads the parameter, so an
    /// optimizer may update it there, while its gradient is still in cache, and get exactly what
    /// updating after `backward` gives; the gradient buffer is left as it is.
    public func backward(
        from loss: Variable, gradientIsFinal: (Parameter<T>) -> Void
    ) throws(EngineError) {
        try backward(from: loss, reports: true, gradientIsFinal)
    }

    // The closure is not optional so that it stays non-escaping: a warm step allocates nothing.
    private func backward(
        from loss: Variable, reports: Bool, _ gradientIsFinal: (Parameter<T>) -> Void
    ) throws(EngineError) {
        let lossNode = nodes[loss.id]
        guard lossNode.shape.count == 1 else {
            throw EngineError("backward: the loss must be a single number, but it has shape \(lossNode.shape)")
        }
        for id in 0...loss.id {
            let node = nodes[id]
            guard node.requiresGradient else { continue }
            node.gradient.reserve(node.shape.count)
            if handsOutFreshGradients {
                node.gradient.isFresh = true
            } else {
                node.gradient.zero()
                node.gradient.isFresh = false
            }
        }
        guard lossNode.requiresGradient else {
            if reports {
                findFinalGradients(through: loss.id)
                for k in finalGradients.indices { gradientIsFinal(nodes[finalGradients[k].node].parameter!) }
            }
            lossOfLastBackward = loss
            return
        }
        if reports { findFinalGradients(through: loss.id) }
        lossNode.gradient.pointer[0] = 1
        lossNode.gradient.isFresh = false
        for id in stride(from: loss.id, through: 0, by: -1) {
            let node = nodes[id]
            guard node.role == .operation, node.requiresGradient else { continue }
            // Nothing reached this node: its gradient is zero.
            settle(node.gradient)
            let inputs = node.inputs
            let writes = node.op.writesFreshGradients
            for i in 0..<inputs.count {
                let input = nodes[inputs[i]]
                guard input.requiresGradient, input.gradient.isFresh else { continue }
                var repeated = false
                for j in 0..<inputs.count where j != i && inputs[j] == inputs[i] { repeated = true }
                if !writes || repeated { settle(input.gradient) }
            }
            node.op.backward(OpContext(tape: self, node: id))
            for i in 0..<inputs.count where nodes[inputs[i]].requiresGradient {
                nodes[inputs[i]].gradient.isFresh = false
            }
            if reports { reportFinalGradients(after: id, gradientIsFinal) }
        }
        // Nodes the loss does not depend on (or that only reach it through ops without a path
        // back to them) get zero gradients.
        for id in 0...loss.id where nodes[id].requiresGradient { settle(nodes[id].gradient) }
        if reports { reportFinalGradients(after: .max, gradientIsFinal) }
        lossOfLastBackward = loss
    }

    /// The parameters `backward` reports as final, each with the op after whose backward its
    /// gradient is final (`Int.max`: no op reads it). Kept between steps: a warm step allocates
    /// nothing.
    private var finalGradients: [(op: Int, node: Int)] = []
    private var lastReaders: [Int] = []

    /// Finds, for each parameter that takes a gradient up to node `last`, the last backward to
    /// touch its gradient: that of the earliest recorded op reading it (backward runs in reverse),
    /// over every node of the parameter. A parameter on several nodes is listed once, by its
    /// first node.
    private func findFinalGradients(through last: Int) {
        if lastReaders.count < last + 1 { lastReaders = Array(repeating: .max, count: last + 1) }
        for id in 0...last { lastReaders[id] = .max }
        for id in 0...last where nodes[id].role == .operation && nodes[id].requiresGradient {
            let inputs = nodes[id].inputs
            for i in 0..<inputs.count where lastReaders[inputs[i]] == .max { lastReaders[inputs[i]] = id }
        }
        finalGradients.removeAll(keepingCapacity: true)
        for id in 0...last {
            guard nodes[id].role == .parameter, nodes[id].requiresGradient, let p = nodes[id].parameter else { continue }
            var first = true
            var final = Int.max
            for other in 0...last where nodes[other].role == .parameter && nodes[other].parameter === p {
                if other < id { first = false }
                final = min(final, lastReaders[other])
            }
            if first { finalGradients.append((final, id)) }
        }
    }

    /// Reports the parameters whose gradient is final after op `op`'s backward.
    private func reportFinalGradients(after op: Int, _ report: (Parameter<T>) -> Void) {
        for k in finalGradients.indices where finalGradients[k].op == op {
            report(nodes[finalGradients[k].node].parameter!)
        }
    }

    /// Zero-fills a gradient that is still fresh.
    @inline(__always)
    private func settle(_ gradient: Buffer<T>) {
        guard gradient.isFresh else { return }
        gradient.zero()
        gradient.isFresh = false
    }

    /// Whether `backward` hands fresh gradients to the ops that can write them (the default).
    /// Off, it zero-fills every gradient first and every op adds, as the engine first did: the
    /// tests compare the two.
    public var handsOutFreshGradients = true

    /// Whether `backward` may leave out the gradient elements that nothing reads (default false):
    /// where a ReLU's output is 0, its backward does not read the output's gradient, so the
    /// product that makes that gradient (dh = dz·Wᵀ) computes only the other elements. Every
    /// parameter's gradient, and so training, comes out the same, bit for bit; only those
    /// intermediate gradients hold 0 where they were left out. Training turns it on; a tape whose
    /// gradients are shown or checked (trace, explain, lessons) keeps them whole.
    public var skipsUnreadGradientElements = false
}

/// The op of a leaf node: no inputs, nothing to compute.
public struct Leaf: TensorOp {
    public let role: NodeRole
    public var name: String { role.rawValue }
    public var arity: Int { 0 }
    public func formula(_ inputs: [String]) -> String { role.rawValue }
    public var rule: String { "a leaf: its gradient is what flows into it" }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression { .upstream }
    public func outputShape(_ inputs: ShapeList) throws(EngineError) -> Shape { .scalar }
    public func forward<T: KernelScalar>(_ context: OpContext<T>) {}
    public func backward<T: KernelScalar>(_ context: OpContext<T>) {}
}
