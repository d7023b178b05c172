import Engine

/// The derivation written out for people, one local step per node: how its gradient is obtained
/// from the gradients of the ops that use it (the chain rule, one link), the local derivative
/// from the op's own rule, the gradient formula with names, with shapes for matrix steps, with
/// the numbers put in, and the result.
///
/// The gradient of `h` is written `dh` (= ∂L/∂h, L the loss).
public struct DerivationText: Sendable {
    public var text: TensorText
    /// The width the text is laid out to (the console's, less any indentation it is printed
    /// with). A whole chain is broken at 88 columns at most, a page's measure, even on a wider
    /// console (and on the browser page, which gives no width).
    public var width: Int?

    public init(text: TensorText = TensorText(), width: Int? = nil) {
        self.text = text
        self.width = width
    }

    private var notation: Notation { text.notation }

    /// A formula with the numbers put in is printed only up to this length: past it, the
    /// named pieces and the result say more than one long line.
    static let longestInlineLine = 160

    /// A tensor written on one line: `0.5`, `[0.35, 0.35]`, `[[0.05, 0.1], [0.2, 0.3]]`.
    public func inlineValue(_ values: [Double], shape: Shape) -> String {
        ExpressionText(trace: Trace(nodes: [], lossID: nil), text: text).valueText(Matrix(values, shape: shape), shape: shape)
    }

    /// The forward pass: every node as `name = formula = value`, in execution order.
    public func forward(_ trace: Trace, only names: Set<String>? = nil) -> [String] {
        var out: [String] = []
        for node in trace.nodes where names?.contains(node.name) ?? true {
            out += forwardLines(node, trace: trace)
        }
        return out
    }

    /// One node of the forward pass: `name = formula = value`, a matrix on aligned lines.
    public func forwardLines(_ node: Trace.Node, trace: Trace) -> [String] {
        let expressions = ExpressionText(trace: trace, text: text)
        let lead: String
        switch node.role {
        case .operation where node.formula.filter({ $0 != " " }) == node.name.filter({ $0 != " " }):
            lead = node.name  // named by its formula: `sum(e ^ 2)`, not `sum(e ^ 2) = sum(e ^ 2)`
        case .operation: lead = "\(node.name) = \(node.formula)"
        default: lead = "\(node.name) (\(node.role.rawValue))"
        }
        let shape = expressions.shapeText(node.shape)
        return valueLines(lead: notation.write(lead), shape: shape, values: node.value, nodeShape: node.shape)
    }

    /// `lead = value`, a matrix continuing on aligned lines; large tensors as shape and summary.
    private func valueLines(lead: String, shape: String, values: [Double], nodeShape: Shape) -> [String] {
        let lines = text.lines(values, shape: nodeShape)
        let large = values.count > text.fullLimit && !text.full
        let first = lead + (large ? " : \(shape) " : " = ")
        var out = [first + (lines.first ?? "")]
        let indent = String(repeating: " ", count: first.count)
        for line in lines.dropFirst() { out.append(indent + line) }
        return out
    }

    /// A node used by more consumers than this has its chain rule written as a sum over them
    /// in words rather than term by term (each term still gets its own block below).
    static let longestListedSum = 6

    /// The whole chain of a parameter is written out (once) only when it has at least this many
    /// and at most `longestWholeChain` factors: shorter is the local step itself, longer is a
    /// product nobody reads.
    static let shortestWholeChain = 3
    static let longestWholeChain = 8

    /// The widest a whole chain is written.
    static let defaultWidth = 88

    /// The chain rule for a node, one step back: its gradient from the gradient of each op that
    /// uses it (`dW2 = ∂loss/∂W2 = d(h @ W2) · ∂(h @ W2)/∂W2`, a sum when it is used several
    /// times). Each downstream gradient was written out in its own block just before, so every
    /// block is short and the whole text grows linearly with the graph.
    public func chain(_ id: Int, in derivation: Derivation) -> [String] {
        let trace = derivation.trace
        let loss = trace.lossID.map { Trace.differentiated(trace.nodes[$0].name) } ?? "L"
        let node = trace.nodes[id]
        let name = Trace.differentiated(node.name)
        let head = "d\(name) = ∂\(loss)/∂\(name)"
        let contributions = derivation.steps[id]?.contributions ?? []
        if contributions.count == 1, contributions[0].consumer == trace.lossID {
            return [notation.write(head + "   (\(node.name) is an input of \(loss) itself)")]
        }
        if contributions.count > Self.longestListedSum {
            return [notation.write(
                head + " = Σ dc · ∂c/∂\(name) over the \(contributions.count) ops c that use \(node.name)")]
        }
        let terms = contributions.map { c in
            let consumer = Trace.differentiated(trace.nodes[c.consumer].name)
            return "d\(consumer) · ∂\(consumer)/∂\(name)"
        }
        return [notation.write(head + " = " + terms.joined(separator: " + "))]
    }

    /// The nodes from `id` to the loss when `id` reaches it along a single path (every node on
    /// the way used once) of `shortestWholeChain` to `longestWholeChain` steps; nil otherwise.
    /// The walk stops after `longestWholeChain` steps, so it costs the same on any depth.
    func singlePath(from id: Int, in derivation: Derivation) -> [Int]? {
        guard let lossID = derivation.trace.lossID else { return nil }
        var path = [id]
        var current = id
        while current != lossID, path.count <= Self.longestWholeChain,
            let step = derivation.steps[current], step.contributions.count == 1
        {
            current = step.contributions[0].consumer
            path.append(current)
        }
        let factors = path.count - 1
        guard current == lossID, factors >= Self.shortestWholeChain, factors <= Self.longestWholeChain else { return nil }
        return path
    }

    /// The parameter whose whole chain is written out: of those that reach the loss along one
    /// path of a readable length, the one with the longest (the first, from the loss back, of
    /// equals); nil when none does.
    public func wholeChainNode(in derivation: Derivation) -> Int? {
        var best: (id: Int, length: Int)? = nil
        for id in derivation.derivedNodes where derivation.trace.nodes[id].role == .parameter {
            guard let path = singlePath(from: id, in: derivation) else { continue }
            if path.count > best?.length ?? 0 { best = (id, path.count) }
        }
        return best?.id
    }

    /// The local steps of a single path multiplied out: `∂loss/∂b2 = ∂loss/∂sum(e ^ 2) · … · ∂z2/∂b2`,
    /// wrapped.
    func wholeChain(_ id: Int, in derivation: Derivation) -> [String] {
        guard let path = singlePath(from: id, in: derivation) else { return [] }
        let names = path.reversed().map { Trace.differentiated(derivation.trace.nodes[$0].name) }
        let factors = zip(names, names.dropFirst()).map { "∂\($0)/∂\($1)" }
        let lead = "  ∂\(names[0])/∂\(names[names.count - 1]) = "
        let indent = String(repeating: " ", count: lead.count - 2)
        var out = ["  unrolled, the local steps from the loss down to \(names[names.count - 1]) multiply into its whole chain:"]
        var line = lead + factors[0]
        for factor in factors.dropFirst() {
            if line.count + 3 + factor.count > min(width ?? Self.defaultWidth, Self.defaultWidth) {
                out.append(line)
                line = indent + "· " + factor
            } else {
                line += " · " + factor
            }
        }
        out.append(line)
        return out.map(notation.write)
    }

    /// Every derived node's explanation, from the loss back, one block after another.
    public func backward(_ derivation: Derivation, only names: Set<String>? = nil) -> [String] {
        var out: [String] = []
        backward(derivation, only: names) { out.append($0) }
        return out
    }

    /// Every derived node's explanation, from the loss back, each line given to `emit` as soon as
    /// its block is written: a block needs only the node's own step and the gradients of its
    /// consumers, so the text streams and costs time and memory in proportion to the graph.
    public func backward(_ derivation: Derivation, only names: Set<String>? = nil, emit: (String) -> Void) {
        let chained = wholeChainNode(in: derivation)
        var first = true
        for id in derivation.derivedNodes where names?.contains(derivation.trace.nodes[id].name) ?? true {
            if !first { emit("") }
            first = false
            for line in explanation(of: id, in: derivation, wholeChain: id == chained) { emit(line) }
        }
    }

    /// The op-specific maps an expression uses (`pad`, `flip`, `correlate`), each once, innermost
    /// first, so that their words can be printed before the formula that uses them.
    static func specialMaps(_ expression: GradientExpression) -> [SpecialGradient] {
        var found: [SpecialGradient] = []
        func visit(_ e: GradientExpression) {
            switch e {
            case .upstream, .output, .input, .constant, .oneHotLabels: break
            case .transpose(let a), .function(_, let a), .power(let a, _), .sum(let a, _), .mean(let a, _),
                .broadcast(let a, _), .reshape(let a, _), .defined(_, let a):
                visit(a)
            case .matmul(let a, let b), .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
                .divide(let a, let b):
                visit(a)
                visit(b)
            case .special(let map):
                map.arguments.forEach(visit)
                if !found.contains(where: { $0.name == map.name }) { found.append(map) }
            }
        }
        visit(expression)
        return found
    }

    /// How one node's gradient is obtained from its consumers' gradients (with `wholeChain`, also
    /// the product of local steps it unrolls to, back to the loss).
    public func explanation(of id: Int, in derivation: Derivation, wholeChain: Bool = false) -> [String] {
        let trace = derivation.trace
        let node = trace.nodes[id]
        let expressions = ExpressionText(trace: trace, text: text)
        let gradientName = Trace.gradientName(node.name)
        let name = Trace.differentiated(node.name)
        guard let step = derivation.steps[id] else { return [] }
        if id == trace.lossID {
            return [notation.write("\(gradientName) = ∂\(name)/∂\(name) = 1   (backward starts here)")]
        }
        var out = chain(id, in: derivation)
        if wholeChain { out += self.wholeChain(id, in: derivation) }
        let several = step.contributions.count > 1
        if several {
            out.append(notation.write("  \(node.name) is used \(step.contributions.count) times: the contributions add up"))
        }
        for (k, c) in step.contributions.enumerated() {
            let consumer = trace.nodes[c.consumer]
            let upstream = derivation.steps[c.consumer].map { Matrix($0.gradient, shape: consumer.shape) }
                ?? Matrix(rows: consumer.shape.rows, columns: consumer.shape.columns, repeating: 0)
            let target = several ? "\(gradientName)[\(k + 1)]" : gradientName
            out.append(notation.write("  local ∂\(Trace.differentiated(consumer.name))/∂\(name), from \(consumer.op): \(consumer.rule)"))
            for map in Self.specialMaps(c.expression) {
                out.append(notation.write("    \(map.name): \(map.description)"))
            }
            for definition in c.expression.definitions {
                guard let value = c.definitions.first(where: { $0.name == definition.name })?.value else { continue }
                let formula = definition.expression.rendered(
                    inputs: trace.inputNames(of: consumer).map(Trace.operand), output: Trace.differentiated(consumer.name), notation: notation)
                out += valueLines(
                    lead: notation.write("    where \(definition.name) = \(formula)"), shape: value.shapeDescription,
                    values: value.elements, nodeShape: Shape(value.rows, value.columns))
            }
            let symbolic = expressions.symbolic(c.expression, consumer: consumer)
            var first = "  \(target) = \(symbolic)"
            if expressions.showsShapes(c.expression) {
                let shapes = expressions.shapes(c.expression, consumer: consumer, definitions: c.definitions)
                    + (notation == .ascii ? " -> " : " → ") + expressions.shapeText(node.shape)
                if shapes.count <= Self.longestInlineLine / 2 { first += "   : " + shapes }
            }
            out.append(notation.write(first))
            let indent = String(repeating: " ", count: 2 + target.count)
            let result = expressions.valueText(c.value, shape: node.shape)
            if let numbers = expressions.numbers(c.expression, consumer: consumer, upstream: upstream, definitions: c.definitions),
                numbers != symbolic, numbers != result, numbers.count <= Self.longestInlineLine
            {
                out.append(notation.write(indent + " = " + numbers))
            }
            out += valueLines(lead: indent, shape: expressions.shapeText(node.shape), values: c.value.elements, nodeShape: node.shape)
        }
        if several {
            let count = step.contributions.count
            let sum = count > Self.longestListedSum
                ? "\(gradientName)[1] + \(gradientName)[2] + … + \(gradientName)[\(count)]"
                : (1...count).map { "\(gradientName)[\($0)]" }.joined(separator: " + ")
            out += valueLines(
                lead: notation.write("  \(gradientName) = \(sum)"), shape: expressions.shapeText(node.shape),
                values: step.gradient, nodeShape: node.shape)
        }
        if let stated = node.stated {
            // The learner's own gradient (`grad NAME = …`), beside the one derived here.
            let shape = node.statedShape ?? node.shape
            out += valueLines(
                lead: "  stated " + gradientName, shape: expressions.shapeText(shape), values: stated, nodeShape: shape)
            let comparable = shape.count == node.shape.count
            let exact = comparable && stated == step.gradient
            let close = comparable && zip(stated, step.gradient).allSatisfy { a, b in
                a == b || abs(a - b) < 1e-9 * max(abs(a), abs(b)) || (abs(a) < 1e-12 && abs(b) < 1e-12)
            }
            out.append(
                exact
                    ? "    the same as derived" : close
                    ? "    the same as derived, up to rounding"
                    : "    not the same as derived: 'backprop check' says where, and what broke")
        }
        return out
    }
}
