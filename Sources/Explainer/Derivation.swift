import Engine

/// Backpropagation done by the explainer itself from a trace: starting from ∂L/∂L = 1 and walking
/// the nodes in reverse, each op's gradient expressions are evaluated (with `ExpressionEvaluator`)
/// on the gradient this derivation has reached so far, and every consumer's contribution is added
/// to its input, so a value used twice gets both. Only the forward values come from the trace;
/// the gradients are the derivation's own, to be compared with the tape's.
public struct Derivation: Sendable {
    /// One consumer's share of a node's gradient: `∂L/∂consumer · ∂consumer/∂node`.
    public struct Contribution: Sendable {
        /// The op that used the node.
        public let consumer: Int
        /// Which input of the consumer the node is (a node may be several inputs of one op).
        public let inputIndex: Int
        public let expression: GradientExpression
        public let value: Matrix
        /// The named pieces of the expression (`x̂`, `μ`) with their values.
        public let definitions: [(name: String, value: Matrix)]
    }

    /// How one node's gradient was obtained.
    public struct Step: Sendable {
        public let node: Int
        public let contributions: [Contribution]
        /// The sum of the contributions, in the node's shape (row-major).
        public let gradient: [Double]
    }

    public let trace: Trace
    /// The steps by node id; nil for nodes that take no gradient or that the loss does not use.
    public let steps: [Step?]
    /// Whether each node takes a gradient: parameters, inputs the tape differentiated, and every
    /// op with such an input.
    public let takesGradient: [Bool]

    public init(trace: Trace) throws(DerivationError) {
        guard let lossID = trace.lossID else {
            throw DerivationError("the trace has no backward pass: run backward before deriving gradients")
        }
        self.trace = trace
        let nodes = trace.nodes
        var takes = [Bool](repeating: false, count: nodes.count)
        for node in nodes {
            switch node.role {
            case .parameter: takes[node.id] = true
            case .input: takes[node.id] = node.gradient != nil
            case .constant: takes[node.id] = false
            case .operation: takes[node.id] = node.inputs.contains { takes[$0] }
            }
        }
        takesGradient = takes

        // Reached gradients, and the contributions that built them.
        var reached = [Matrix?](repeating: nil, count: nodes.count)
        var contributions = [[Contribution]](repeating: [], count: nodes.count)
        reached[lossID] = .scalar(1)
        for id in stride(from: lossID, through: 0, by: -1) {
            let node = nodes[id]
            guard node.role == .operation, takes[id], let upstream = reached[id] else { continue }
            let environment = ExpressionEnvironment(
                upstream: upstream, output: Matrix(node.value, shape: node.shape),
                inputs: node.inputs.map { Matrix(nodes[$0].value, shape: nodes[$0].shape) }, labels: node.labels,
                outputShape: node.shape, inputShapes: node.inputs.map { nodes[$0].shape })
            for (k, input) in node.inputs.enumerated() where takes[input] {
                guard k < node.gradients.count else {
                    throw DerivationError("\(node.name) (\(node.op)) gives no gradient expression for input \(k + 1)")
                }
                var evaluator = ExpressionEvaluator(environment)
                let value: Matrix
                do {
                    value = try evaluator.evaluate(node.gradients[k])
                } catch {
                    throw DerivationError("\(Trace.gradientName(nodes[input].name)) from \(node.name) (\(node.op)): \(error.message)")
                }
                let target = nodes[input].shape
                guard value.count == target.count else {
                    throw DerivationError(
                        "\(Trace.gradientName(nodes[input].name)) from \(node.name) (\(node.op)): the expression gives \(value.shapeDescription), "
                            + "the input is \(target)")
                }
                let shaped = Matrix(value.elements, shape: target)
                contributions[input].append(
                    Contribution(consumer: id, inputIndex: k, expression: node.gradients[k], value: shaped,
                                 definitions: evaluator.definitions))
                if var total = reached[input] {
                    for i in 0..<total.count { total.elements[i] += shaped.elements[i] }
                    reached[input] = total
                } else {
                    reached[input] = shaped
                }
            }
        }
        var steps = [Step?](repeating: nil, count: nodes.count)
        for id in 0..<nodes.count {
            guard takes[id], let gradient = reached[id] else { continue }
            steps[id] = Step(node: id, contributions: contributions[id], gradient: gradient.elements)
        }
        self.steps = steps
    }

    /// The derived gradient of a node, or nil when it takes none.
    public func gradient(of node: Int) -> [Double]? { steps[node]?.gradient }

    /// The nodes with a derived gradient, from the loss back (the order backward visits them).
    public var derivedNodes: [Int] { steps.compactMap { $0?.node }.reversed() }
}
