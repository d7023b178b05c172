import Engine

/// Gradient expressions written three ways for one contribution: with names (`dW2 = hᵀ · dz2`),
/// with shapes (`(2×1) · (1×2)`) and with numbers. The names version is the op's own rendering;
/// the other two rewrite the expression's leaves into stand-ins named by their shape or value
/// and reuse that same rendering, so all three lines have the same layout.
///
/// Like `GradientExpression.rendered`, these walks recurse over one op's gradient formula (a few
/// levels, fixed by the op), never over the graph.
struct ExpressionText {
    let trace: Trace
    let text: TensorText

    var notation: Notation { text.notation }

    /// The consumer's input names as operands (`(x @ W1)`), for rendering.
    func inputNames(_ consumer: Trace.Node) -> [String] { trace.inputNames(of: consumer).map(Trace.operand) }

    /// `hᵀ · d(h @ W2)`.
    func symbolic(_ expression: GradientExpression, consumer: Trace.Node) -> String {
        expression.rendered(inputs: inputNames(consumer), output: Trace.differentiated(consumer.name), notation: notation)
    }

    /// Whether the shapes line helps: the expression multiplies matrices or reduces along an axis.
    func showsShapes(_ expression: GradientExpression) -> Bool {
        switch expression {
        case .matmul: return true
        case .sum(_, let axis?), .mean(_, let axis?): return axis == 0 || axis == 1
        case .transpose(let a), .function(_, let a), .power(let a, _), .sum(let a, _), .mean(let a, _),
            .broadcast(let a, _), .reshape(let a, _), .defined(_, let a):
            return showsShapes(a)
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
            return showsShapes(a) || showsShapes(b)
        case .special: return false
        case .upstream, .output, .input, .constant, .oneHotLabels: return false
        }
    }

    /// `(2×1) · (1×2)`: the expression with every operand replaced by its shape.
    func shapes(_ expression: GradientExpression, consumer: Trace.Node, definitions: [(name: String, value: Matrix)]) -> String {
        var stand: [String] = []
        let rewritten = rewrite(expression, consumer: consumer, standIns: &stand) { leaf, transposed in
            guard let m = leafValue(leaf, consumer: consumer, definitions: definitions) else { return nil }
            return shapeText(transposed ? (m.columns, m.rows) : (m.rows, m.columns), original: leaf, consumer: consumer, transposed: transposed)
        }
        return rewritten.rendered(inputs: stand, output: "", notation: notation)
    }

    /// The expression with every operand replaced by its value, or nil when an operand is too
    /// large to write out.
    func numbers(
        _ expression: GradientExpression, consumer: Trace.Node, upstream: Matrix,
        definitions: [(name: String, value: Matrix)]
    ) -> String? {
        var stand: [String] = []
        var tooLarge = false
        let rewritten = rewrite(expression, consumer: consumer, standIns: &stand, keepDefinitions: true) { leaf, _ in
            let value: Matrix?
            if case .upstream = leaf { value = upstream } else { value = leafValue(leaf, consumer: consumer, definitions: definitions) }
            guard let value else { return nil }
            if value.count > text.fullLimit { tooLarge = true }
            return valueText(value, shapeOf: leaf, consumer: consumer)
        }
        if tooLarge { return nil }
        return rewritten.rendered(inputs: stand, output: "", notation: notation)
    }

    /// A value written inline: `0.5`, `(-0.5)`, `[0.35, 0.35]`, `[[0.05, 0.1]]`.
    func valueText(_ m: Matrix, shapeOf leaf: GradientExpression? = nil, consumer: Trace.Node? = nil, shape: Shape? = nil) -> String {
        let shape = shape ?? leafShape(leaf, consumer: consumer) ?? Shape(m.rows, m.columns)
        if m.count == 1 && shape.count == 1 {
            let t = text.number(m.elements[0])
            return m.elements[0] < 0 ? "(" + t + ")" : t
        }
        if m.count > text.fullLimit && !text.full { return text.summary(m.elements) }
        let numbers = m.elements.map(text.number)
        switch shape.rank {
        case 0, 1: return "[" + numbers.joined(separator: ", ") + "]"
        default:
            let columns = TensorText.displayColumns(shape)
            let rows = stride(from: 0, to: numbers.count, by: columns).map { numbers[$0..<min($0 + columns, numbers.count)].joined(separator: ", ") }
            return "[[" + rows.joined(separator: "], [") + "]]"
        }
    }

    /// A shape as it is written: `(2×3)`, `(2x3)` in ASCII.
    func shapeText(_ shape: Shape) -> String { notation == .ascii ? shape.asciiDescription : shape.description }

    // MARK: Leaves

    private func leafShape(_ leaf: GradientExpression?, consumer: Trace.Node?) -> Shape? {
        guard let leaf, let consumer else { return nil }
        switch leaf {
        case .upstream, .output: return consumer.shape
        case .input(let i): return i < consumer.inputs.count ? trace.nodes[consumer.inputs[i]].shape : nil
        default: return nil
        }
    }

    private func shapeText(_ dims: (Int, Int), original leaf: GradientExpression, consumer: Trace.Node, transposed: Bool) -> String {
        if !transposed, let shape = leafShape(leaf, consumer: consumer) { return shapeText(shape) }
        return shapeText(Shape(dims.0, dims.1))
    }

    private func leafValue(_ leaf: GradientExpression, consumer: Trace.Node, definitions: [(name: String, value: Matrix)]) -> Matrix? {
        switch leaf {
        case .upstream: return Matrix(rows: consumer.shape.rows, columns: consumer.shape.columns, repeating: 0)
        case .output: return Matrix(consumer.value, shape: consumer.shape)
        case .input(let i):
            guard i < consumer.inputs.count else { return nil }
            let node = trace.nodes[consumer.inputs[i]]
            return Matrix(node.value, shape: node.shape)
        case .oneHotLabels(let i):
            guard i < consumer.inputs.count, let labels = consumer.labels else { return nil }
            let logits = trace.nodes[consumer.inputs[i]].shape
            var m = Matrix(rows: logits.rows, columns: logits.columns, repeating: 0)
            for (r, label) in labels.enumerated() where r < m.rows && label >= 0 && label < m.columns { m[r, label] = 1 }
            return m
        case .defined(let name, _): return definitions.first { $0.name == name }?.value
        default: return nil
        }
    }

    /// Replaces each leaf (and each transposed leaf) by a stand-in input whose name `describe`
    /// gives; constants lose their symbol so their value shows.
    private func rewrite(
        _ e: GradientExpression, consumer: Trace.Node, standIns: inout [String], keepDefinitions: Bool = false,
        _ describe: (GradientExpression, Bool) -> String?
    ) -> GradientExpression {
        func standIn(_ leaf: GradientExpression, transposed: Bool) -> GradientExpression {
            let name = describe(leaf, transposed) ?? "?"
            standIns.append(name)
            return .input(standIns.count - 1)
        }
        func walk(_ e: GradientExpression) -> GradientExpression {
            switch e {
            case .upstream, .output, .input, .oneHotLabels: return standIn(e, transposed: false)
            case .defined(let name, _):
                if keepDefinitions { standIns.append(name); return .input(standIns.count - 1) }
                return standIn(e, transposed: false)
            case .constant(let value, _): return .constant(value, symbol: nil)
            case .transpose(let inner):
                switch inner {
                case .upstream, .output, .input, .oneHotLabels, .defined:
                    if keepDefinitions { return .transpose(walk(inner)) }
                    return standIn(inner, transposed: true)
                default: return .transpose(walk(inner))
                }
            case .matmul(let a, let b): return .matmul(walk(a), walk(b))
            case .add(let a, let b): return .add(walk(a), walk(b))
            case .subtract(let a, let b): return .subtract(walk(a), walk(b))
            case .multiply(let a, let b): return .multiply(walk(a), walk(b))
            case .divide(let a, let b): return .divide(walk(a), walk(b))
            case .function(let f, let a): return .function(f, walk(a))
            case .power(let a, let c): return .power(walk(a), c)
            case .sum(let a, let axis): return .sum(walk(a), axis: axis)
            case .mean(let a, let axis): return .mean(walk(a), axis: axis)
            case .broadcast(let a, let i): return .broadcast(walk(a), toInput: i)
            case .reshape(let a, _): return walk(a)
            case .special(let map):
                return .special(
                    SpecialGradient(map.name, description: map.description, arguments: map.arguments.map(walk), attributes: map.attributes))
            }
        }
        return walk(e)
    }
}
