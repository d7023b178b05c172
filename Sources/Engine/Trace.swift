import Foundation
import Kernels
import Support

/// The record of one run of a computation: for every node, in execution order, what it is, what
/// it was computed from, its value and (after backward) its gradient, with the op's formula,
/// derivative rule and gradient expressions. Printing, JSON export, graph drawing, derivations
/// and numeric checks all read this one record. Values are kept in Double whatever the engine
/// computed in.
public struct Trace: Sendable {
    public struct Node: Sendable {
        public let id: Int
        /// The name given where the node was made: a name from the file or program (`z1`,
        /// `xW1`), or the expression that computes it as written there (`x @ W1`, `sum(e ^ 2)`);
        /// a node made without one is named by its formula. Where the same text names two
        /// nodes, the later ones end in ` #2`, ` #3`.
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
        /// The op itself (nil for inputs, parameters and constants): what the checker asks
        /// where its derivative has kinks, and the non-finite report why a value overflowed.
        public let operation: (any TensorOp)?
        /// The gradient the learner stated for this node (`grad NAME = …` in a network file),
        /// beside the tape's `gradient`; nil when none was stated.
        public var stated: [Double]? = nil
        /// The stated gradient's shape, which may differ from the node's when it is wrong.
        public var statedShape: Shape? = nil

        public init(
            id: Int, name: String, op: String, role: NodeRole, inputs: [Int], shape: Shape,
            value: [Double], gradient: [Double]?, formula: String, rule: String,
            gradients: [GradientExpression], labels: [Int]?, operation: (any TensorOp)? = nil
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
            self.operation = operation
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

    /// A name as an operand of a formula: itself when it is a plain name, a number or a call
    /// (`W1`, `0.5`, `sum(e ^ 2)`), else in parentheses (`(x @ W1)`), so that `(x @ W1) + b1`
    /// and `(x @ W1)[0,1]` read right.
    public static func operand(_ name: String) -> String {
        isPlain(name) || isCall(name) ? name : "(" + name + ")"
    }

    /// A name after `d` or `∂`: itself when it is a plain name or a number, else in parentheses
    /// (`∂(x @ W1)/∂W1`, `d(sum(e ^ 2))`).
    public static func differentiated(_ name: String) -> String { isPlain(name) ? name : "(" + name + ")" }

    /// The gradient of a node with this name: `dW1`, `d(x @ W1)`.
    public static func gradientName(_ name: String) -> String { "d" + differentiated(name) }

    private static func isPlain(_ name: String) -> Bool {
        guard let first = name.first else { return true }
        if first.isLetter || first == "_" { return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }
        return Double(name) != nil
    }

    /// `f(…)`: a name, then parentheses that close at the end and nowhere before.
    private static func isCall(_ name: String) -> Bool {
        guard let open = name.firstIndex(of: "("), open > name.startIndex, name.last == ")",
            isPlain(String(name[..<open]))
        else { return false }
        var depth = 0
        for (k, c) in name[open...].enumerated() {
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0 && k < name.distance(from: open, to: name.endIndex) - 1 { return false }
        }
        return depth == 0
    }

    /// An op's formula with its inputs' names, each an operand (`(x @ W1) + b1`) except where
    /// the formula already brackets it alone (`σ(x @ W1 + b1)`, `sum(e ^ 2)`).
    public static func formula(of op: any TensorOp, inputs names: [String], shapes: ShapeList) -> String {
        let operands = names.map(operand)
        var text = op.formula(operands, shapes: shapes)
        for (name, wrapped) in zip(names, operands) where wrapped != name {
            for (open, close) in [("(", ")"), ("(", ","), ("(", ";"), (", ", ")")] {
                text = text.replacingOccurrences(of: open + wrapped + close, with: open + name + close)
            }
        }
        return text
    }

    /// The name of a node made without one (by Swift code that records ops directly): its
    /// formula, cut short past `longestFormulaName` characters (a chain of unnamed nodes would
    /// otherwise nest every formula before it).
    static func unnamed(_ formula: String) -> String {
        formula.count <= longestFormulaName ? formula : String(formula.prefix(longestFormulaName - 1)) + "…"
    }

    static let longestFormulaName = 40

    /// Names made unique: a name that an earlier node has gets ` #2`, ` #3` (leaves keep theirs:
    /// constants are named by their value, which may repeat).
    static func distinct(_ name: String, role: NodeRole, seen: inout [String: Int]) -> String {
        let count = (seen[name] ?? 0) + 1
        seen[name] = count
        guard count > 1, role == .operation else { return name }
        var k = count
        var candidate = "\(name) #\(k)"
        while seen[candidate] != nil {
            k += 1
            candidate = "\(name) #\(k)"
        }
        seen[candidate] = 1
        return candidate
    }
}

extension Tape {
    /// The trace of everything recorded since the last reset, with gradients if `backward` ran.
    public func trace() -> Trace {
        var names: [String] = []
        var seen: [String: Int] = [:]
        var result: [Trace.Node] = []
        result.reserveCapacity(count)
        let loss = lossOfLastBackward
        for id in 0..<count {
            let node = nodes[id]
            let inputs = node.inputs.array
            var shapes = ShapeList(count: inputs.count)
            for (i, input) in inputs.enumerated() { shapes[i] = nodes[input].shape }
            let formula = node.role == .operation ? Trace.formula(of: node.op, inputs: inputs.map { names[$0] }, shapes: shapes) : node.role.rawValue
            let name = Trace.distinct(node.name ?? Trace.unnamed(formula), role: node.role, seen: &seen)
            names.append(name)
            let hasGradient = loss.map { id <= $0.id } ?? false && node.requiresGradient
            let n = node.shape.count
            result.append(
                Trace.Node(
                    id: id, name: name, op: node.op.name, role: node.role, inputs: inputs, shape: node.shape,
                    value: doubles(node.value.pointer, count: n),
                    gradient: hasGradient ? doubles(node.gradient.pointer, count: n) : nil,
                    formula: formula,
                    rule: node.role == .operation ? node.op.rule(for: shapes) : "",
                    gradients: node.role == .operation ? (0..<inputs.count).map { node.op.gradient(of: $0, inputs: shapes) } : [],
                    labels: node.op.takesLabels ? node.labelValues.map(Int.init) : nil,
                    operation: node.role == .operation ? node.op : nil))
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

/// Where a run first produced a NaN or an infinity, and a sentence saying so: the node, the op
/// with its formula, the element, and the inputs it was computed from.
public struct NonFiniteFinding: Sendable, Equatable {
    public enum Kind: Sendable { case value, gradient }
    public let kind: Kind
    public let node: Int
    public let element: Int
    public let number: Double
    /// `the loss is NaN: node 'y' = log(z) is NaN first (log of -2 at z[0,1])`.
    public let message: String

    public init(kind: Kind, node: Int, element: Int, number: Double, message: String) {
        self.kind = kind
        self.node = node
        self.element = element
        self.number = number
        self.message = message
    }
}

extension Trace {
    /// The first node in execution order whose value holds a NaN or an infinity, with the first
    /// such element; of the nodes the loss is computed from when there is a loss (a value shown
    /// but unused, such as a lesson's demonstration of exp overflowing, harms nothing).
    public var firstNonFiniteValue: (node: Int, element: Int)? {
        let used = lossAncestors
        for node in nodes where used?[node.id] ?? true {
            if let k = node.value.firstIndex(where: { !$0.isFinite }) { return (node.id, k) }
        }
        return nil
    }

    /// Whether the loss is computed from each node (the loss itself included); nil without a loss.
    public var lossAncestors: [Bool]? {
        guard let lossID, lossID < nodes.count else { return nil }
        var used = [Bool](repeating: false, count: nodes.count)
        used[lossID] = true
        for id in stride(from: lossID, through: 0, by: -1) where used[id] {
            for input in nodes[id].inputs where input < nodes.count { used[input] = true }
        }
        return used
    }

    /// The first node in backward order (from the loss back) whose gradient holds a NaN or an
    /// infinity; `gradient` gives the gradients to look at (the trace's own, from the backward
    /// pass, by default).
    public func firstNonFiniteGradient(_ gradient: ((Int) -> [Double]?)? = nil) -> (node: Int, element: Int)? {
        for node in nodes.reversed() {
            let values = gradient.map { $0(node.id) } ?? node.gradient
            if let k = values?.firstIndex(where: { !$0.isFinite }) { return (node.id, k) }
        }
        return nil
    }

    /// The first non-finite value (in execution order) or, when every value is finite, the first
    /// non-finite gradient (in backward order), described; nil when everything is finite.
    public func nonFiniteFinding(gradient: ((Int) -> [Double]?)? = nil) -> NonFiniteFinding? {
        if let (id, k) = firstNonFiniteValue {
            let node = nodes[id]
            let x = node.value[k]
            var message = ""
            if let loss, !loss.isFinite, id != lossID { message = "the loss is \(Self.word(loss)): " }
            if node.role != .operation {
                message += "node '\(node.name)' (\(node.role.rawValue)) holds \(Self.word(x))"
                    + (node.shape.rank == 0 ? "" : " at \(Self.operand(node.name))\(Self.position(k, in: node.shape))")
            } else if let hint = Self.hint(node, element: k, inputs: node.inputs.map { nodes[$0] }) {
                message += "node '\(node.name)' = \(node.formula) is \(Self.word(x)) first (\(hint))"
            } else {
                message += "node '\(node.name)' = \(node.formula) is \(Self.word(x)) first"
                if node.shape.rank > 0 { message += ", at \(Self.operand(node.name))\(Self.position(k, in: node.shape))" }
                let inputs = inputTexts(of: node, element: k)
                if !inputs.isEmpty { message += ", from " + inputs.joined(separator: " and ") }
            }
            return NonFiniteFinding(kind: .value, node: id, element: k, number: x, message: message)
        }
        if let (id, k) = firstNonFiniteGradient(gradient) {
            let node = nodes[id]
            let g = (gradient.map { $0(id) } ?? node.gradient)?[k] ?? .nan
            var message = "the gradient \(Self.gradientName(node.name)) is \(Self.word(g)) first (from the loss back), at "
                + "\(Self.operand(node.name))\(Self.position(k, in: node.shape)) = \(Self.number(node.value[k]))"
            // Every later gradient is finite, so the infinity comes from a local derivative of a
            // consumer of this node.
            let consumers = nodes.filter { $0.inputs.contains(id) && $0.role == .operation }
            if !consumers.isEmpty {
                message += ", through " + consumers.prefix(3).map { "'\($0.name)' = \($0.formula)" }.joined(separator: " and ")
            }
            return NonFiniteFinding(kind: .gradient, node: id, element: k, number: g, message: message)
        }
        return nil
    }

    /// `x[0,1] = -2` for each input element that `node`'s element `k` was computed from, when the
    /// input has the node's shape, is a single number, or is a row repeated down the node's rows.
    private func inputTexts(of node: Node, element k: Int) -> [String] {
        var texts: [String] = []
        for id in node.inputs {
            let input = nodes[id]
            let j: Int
            if input.value.count == node.value.count {
                j = k
            } else if input.value.count == 1 {
                j = 0
            } else if input.value.count == node.shape.columns {
                j = k % node.shape.columns
            } else {
                continue
            }
            if input.role == .constant && input.name == NumberFormat.compact(input.value[j]) { continue }
            texts.append("\(Self.operand(input.name))\(Self.position(j, in: input.shape)) = \(Self.number(input.value[j]))")
        }
        return texts
    }

    /// Why an op gave a non-finite result, with the input element, when the op and its input say
    /// it plainly: `log of -2 at z[0,1]`, `division by 0 at y[0,0]`, `exp of 800 at x[1,0]`.
    private static func hint(_ node: Node, element k: Int, inputs: [Node]) -> String? {
        func aligned(_ input: Node) -> (value: Double, place: String)? {
            let j = input.value.count == node.value.count ? k : input.value.count == 1 ? 0 : -1
            guard j >= 0 else { return nil }
            return (input.value[j], operand(input.name) + position(j, in: input.shape))
        }
        let elements = inputs.map(aligned)
        guard let cause = node.operation?.nonFiniteCause(inputs: elements.map { $0?.value }, output: node.value[k]),
            cause.input < elements.count, let place = elements[cause.input]?.place
        else { return nil }
        return "\(cause.reason) at \(place)"
    }

    /// `[0,1]` for a matrix element, `[3]` for a vector's, nothing for a single number.
    public static func position(_ element: Int, in shape: Shape) -> String {
        guard shape.rank > 0 else { return "" }
        var rest = element
        var index: [Int] = []
        for axis in stride(from: shape.rank - 1, through: 0, by: -1) {
            index.append(rest % max(shape[axis], 1))
            rest /= max(shape[axis], 1)
        }
        return "[" + index.reversed().map(String.init).joined(separator: ",") + "]"
    }

    /// `NaN`, `inf`, `-inf`.
    static func word(_ x: Double) -> String { x.isNaN ? "NaN" : x > 0 ? "inf" : "-inf" }

    public static func number(_ x: Double) -> String { x.isFinite ? NumberFormat.significant(x, digits: 6) : word(x) }
}
