import Engine
import Foundation

/// A gradient expression that cannot be evaluated: an operand shape that does not broadcast, a
/// result of the wrong size, an op-specific map with no formula. One line naming the expression.
public struct DerivationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a gradient expression refers to when it is evaluated for one op: the gradient flowing
/// into the op's output, the op's output and inputs (as recorded in the trace) and its labels.
public struct ExpressionEnvironment: Sendable {
    public var upstream: Matrix
    public var output: Matrix
    public var inputs: [Matrix]
    public var labels: [Int]?
    /// The op's output shape and its inputs' shapes (the upstream gradient has the output's), for
    /// the op-specific maps that work on NHWC tensors.
    public var outputShape: Shape?
    public var inputShapes: [Shape]

    public init(
        upstream: Matrix, output: Matrix, inputs: [Matrix], labels: [Int]? = nil, outputShape: Shape? = nil,
        inputShapes: [Shape] = []
    ) {
        self.upstream = upstream
        self.output = output
        self.inputs = inputs
        self.labels = labels
        self.outputShape = outputShape
        self.inputShapes = inputShapes
    }
}

/// Evaluates a `GradientExpression` in Double with its own plain loops: the explainer's
/// derivation witness, independent of the ops' backward kernels. Named subexpressions
/// (`x̂`, `μ`) are evaluated once and kept in `definitions` so the explanation can print them.
///
/// The recursion follows one op's gradient formula, which the op defines (a few levels deep),
/// never the graph: the graph is walked by `Derivation`'s loop, so any depth of network is safe.
public struct ExpressionEvaluator {
    public let environment: ExpressionEnvironment
    /// The named subexpressions met so far, in the order they were first evaluated.
    public private(set) var definitions: [(name: String, value: Matrix)] = []

    public init(_ environment: ExpressionEnvironment) {
        self.environment = environment
    }

    public mutating func evaluate(_ expression: GradientExpression) throws(DerivationError) -> Matrix {
        let env = environment
        func input(_ i: Int) throws(DerivationError) -> Matrix {
            guard i >= 0, i < env.inputs.count else { throw DerivationError("the expression uses input \(i + 1) of \(env.inputs.count)") }
            return env.inputs[i]
        }
        switch expression {
        case .upstream: return env.upstream
        case .output: return env.output
        case .input(let i): return try input(i)
        case .constant(let value, _): return .scalar(value)
        case .transpose(let e):
            let a = try evaluate(e)
            var result = Matrix(rows: a.columns, columns: a.rows, repeating: 0)
            for i in 0..<a.rows {
                for j in 0..<a.columns { result[j, i] = a[i, j] }
            }
            return result
        case .matmul(let x, let y):
            let a = try evaluate(x), b = try evaluate(y)
            guard a.columns == b.rows else {
                throw DerivationError("matrix product of \(a.shapeDescription) and \(b.shapeDescription): inner sizes differ")
            }
            var result = Matrix(rows: a.rows, columns: b.columns, repeating: 0)
            for i in 0..<a.rows {
                for j in 0..<b.columns {
                    var total = 0.0
                    for k in 0..<a.columns { total += a[i, k] * b[k, j] }
                    result[i, j] = total
                }
            }
            return result
        case .add(let x, let y): return try Self.elementwise(try evaluate(x), try evaluate(y), "+", +)
        case .subtract(let x, let y): return try Self.elementwise(try evaluate(x), try evaluate(y), "−", -)
        case .multiply(let x, let y): return try Self.elementwise(try evaluate(x), try evaluate(y), "⊙", *)
        case .divide(let x, let y): return try Self.elementwise(try evaluate(x), try evaluate(y), "/", /)
        case .function(let f, let e): return Self.apply(f, try evaluate(e))
        case .power(let e, let exponent):
            var a = try evaluate(e)
            a.elements = a.elements.map { Foundation.pow($0, exponent) }
            return a
        case .sum(let e, let axis): return Self.sum(try evaluate(e), axis: axis, divided: false)
        case .mean(let e, let axis): return Self.sum(try evaluate(e), axis: axis, divided: true)
        case .broadcast(let e, let i):
            let a = try evaluate(e), target = try input(i)
            var result = Matrix(rows: target.rows, columns: target.columns, repeating: 0)
            for r in 0..<target.rows {
                for c in 0..<target.columns {
                    guard let value = Self.element(a, r, c, rows: target.rows, columns: target.columns) else {
                        throw DerivationError("cannot broadcast \(a.shapeDescription) to \(target.shapeDescription)")
                    }
                    result[r, c] = value
                }
            }
            return result
        case .reshape(let e, let i):
            let a = try evaluate(e), target = try input(i)
            guard a.count == target.count else {
                throw DerivationError("cannot reshape \(a.shapeDescription) like \(target.shapeDescription)")
            }
            return Matrix(rows: target.rows, columns: target.columns, elements: a.elements)
        case .oneHotLabels(let i):
            let target = try input(i)
            guard let labels = env.labels, labels.count == target.rows else {
                throw DerivationError("onehot(labels) needs one label per row of \(target.shapeDescription)")
            }
            var result = Matrix(rows: target.rows, columns: target.columns, repeating: 0)
            for (r, label) in labels.enumerated() {
                guard label >= 0, label < target.columns else { throw DerivationError("label \(label) is outside 0…\(target.columns - 1)") }
                result[r, label] = 1
            }
            return result
        case .defined(let name, let e):
            if let known = definitions.first(where: { $0.name == name }) { return known.value }
            let value = try evaluate(e)
            definitions.append((name, value))
            return value
        case .special(let map):
            var arguments: [Matrix] = []
            for argument in map.arguments { arguments.append(try evaluate(argument)) }
            if map.name == "dropout_mask" { return try Self.dropoutMask(map, like: arguments) }
            return try WindowGradients.evaluate(map, arguments, environment: env)
        }
    }

    /// A dropout op's mask m / (1 − p), shaped like its input, drawn again from the seed and rate
    /// the op recorded (`Dropout.maskValue`: the draw is the op's definition, not its derivative).
    private static func dropoutMask(_ map: SpecialGradient, like arguments: [Matrix]) throws(DerivationError) -> Matrix {
        guard let input = arguments.first, let seed = map.attributes["seed"], let rateBits = map.attributes["rate_bits"]
        else { throw DerivationError("dropout_mask needs the op's input, seed and rate") }
        let rate = Double(bitPattern: UInt64(UInt(bitPattern: rateBits)))
        let elements = (0..<input.count).map { i in
            Dropout.maskValue(seed: UInt64(UInt(bitPattern: seed)), rate: rate, element: i)
        }
        return Matrix(rows: input.rows, columns: input.columns, elements: elements)
    }

    /// The element of `a` that lands at (i, j) of an m×n result: `a` is m×n itself, a single
    /// number, a 1×n row or an m×1 column; nil when it is none of these.
    private static func element(_ a: Matrix, _ i: Int, _ j: Int, rows m: Int, columns n: Int) -> Double? {
        if a.rows == m && a.columns == n { return a[i, j] }
        if a.count == 1 { return a.elements[0] }
        if a.rows == 1 && a.columns == n { return a[0, j] }
        if a.rows == m && a.columns == 1 { return a[i, 0] }
        return nil
    }

    private static func elementwise(
        _ a: Matrix, _ b: Matrix, _ symbol: String, _ combine: (Double, Double) -> Double
    ) throws(DerivationError) -> Matrix {
        let m = max(a.rows, b.rows), n = max(a.columns, b.columns)
        var result = Matrix(rows: m, columns: n, repeating: 0)
        for i in 0..<m {
            for j in 0..<n {
                guard let x = element(a, i, j, rows: m, columns: n), let y = element(b, i, j, rows: m, columns: n) else {
                    throw DerivationError("\(a.shapeDescription) \(symbol) \(b.shapeDescription): the shapes do not broadcast")
                }
                result[i, j] = combine(x, y)
            }
        }
        return result
    }

    private static func apply(_ f: ElementwiseFunction, _ a: Matrix) -> Matrix {
        var result = a
        switch f {
        case .softmax:
            for i in 0..<a.rows {
                var largest = -Double.infinity
                for j in 0..<a.columns { largest = max(largest, a[i, j]) }
                var total = 0.0
                for j in 0..<a.columns { total += Foundation.exp(a[i, j] - largest) }
                for j in 0..<a.columns { result[i, j] = Foundation.exp(a[i, j] - largest) / total }
            }
        default:
            result.elements = a.elements.map { x in
                switch f {
                case .step: x > 0 ? 1 : 0
                case .exp: Foundation.exp(x)
                case .log: Foundation.log(x)
                case .sqrt: x.squareRoot()
                case .square: x * x
                case .sigmoid: 1 / (1 + Foundation.exp(-x))
                case .tanh: Foundation.tanh(x)
                case .reciprocal: 1 / x
                case .softmax: x  // handled above
                }
            }
        }
        return result
    }

    /// Σ over everything (1×1), down the rows (1×n) or along each row (m×1); divided by the
    /// number of summed elements for a mean.
    private static func sum(_ a: Matrix, axis: Int?, divided: Bool) -> Matrix {
        switch axis {
        case nil:
            var total = 0.0
            for x in a.elements { total += x }
            return .scalar(divided ? total / Double(a.count) : total)
        case 0?:
            var result = Matrix(rows: 1, columns: a.columns, repeating: 0)
            for j in 0..<a.columns {
                var total = 0.0
                for i in 0..<a.rows { total += a[i, j] }
                result[0, j] = divided ? total / Double(a.rows) : total
            }
            return result
        default:
            var result = Matrix(rows: a.rows, columns: 1, repeating: 0)
            for i in 0..<a.rows {
                var total = 0.0
                for j in 0..<a.columns { total += a[i, j] }
                result[i, 0] = divided ? total / Double(a.columns) : total
            }
            return result
        }
    }
}
