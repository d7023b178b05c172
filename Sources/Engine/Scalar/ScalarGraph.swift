/// The scalar engine: a graph of single numbers, micrograd-style, stored as flat arrays so that
/// building and differentiating millions of nodes stays fast (no object per number).
///
/// Every operation is evaluated when it is created, together with its local derivatives, so the
/// creation order is a topological order and `backward` is one reverse loop:
/// grad[input] += local derivative × grad[node]. Gradients accumulate, so a value used twice
/// gets both contributions.
public final class ScalarGraph {
    public private(set) var ops: [ScalarOp] = []
    private var lhs: [Int32] = []
    private var rhs: [Int32] = []
    public private(set) var values: [Double] = []
    public private(set) var gradients: [Double] = []
    private var localLHS: [Double] = []
    private var localRHS: [Double] = []
    private var names: [Int: String] = [:]
    /// The output of the last `backward`.
    public private(set) var outputOfLastBackward: Int?

    public init() {}

    public var count: Int { ops.count }

    /// Forgets every node but keeps the memory, for the next step.
    public func reset() {
        ops.removeAll(keepingCapacity: true)
        lhs.removeAll(keepingCapacity: true)
        rhs.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        gradients.removeAll(keepingCapacity: true)
        localLHS.removeAll(keepingCapacity: true)
        localRHS.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        outputOfLastBackward = nil
    }

    /// A named input (a leaf that takes a gradient).
    public func input(_ value: Double, name: String? = nil) -> Scalar {
        append(.input, value: value, lhs: -1, rhs: -1, da: 0, db: 0, name: name)
    }

    /// A constant (a leaf; its gradient is computed but means nothing to the caller).
    public func constant(_ value: Double) -> Scalar {
        append(.constant, value: value, lhs: -1, rhs: -1, da: 0, db: 0, name: nil)
    }

    /// Applies `op` to one or two nodes.
    public func apply(_ op: ScalarOp, _ a: Scalar, _ b: Scalar? = nil, name: String? = nil) -> Scalar {
        precondition(a.graph === self && (b == nil || b!.graph === self), "values from different graphs")
        precondition(op.arity == (b == nil ? 1 : 2), "\(op.definition.name) takes \(op.arity) operands")
        let r = op.evaluate(values[a.id], b.map { values[$0.id] } ?? 0)
        return append(op, value: r.value, lhs: Int32(a.id), rhs: Int32(b?.id ?? -1), da: r.da, db: r.db, name: name)
    }

    @inline(__always)
    private func append(
        _ op: ScalarOp, value: Double, lhs a: Int32, rhs b: Int32, da: Double, db: Double, name: String?
    ) -> Scalar {
        let id = ops.count
        ops.append(op)
        lhs.append(a)
        rhs.append(b)
        values.append(value)
        localLHS.append(da)
        localRHS.append(db)
        if let name { names[id] = name }
        outputOfLastBackward = nil
        return Scalar(graph: self, id: id)
    }

    public func name(of id: Int) -> String? { names[id] }

    /// Names a node after the fact (`let loss = (…).named("L")`).
    public func setName(_ name: String, of id: Int) { names[id] = name }

    public func inputs(of id: Int) -> [Int] {
        switch ops[id].arity {
        case 0: []
        case 1: [Int(lhs[id])]
        default: [Int(lhs[id]), Int(rhs[id])]
        }
    }

    /// The local derivatives of node `id` with respect to its inputs, computed at its creation.
    public func localDerivatives(of id: Int) -> [Double] {
        Array([localLHS[id], localRHS[id]].prefix(ops[id].arity))
    }

    /// Computes d output / d node for every node up to `output`, in reverse creation order.
    public func backward(from output: Scalar) {
        let n = output.id + 1
        gradients.removeAll(keepingCapacity: true)
        gradients.append(contentsOf: repeatElement(0, count: ops.count))
        gradients[output.id] = 1
        lhs.withUnsafeBufferPointer { lhs in
            rhs.withUnsafeBufferPointer { rhs in
                localLHS.withUnsafeBufferPointer { da in
                    localRHS.withUnsafeBufferPointer { db in
                        gradients.withUnsafeMutableBufferPointer { grad in
                            var id = n - 1
                            while id >= 0 {
                                let g = grad[id]
                                if g != 0 {
                                    let a = Int(lhs[id]), b = Int(rhs[id])
                                    if a >= 0 { grad[a] += da[id] * g }
                                    if b >= 0 { grad[b] += db[id] * g }
                                }
                                id -= 1
                            }
                        }
                    }
                }
            }
        }
        outputOfLastBackward = output.id
    }

    /// The trace of the nodes that `output` depends on (all nodes when nil), in creation order.
    public func trace(of output: Scalar? = nil) -> Trace {
        let last = output?.id ?? (count - 1)
        var needed = [Bool](repeating: output == nil, count: count)
        if output != nil, last >= 0 {
            needed[last] = true
            for id in stride(from: last, through: 0, by: -1) where needed[id] {
                for input in inputs(of: id) { needed[input] = true }
            }
        }
        var newID = [Int](repeating: -1, count: count)
        var nodes: [Trace.Node] = []
        var traceNames: [String] = []
        let hasGradients = outputOfLastBackward.map { $0 >= last } ?? false
        for id in 0..<count where id <= last && needed[id] {
            let op = ops[id]
            let definition = op.definition
            let name = names[id] ?? (op == .constant ? NumberFormat.compact(values[id]) : "\(definition.name)_\(nodes.count)")
            let inputs = inputs(of: id).map { newID[$0] }
            newID[id] = nodes.count
            traceNames.append(name)
            nodes.append(
                Trace.Node(
                    id: nodes.count, name: name, op: definition.name,
                    role: op == .input ? .input : op == .constant ? .constant : .operation,
                    inputs: inputs, shape: .scalar, value: [values[id]],
                    gradient: hasGradients ? [gradients[id]] : nil,
                    formula: definition.formula(inputs.map { traceNames[$0] }), rule: definition.rule,
                    gradients: definition.gradients, labels: nil))
        }
        return Trace(nodes: nodes, lossID: hasGradients && last >= 0 ? newID[last] : nil)
    }
}

/// One number in a `ScalarGraph`, with arithmetic that records as it computes.
public struct Scalar: CustomStringConvertible {
    public let graph: ScalarGraph
    public let id: Int

    public var value: Double { graph.values[id] }
    /// The gradient from the last `backward` (0 before it).
    public var gradient: Double { id < graph.gradients.count ? graph.gradients[id] : 0 }

    public var description: String { "Scalar(\(value), grad: \(gradient))" }

    public func named(_ name: String) -> Scalar {
        graph.setName(name, of: id)
        return self
    }

    public func exp() -> Scalar { graph.apply(.exp, self) }
    public func log() -> Scalar { graph.apply(.log, self) }
    public func tanh() -> Scalar { graph.apply(.tanh, self) }
    public func sigmoid() -> Scalar { graph.apply(.sigmoid, self) }
    public func relu() -> Scalar { graph.apply(.relu, self) }
    public func pow(_ exponent: Double) -> Scalar { graph.apply(.power(exponent), self) }

    public func backward() { graph.backward(from: self) }

    public static func + (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.add, a, b) }
    public static func - (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.subtract, a, b) }
    public static func * (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.multiply, a, b) }
    public static func / (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.divide, a, b) }
    public static prefix func - (a: Scalar) -> Scalar { a.graph.apply(.negate, a) }

    public static func + (a: Scalar, b: Double) -> Scalar { a + a.graph.constant(b) }
    public static func - (a: Scalar, b: Double) -> Scalar { a - a.graph.constant(b) }
    public static func * (a: Scalar, b: Double) -> Scalar { a * a.graph.constant(b) }
    public static func / (a: Scalar, b: Double) -> Scalar { a / a.graph.constant(b) }
    public static func + (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) + b }
    public static func - (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) - b }
    public static func * (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) * b }
    public static func / (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) / b }
}
