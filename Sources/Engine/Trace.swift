import Kernels

/// The record of one run of a computation: for every node, in execution order, what it is, what
/// it was computed from, its value and (after backward) its gradient, with the op's formula,
/// derivative rule and gradient expressions. Printing, JSON export, graph drawing, derivations
/// and numeric checks all read this one record. Values are kept in Double whatever the engine
/// computed in.
public struct Trace: Sendable {
    public struct Node: Sendable {
        public let id: Int
        /// The given name, or the op's name and the id (`matmul_3`).
        public let name: String
        public let op: String
        public let role: NodeRole
        public let inputs: [Int]
        public let shape: Shape
        public let value: [Double]
        /// Nil when no gradient was computed for this node.
        public let gradient: [Double]?
        /// The forward formula with the inputs' names, e.g. `x · W1`.
        public let formula: String
        /// The op's local-derivative rule.
        public let rule: String
        /// For each input, its gradient as an expression of this node's upstream gradient.
        public let gradients: [GradientExpression]
        /// The integer labels of a loss node.
        public let labels: [Int]?

        public init(
            id: Int, name: String, op: String, role: NodeRole, inputs: [Int], shape: Shape,
            value: [Double], gradient: [Double]?, formula: String, rule: String,
            gradients: [GradientExpression], labels: [Int]?
        ) {
            self.id = id
            self.name = name
            self.op = op
            self.role = role
            self.inputs = inputs
            self.shape = shape
            self.value = value
            self.gradient = gradient
            self.formula = formula
            self.rule = rule
            self.gradients = gradients
            self.labels = labels
        }
    }

    public var nodes: [Node]
    /// The node backward started from, if it ran.
    public var lossID: Int?

    public init(nodes: [Node], lossID: Int?) {
        self.nodes = nodes
        self.lossID = lossID
    }

    public var loss: Double? { lossID.map { nodes[$0].value.first ?? .nan } }

    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }

    /// The names of a node's inputs.
    public func inputNames(of node: Node) -> [String] { node.inputs.map { nodes[$0].name } }
}

extension Tape {
    /// The trace of everything recorded since the last reset, with gradients if `backward` ran.
    public func trace() -> Trace {
        var names: [String] = []
        var result: [Trace.Node] = []
        result.reserveCapacity(count)
        let loss = lossOfLastBackward
        for id in 0..<count {
            let node = nodes[id]
            let name = node.name ?? "\(node.op.name)_\(id)"
            names.append(name)
            let inputs = node.inputs.array
            var shapes = ShapeList(count: inputs.count)
            for (i, input) in inputs.enumerated() { shapes[i] = nodes[input].shape }
            let hasGradient = loss.map { id <= $0.id } ?? false && node.requiresGradient
            let n = node.shape.count
            result.append(
                Trace.Node(
                    id: id, name: name, op: node.op.name, role: node.role, inputs: inputs, shape: node.shape,
                    value: doubles(node.value.pointer, count: n),
                    gradient: hasGradient ? doubles(node.gradient.pointer, count: n) : nil,
                    formula: node.role == .operation ? node.op.formula(inputs.map { names[$0] }) : node.role.rawValue,
                    rule: node.role == .operation ? node.op.rule : "",
                    gradients: node.role == .operation ? (0..<inputs.count).map { node.op.gradient(of: $0, inputs: shapes) } : [],
                    labels: node.op.takesLabels ? node.labelValues.map(Int.init) : nil))
        }
        return Trace(nodes: result, lossID: loss?.id)
    }
}

/// The first `count` elements from `pointer` as Doubles. This runs in the tape's generic code,
/// which is not specialized for the element type, so an element-by-element `Double(x)` would go
/// through protocol witnesses for every number (the gradient check, which records a trace for
/// every shifted forward pass, spent most of its time there); the two real element types get a
/// copy and a plain conversion loop.
func doubles<T: KernelScalar>(_ pointer: UnsafePointer<T>, count: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        let raw = UnsafeRawPointer(pointer)
        if T.self == Double.self {
            buffer.baseAddress!.update(from: raw.assumingMemoryBound(to: Double.self), count: count)
        } else if T.self == Float.self {
            let floats = raw.assumingMemoryBound(to: Float.self)
            for i in 0..<count { buffer[i] = Double(floats[i]) }
        } else {
            for i in 0..<count { buffer[i] = Double(pointer[i]) }
        }
        initialized = count
    }
}
