import Engine

/// The derivation written out for people: for every node, how its gradient is obtained by the
/// chain rule, the local derivative from the op's own rule, the gradient formula with names,
/// with shapes for matrix steps, with the numbers put in, and the result.
///
/// The gradient of `h` is written `dh` (= ∂L/∂h, L the loss).
public struct DerivationText: Sendable {
    public var text: TensorText

    public init(text: TensorText = TensorText()) { self.text = text }

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

    func forwardLines(_ node: Trace.Node, trace: Trace) -> [String] {
        let expressions = ExpressionText(trace: trace, text: text)
        let lead: String
        switch node.role {
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

    /// The chain rule for a node: one step back to each consumer (`∂loss/∂W2 = ∂loss/∂z2 · ∂z2/∂W2`,
    /// a sum when the node is used several times), and, when the node reaches the loss along one
    /// path of more than two steps, that whole chain (`= ∂loss/∂o · ∂o/∂z2 · ∂z2/∂W2`).
    public func chain(_ id: Int, in derivation: Derivation) -> [String] {
        let trace = derivation.trace
        let loss = trace.lossID.map { trace.nodes[$0].name } ?? "L"
        func partial(_ a: String, _ b: String) -> String { "∂\(a)/∂\(b)" }
        let node = trace.nodes[id]
        let head = "d\(node.name) = " + partial(loss, node.name)
        let contributions = derivation.steps[id]?.contributions ?? []
        if contributions.count == 1, contributions[0].consumer == trace.lossID {
            return [notation.write(head + "   (\(node.name) is an input of \(loss) itself)")]
        }
        let terms = contributions.map { c in
            let consumer = trace.nodes[c.consumer].name
            return partial(loss, consumer) + " · " + partial(consumer, node.name)
        }
        var out = [notation.write(head + " = " + terms.joined(separator: " + "))]
        var path: [Int] = [id]
        var current = id
        while current != trace.lossID, let step = derivation.steps[current], step.contributions.count == 1 {
            current = step.contributions[0].consumer
            path.append(current)
        }
        if current == trace.lossID, path.count > 3 {
            let names = path.reversed().map { trace.nodes[$0].name }
            let factors = zip(names, names.dropFirst()).map { partial($0, $1) }
            let indent = String(repeating: " ", count: "d\(node.name) = ".count + partial(loss, node.name).count)
            out.append(notation.write(indent + " = " + factors.joined(separator: " · ")))
        }
        return out
    }

    /// Every derived node's explanation, from the loss back.
    public func backward(_ derivation: Derivation, only names: Set<String>? = nil) -> [String] {
        var out: [String] = []
        for id in derivation.derivedNodes where names?.contains(derivation.trace.nodes[id].name) ?? true {
            if !out.isEmpty { out.append("") }
            out += explanation(of: id, in: derivation)
        }
        return out
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

    /// How one node's gradient is obtained.
    public func explanation(of id: Int, in derivation: Derivation) -> [String] {
        let trace = derivation.trace
        let node = trace.nodes[id]
        let expressions = ExpressionText(trace: trace, text: text)
        let gradientName = "d" + node.name
        guard let step = derivation.steps[id] else { return [] }
        if id == trace.lossID {
            return [notation.write("\(gradientName) = ∂\(node.name)/∂\(node.name) = 1   (backward starts here)")]
        }
        var out = chain(id, in: derivation)
        let several = step.contributions.count > 1
        if several {
            out.append(notation.write("  \(node.name) is used \(step.contributions.count) times: the contributions add up"))
        }
        for (k, c) in step.contributions.enumerated() {
            let consumer = trace.nodes[c.consumer]
            let upstream = derivation.steps[c.consumer].map { Matrix($0.gradient, shape: consumer.shape) }
                ?? Matrix(rows: consumer.shape.rows, columns: consumer.shape.columns, repeating: 0)
            let target = several ? "\(gradientName)[\(k + 1)]" : gradientName
            out.append(notation.write("  local ∂\(consumer.name)/∂\(node.name), from \(consumer.op): \(consumer.rule)"))
            for map in Self.specialMaps(c.expression) {
                out.append(notation.write("    \(map.name): \(map.description)"))
            }
            for definition in c.expression.definitions {
                guard let value = c.definitions.first(where: { $0.name == definition.name })?.value else { continue }
                let formula = definition.expression.rendered(inputs: trace.inputNames(of: consumer), output: consumer.name, notation: notation)
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
            let sum = (1...step.contributions.count).map { "\(gradientName)[\($0)]" }.joined(separator: " + ")
            out += valueLines(
                lead: notation.write("  \(gradientName) = \(sum)"), shape: expressions.shapeText(node.shape),
                values: step.gradient, nodeShape: node.shape)
        }
        return out
    }
}
