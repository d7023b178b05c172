import Support

/// The gradient of a loss with respect to one input of an op, as data: the op says *what* the
/// gradient is (`dW = xᵀ · dY`), the explainer prints it and evaluates it on its own, independent
/// of the op's hand-written backward kernel, and the two are checked against each other and
/// against finite differences.
///
/// Elementwise combinations broadcast: a scalar against anything, a 1×n row against m×n, an
/// m×1 column against m×n.
public indirect enum GradientExpression: Sendable, Equatable {
    /// The gradient flowing into the op's output (`dY`).
    case upstream
    /// The op's output value (`Y`).
    case output
    /// The value of the op's input number `i`.
    case input(Int)
    /// A number, with an optional symbol (`N` for a batch size) shown instead of its value.
    case constant(Double, symbol: String?)
    case transpose(GradientExpression)
    case matmul(GradientExpression, GradientExpression)
    case add(GradientExpression, GradientExpression)
    case subtract(GradientExpression, GradientExpression)
    /// Elementwise product ⊙.
    case multiply(GradientExpression, GradientExpression)
    /// Elementwise quotient.
    case divide(GradientExpression, GradientExpression)
    case function(ElementwiseFunction, GradientExpression)
    /// Elementwise power with a constant exponent.
    case power(GradientExpression, Double)
    /// A sum: over all elements, over the rows (column sums, 1×n), or over the columns (row sums, m×1).
    case sum(GradientExpression, axis: Int?)
    /// A mean, as `sum` divided by the number of elements summed.
    case mean(GradientExpression, axis: Int?)
    /// Repeats a scalar, row or column to the shape of input `i`.
    case broadcast(GradientExpression, toInput: Int)
    /// The same elements in the shape of input `i`.
    case reshape(GradientExpression, likeInput: Int)
    /// The one-hot matrix of the op's integer labels, with as many columns as input `i`.
    case oneHotLabels(likeInput: Int)
    /// A named subexpression, printed by its name (`x̂`) and defined once beside the formula.
    case defined(String, GradientExpression)
    /// An op-specific map that has no short formula in this language (a convolution's input
    /// gradient, a max-pool's routing): its name, what it does, its arguments and attributes.
    case special(SpecialGradient)

    public static func constant(_ value: Double) -> GradientExpression { .constant(value, symbol: nil) }

    /// The named subexpressions this expression uses, each once, innermost first.
    public var definitions: [(name: String, expression: GradientExpression)] {
        var found: [(name: String, expression: GradientExpression)] = []
        func visit(_ e: GradientExpression) {
            switch e {
            case .upstream, .output, .input, .constant, .oneHotLabels: break
            case .transpose(let a), .function(_, let a), .power(let a, _), .sum(let a, _), .mean(let a, _),
                .broadcast(let a, _), .reshape(let a, _):
                visit(a)
            case .matmul(let a, let b), .add(let a, let b), .subtract(let a, let b),
                .multiply(let a, let b), .divide(let a, let b):
                visit(a)
                visit(b)
            case .defined(let name, let a):
                visit(a)
                if !found.contains(where: { $0.name == name }) { found.append((name, a)) }
            case .special(let map): map.arguments.forEach(visit)
            }
        }
        visit(self)
        return found
    }
}

/// A gradient that is a named, op-specific computation, e.g. `conv2d_input_gradient(dY, K)`
/// with `stride` and `padding` attributes. The explainer evaluates it by its own loops.
public struct SpecialGradient: Sendable, Equatable {
    public let name: String
    /// What the map does, in words, for the derivation text.
    public let description: String
    public let arguments: [GradientExpression]
    /// Integer attributes (stride, padding, pool size), by name.
    public let attributes: [String: Int]

    public init(_ name: String, description: String, arguments: [GradientExpression], attributes: [String: Int] = [:]) {
        self.name = name
        self.description = description
        self.arguments = arguments
        self.attributes = attributes
    }
}

/// Functions applied element by element inside gradient expressions.
public enum ElementwiseFunction: String, Sendable, Equatable, CaseIterable {
    /// 1 where x > 0, else 0: the derivative of ReLU.
    case step
    case exp, log, sqrt, square, sigmoid, tanh
    /// Row-wise softmax.
    case softmax
    case reciprocal
}

extension GradientExpression {
    /// The expression written out, with the inputs' and output's names: `dW1 = xᵀ · dz1`.
    /// The upstream gradient is `d` + the output's name.
    public func rendered(inputs: [String], output: String, notation: Notation = .unicode) -> String {
        render(inputs: inputs, output: output, notation: notation, context: .top)
    }

    private enum Context { case top, sum, product, postfix }

    private var precedence: Int {
        switch self {
        case .add, .subtract: 1
        case .matmul, .multiply, .divide: 2
        default: 3
        }
    }

    private func render(inputs: [String], output: String, notation: Notation, context: Context) -> String {
        let ascii = notation == .ascii
        func sub(_ e: GradientExpression, _ c: Context) -> String {
            e.render(inputs: inputs, output: output, notation: notation, context: c)
        }
        func name(_ i: Int) -> String { i < inputs.count ? inputs[i] : "x\(i)" }
        let text: String
        switch self {
        case .upstream: text = "d" + output
        case .output: text = output
        case .input(let i): text = name(i)
        case .constant(let value, let symbol):
            text = symbol ?? NumberFormat.compact(value)
        case .transpose(let e):
            let inner = sub(e, .postfix)
            text = inner + (ascii ? "^T" : "ᵀ")
        case .matmul(let a, let b): text = sub(a, .product) + (ascii ? " @ " : " · ") + sub(b, .product)
        case .multiply(let a, let b): text = sub(a, .product) + (ascii ? " * " : " ⊙ ") + sub(b, .product)
        case .divide(let a, let b): text = sub(a, .product) + " / " + sub(b, .postfix)
        case .add(let a, let b): text = sub(a, .sum) + " + " + sub(b, .sum)
        case .subtract(let a, let b): text = sub(a, .sum) + (ascii ? " - " : " − ") + sub(b, .product)
        case .function(let f, let e):
            let arg = sub(e, .top)
            switch f {
            case .step: text = "1[\(arg) > 0]"
            case .square: text = ascii ? sub(e, .postfix) + "^2" : sub(e, .postfix) + "²"
            case .sqrt: text = ascii ? "sqrt(\(arg))" : "√(\(arg))"
            case .sigmoid: text = ascii ? "sigmoid(\(arg))" : "σ(\(arg))"
            case .reciprocal: text = "1 / " + sub(e, .postfix)
            default: text = "\(f.rawValue)(\(arg))"
            }
        case .power(let e, let c):
            text = sub(e, .postfix) + "^" + NumberFormat.compact(c)
        case .sum(let e, let axis):
            text = Self.reduction("sum", axis: axis, sub(e, .top))
        case .mean(let e, let axis):
            text = Self.reduction("mean", axis: axis, sub(e, .top))
        case .broadcast(let e, _): text = "broadcast(\(sub(e, .top)))"
        case .reshape(let e, let i): text = "reshape(\(sub(e, .top)), shape of \(name(i)))"
        case .oneHotLabels: text = "onehot(labels)"
        case .defined(let label, _): text = label
        case .special(let map):
            text = map.name + "(" + map.arguments.map { sub($0, .top) }.joined(separator: ", ") + ")"
        }
        let needsParentheses: Bool
        switch context {
        case .top: needsParentheses = false
        case .sum: needsParentheses = false
        case .product: needsParentheses = precedence < 2
        case .postfix: needsParentheses = precedence < 3
        }
        return needsParentheses ? "(" + text + ")" : text
    }

    private static func reduction(_ name: String, axis: Int?, _ argument: String) -> String {
        switch axis {
        case nil: "\(name)(\(argument))"
        case 0?: "\(name)_rows(\(argument))"
        default: "\(name)_cols(\(argument))"
        }
    }
}
