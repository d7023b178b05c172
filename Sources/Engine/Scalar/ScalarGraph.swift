import Support

/// The scalar engine: a graph of single numbers, micrograd-style, stored as flat arrays so that
/// building and differentiating millions of nodes stays fast (no object per number).
///
/// Every operation is evaluated when it is created, together with its local derivatives, so the
/// creation order is a topological order and `backward` is one reverse loop:
/// grad[input] += local derivative × grad[node]. Gradients accumulate, so a value used twice
/// gets both contributions.
///
/// One record per node in one array, so that recording a node is one append (one capacity and
/// uniqueness check, not six). The array is a class property mutated on every node, so Swift
/// would check exclusive access to it at run time on each one (beginAccess/endAccess through
/// thread-local storage: 60% of the time of micrograd's demo); every access is a short append or
/// read inside a method that calls out to nothing, so `@exclusivity(unchecked)` drops the check.
public final class ScalarGraph {
    /// A node: its op, inputs (−1 for none), value and local derivatives.
    struct Node {
        var op: ScalarOp
        var lhs: Int32
        var rhs: Int32
        var value: Double
        var localLHS: Double
        var localRHS: Double
    }

    @exclusivity(unchecked) private var nodes: [Node] = []
    @exclusivity(unchecked) public private(set) var gradients: [Double] = []
    @exclusivity(unchecked) private var names: [Int: String] = [:]
    /// The elementwise ops that `.function` nodes apply; the first ones at fixed positions
    /// (`Builtin`) so that `Scalar.tanh()` and the like need no lookup.
    @exclusivity(unchecked) private var functions: [any ElementwiseOp] = [Tanh(), ReLU(), Sigmoid(), Exp(), Log(), Negate()]

    fileprivate enum Builtin {
        static let tanh: Int32 = 0, relu: Int32 = 1, sigmoid: Int32 = 2, exp: Int32 = 3, log: Int32 = 4, negate: Int32 = 5
    }
    /// The output of the last `backward`.
    @exclusivity(unchecked) public private(set) var outputOfLastBackward: Int?

    public init() {}

    public var count: Int { nodes.count }
    /// Every node's op, in creation order.
    public var ops: [ScalarOp] { nodes.map(\.op) }
    /// Every node's value, in creation order.
    public var values: [Double] { nodes.map(\.value) }

    /// The value of node `id`.
    @inline(__always)
    public func value(of id: Int) -> Double { nodes[id].value }

    /// The gradient of node `id` from the last `backward` (0 before it).
    @inline(__always)
    public func gradient(of id: Int) -> Double { id < gradients.count ? gradients[id] : 0 }

    /// Forgets every node but keeps the memory, for the next step.
    public func reset() {
        nodes.removeAll(keepingCapacity: true)
        gradients.removeAll(keepingCapacity: true)
        if !names.isEmpty { names.removeAll(keepingCapacity: true) }
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

    /// Applies an arithmetic op (`.add`, `.subtract`, `.multiply`, `.divide`) to two nodes.
    public func apply(_ op: ScalarOp, _ a: Scalar, _ b: Scalar, name: String? = nil) -> Scalar {
        precondition(a.graph === self && b.graph === self, "values from different graphs")
        precondition(op.arity == 2, "apply(_:_:_:) takes an arithmetic op; use apply(function:) for \(op)")
        let r = op.evaluateArithmetic(nodes[a.id].value, nodes[b.id].value)
        return append(op, value: r.value, lhs: Int32(a.id), rhs: Int32(b.id), da: r.da, db: r.db, name: name)
    }

    /// Applies an elementwise op to a node.
    public func apply<Op: ElementwiseOp>(function: Op, _ a: Scalar, name: String? = nil) -> Scalar {
        apply(functionAt: position(of: function), a, name: name)
    }

    fileprivate func apply(functionAt index: Int32, _ a: Scalar, name: String? = nil) -> Scalar {
        precondition(a.graph === self, "values from different graphs")
        let x = nodes[a.id].value
        // The built-in functions are called on their concrete types (inlined, as a network of
        // scalars applies them millions of times); any other through the list.
        let r: (value: Double, derivative: Double)
        switch index {
        case Builtin.tanh: r = Self.evaluate(Tanh(), x)
        case Builtin.relu: r = Self.evaluate(ReLU(), x)
        case Builtin.sigmoid: r = Self.evaluate(Sigmoid(), x)
        case Builtin.exp: r = Self.evaluate(Exp(), x)
        case Builtin.log: r = Self.evaluate(Log(), x)
        case Builtin.negate: r = Self.evaluate(Negate(), x)
        default:
            let f = functions[Int(index)]
            let y = f.value(x)
            r = (y, f.derivative(x, output: y))
        }
        return append(.function(index), value: r.value, lhs: Int32(a.id), rhs: -1, da: r.derivative, db: 0, name: name)
    }

    @inline(__always)
    private static func evaluate<Op: ElementwiseOp>(_ op: Op, _ x: Double) -> (value: Double, derivative: Double) {
        let y = op.value(x)
        return (y, op.derivative(x, output: y))
    }

    /// Where `function` is in `functions`, added if it is new.
    private func position<Op: ElementwiseOp>(of function: Op) -> Int32 {
        for (i, f) in functions.enumerated() {
            if let f = f as? Op, f == function { return Int32(i) }
        }
        functions.append(function)
        return Int32(functions.count - 1)
    }

    /// The tensor op that describes node `id`'s op.
    private func tensorOp(_ op: ScalarOp) -> (any TensorOp)? {
        if case .function(let i) = op { return functions[Int(i)] }
        return op.arithmeticOp
    }

    @inline(__always)
    private func append(
        _ op: ScalarOp, value: Double, lhs a: Int32, rhs b: Int32, da: Double, db: Double, name: String?
    ) -> Scalar {
        let id = nodes.count
        nodes.append(Node(op: op, lhs: a, rhs: b, value: value, localLHS: da, localRHS: db))
        if let name { names[id] = name }
        outputOfLastBackward = nil
        return Scalar(graph: self, id: id)
    }

    public func name(of id: Int) -> String? { names[id] }

    /// Names a node after the fact (`let loss = (…).named("L")`).
    public func setName(_ name: String, of id: Int) { names[id] = name }

    public func inputs(of id: Int) -> [Int] {
        let node = nodes[id]
        switch node.op.arity {
        case 0: return []
        case 1: return [Int(node.lhs)]
        default: return [Int(node.lhs), Int(node.rhs)]
        }
    }

    /// The local derivatives of node `id` with respect to its inputs, computed at its creation.
    public func localDerivatives(of id: Int) -> [Double] {
        Array([nodes[id].localLHS, nodes[id].localRHS].prefix(nodes[id].op.arity))
    }

    /// Computes d output / d node for every node up to `output`, in reverse creation order.
    public func backward(from output: Scalar) {
        let n = output.id + 1
        gradients.removeAll(keepingCapacity: true)
        gradients.append(contentsOf: repeatElement(0, count: nodes.count))
        gradients[output.id] = 1
        nodes.withUnsafeBufferPointer { nodes in
            gradients.withUnsafeMutableBufferPointer { grad in
                var id = n - 1
                while id >= 0 {
                    let g = grad[id]
                    if g != 0 {
                        let node = nodes[id]
                        if node.lhs >= 0 { grad[Int(node.lhs)] += node.localLHS * g }
                        if node.rhs >= 0 { grad[Int(node.rhs)] += node.localRHS * g }
                    }
                    id -= 1
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
        var seen: [String: Int] = [:]
        let hasGradients = outputOfLastBackward.map { $0 >= last } ?? false
        for id in 0..<count where id <= last && needed[id] {
            let op = self.nodes[id].op
            let inputs = inputs(of: id).map { newID[$0] }
            let shapes = ShapeList(Array(repeating: .scalar, count: inputs.count))
            let operation = tensorOp(op)
            let opName = operation?.name ?? (op == .input ? "input" : "constant")
            let role: NodeRole = op == .input ? .input : op == .constant ? .constant : .operation
            let formula = operation.map { Trace.formula(of: $0, inputs: inputs.map { traceNames[$0] }, shapes: shapes) } ?? opName
            let given = names[id] ?? (op == .constant ? NumberFormat.compact(self.nodes[id].value) : Trace.unnamed(formula))
            let name = Trace.distinct(given, role: role, seen: &seen)
            newID[id] = nodes.count
            traceNames.append(name)
            nodes.append(
                Trace.Node(
                    id: nodes.count, name: name, op: opName,
                    role: role,
                    inputs: inputs, shape: .scalar, value: [self.nodes[id].value],
                    gradient: hasGradients ? [gradients[id]] : nil,
                    formula: formula,
                    rule: operation?.rule(for: shapes) ?? "",
                    gradients: operation.map { o in (0..<inputs.count).map { o.gradient(of: $0, inputs: shapes) } } ?? [],
                    labels: nil, operation: operation))
        }
        return Trace(nodes: nodes, lossID: hasGradients && last >= 0 ? newID[last] : nil)
    }
}

/// One number in a `ScalarGraph`, with arithmetic that records as it computes.
public struct Scalar: CustomStringConvertible {
    public let graph: ScalarGraph
    public let id: Int

    public var value: Double { graph.value(of: id) }
    /// The gradient from the last `backward` (0 before it).
    public var gradient: Double { graph.gradient(of: id) }

    public var description: String { "Scalar(\(value), grad: \(gradient))" }

    public func named(_ name: String) -> Scalar {
        graph.setName(name, of: id)
        return self
    }

    public func exp() -> Scalar { graph.apply(functionAt: ScalarGraph.Builtin.exp, self) }
    public func log() -> Scalar { graph.apply(functionAt: ScalarGraph.Builtin.log, self) }
    public func tanh() -> Scalar { graph.apply(functionAt: ScalarGraph.Builtin.tanh, self) }
    public func sigmoid() -> Scalar { graph.apply(functionAt: ScalarGraph.Builtin.sigmoid, self) }
    public func relu() -> Scalar { graph.apply(functionAt: ScalarGraph.Builtin.relu, self) }
    public func pow(_ exponent: Double) -> Scalar { graph.apply(function: Power(exponent), self) }

    public func backward() { graph.backward(from: self) }

    public static func + (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.add, a, b) }
    public static func - (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.subtract, a, b) }
    public static func * (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.multiply, a, b) }
    public static func / (a: Scalar, b: Scalar) -> Scalar { a.graph.apply(.divide, a, b) }
    public static prefix func - (a: Scalar) -> Scalar { a.graph.apply(functionAt: ScalarGraph.Builtin.negate, a) }

    public static func + (a: Scalar, b: Double) -> Scalar { a + a.graph.constant(b) }
    public static func - (a: Scalar, b: Double) -> Scalar { a - a.graph.constant(b) }
    public static func * (a: Scalar, b: Double) -> Scalar { a * a.graph.constant(b) }
    public static func / (a: Scalar, b: Double) -> Scalar { a / a.graph.constant(b) }
    public static func + (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) + b }
    public static func - (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) - b }
    public static func * (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) * b }
    public static func / (a: Double, b: Scalar) -> Scalar { b.graph.constant(a) / b }
}
