import Engine
import Explainer

/// A scalar expression such as `tanh(w*x + b)` with values for its names (`w=0.5, x=2, b=0.1`),
/// built on the scalar engine (`ScalarGraph`) for `backprop explain --expr`. It uses the
/// network-file parser, so operators (+ − * / ^, unary −) and calls read the same; the functions
/// are exp, log, tanh, sigmoid and relu, and an exponent after `^` must be a number.
///
/// Mistakes are `SourceError`s in the file `--expr` (or `--at`) with line 1 and the column.
public struct ScalarExpression: Sendable {
    public let source: String
    let syntax: Expression
    /// The names' values in the order given.
    public let bindings: [(name: String, value: Double)]
    /// The name given to the expression's result.
    public let outputName: String

    public static let functions: [String: ScalarOp] = [
        "exp": .exp, "log": .log, "tanh": .tanh, "sigmoid": .sigmoid, "relu": .relu,
    ]

    public init(_ source: String, at values: String) throws(SourceError) {
        self.source = source
        var parser = try Parser(source, file: "--expr")
        syntax = try parser.singleExpression()
        bindings = try Self.parseBindings(values)
        var used: [String] = []
        try Self.collectNames(syntax, into: &used, bound: Set(bindings.map(\.name)))
        for (name, _) in bindings where !used.contains(name) {
            let column = Self.column(of: name, in: values)
            throw SourceError(
                file: "--at", SourceLocation(line: 1, column: column),
                "'\(name)' does not appear in the expression (its names: \(used.joined(separator: ", ")))")
        }
        outputName = used.contains("f") ? "out" : "f"
        _ = try build(shift: nil)
    }

    /// The graph with every node computed and differentiated, and its trace.
    public func trace() throws(SourceError) -> Trace {
        let (graph, output) = try build(shift: nil)
        graph.backward(from: output)
        return graph.trace(of: output)
    }

    /// Builds the graph; `shift` moves one node's value right after it is computed (node ids
    /// are those of the unshifted trace, which keeps every node: each one feeds the result).
    func build(shift: NodeShift?) throws(SourceError) -> (ScalarGraph, Scalar) {
        let graph = ScalarGraph()
        var inputs: [String: Scalar] = [:]
        var next = 0
        func node(_ make: (Double) -> Scalar) -> Scalar {
            let id = next
            next += 1
            let delta = shift.map { $0.node == id && $0.element == 0 ? $0.delta : 0 } ?? 0
            return make(delta)
        }
        func shifted(_ s: Scalar, _ delta: Double) -> Scalar { delta == 0 ? s : s + graph.constant(delta) }
        func error(_ location: SourceLocation, _ message: String) -> SourceError {
            SourceError(file: "--expr", location, message)
        }
        func walk(_ e: Expression) throws(SourceError) -> Scalar {
            switch e {
            case .number(let x, _):
                return node { graph.constant(x + $0) }
            case .name(let name, let location):
                if let known = inputs[name] { return known }
                guard let value = bindings.first(where: { $0.name == name })?.value else {
                    throw error(location, "'\(name)' has no value; give it with --at, e.g. --at \"\(name)=1\"")
                }
                let input = node { graph.input(value + $0, name: name) }
                inputs[name] = input
                return input
            case .negate(let inner, _):
                let a = try walk(inner)
                return node { shifted(graph.apply(.negate, a), $0) }
            case .binary(let symbol, let lhs, let rhs, let location):
                if symbol == "^" {
                    let base = try walk(lhs)
                    guard let exponent = NetworkInterpreter.constant(rhs) else {
                        throw error(rhs.location, "the exponent after '^' must be a number")
                    }
                    return node { shifted(graph.apply(.power(exponent), base), $0) }
                }
                let ops: [String: ScalarOp] = ["+": .add, "-": .subtract, "*": .multiply, "/": .divide]
                guard let op = ops[symbol] else {
                    throw error(location, "'\(symbol)' multiplies matrices; in a scalar expression use '*'")
                }
                let a = try walk(lhs), b = try walk(rhs)
                return node { shifted(graph.apply(op, a, b), $0) }
            case .call(let function, let arguments, let location):
                guard let op = Self.functions[function] else {
                    var message = "unknown function '\(function)'"
                    if let guess = Spelling.closest(to: function, among: Array(Self.functions.keys)) {
                        message += "; did you mean '\(guess)'?"
                    }
                    throw error(location, message + " (functions: \(Self.functions.keys.sorted().joined(separator: ", ")))")
                }
                guard arguments.count == 1, arguments[0].label == nil else {
                    throw error(location, "'\(function)' takes one argument, as in \(function)(x)")
                }
                let a = try walk(arguments[0].value)
                return node { shifted(graph.apply(op, a), $0) }
            case .list(_, let location):
                throw error(location, "a scalar expression has no brackets '[…]'; use numbers, names, operators and functions")
            }
        }
        let output = try walk(syntax).named(outputName)
        return (graph, output)
    }

    // MARK: --at

    /// `w=0.5, x=2, b=-1/3`: names and constant values, separated by commas.
    static func parseBindings(_ text: String) throws(SourceError) -> [(name: String, value: Double)] {
        var result: [(name: String, value: Double)] = []
        var offset = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let start = offset
            offset += part.count + 1
            func error(_ column: Int, _ message: String) -> SourceError {
                SourceError(file: "--at", SourceLocation(line: 1, column: start + column), message)
            }
            if part.allSatisfy(\.isWhitespace) {
                if text.allSatisfy(\.isWhitespace) { break }
                throw error(1, "expected 'name=value' between commas")
            }
            let firstColumn = (part.firstIndex { !$0.isWhitespace }.map { part.distance(from: part.startIndex, to: $0) } ?? 0) + 1
            guard let equals = part.firstIndex(of: "=") else {
                throw error(firstColumn, "expected 'name=value', such as 'x=2', found '\(part.trimmingCharacters(in: .whitespaces))'")
            }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces)
            let nameColumn = firstColumn
            guard let first = name.first, first.isLetter || first == "_",
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                throw error(nameColumn, "expected a name before '=', found '\(name)'")
            }
            guard !result.contains(where: { $0.name == name }) else { throw error(nameColumn, "'\(name)' is given twice") }
            let valueColumn = part.distance(from: part.startIndex, to: equals) + 2
            let valueText = String(part[part.index(after: equals)...])
            let value: Double?
            do {
                var parser = try Parser(valueText, file: "--at")
                value = NetworkInterpreter.constant(try parser.singleExpression())
            } catch {
                throw SourceError(
                    file: "--at", SourceLocation(line: 1, column: start + valueColumn + error.location.column - 1), error.message)
            }
            guard let value, value.isFinite else { throw error(valueColumn, "the value of '\(name)' must be a number") }
            result.append((name, value))
        }
        return result
    }

    private static func column(of name: String, in text: String) -> Int {
        guard let range = text.range(of: name) else { return 1 }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }

    /// The names an expression uses, in order of first appearance.
    private static func collectNames(_ e: Expression, into names: inout [String], bound: Set<String>) throws(SourceError) {
        switch e {
        case .number: break
        case .name(let n, _): if !names.contains(n) { names.append(n) }
        case .list(let items, _): for item in items { try collectNames(item, into: &names, bound: bound) }
        case .call(_, let arguments, _): for a in arguments { try collectNames(a.value, into: &names, bound: bound) }
        case .binary(_, let a, let b, _):
            try collectNames(a, into: &names, bound: bound)
            try collectNames(b, into: &names, bound: bound)
        case .negate(let a, _): try collectNames(a, into: &names, bound: bound)
        }
    }
}

extension ScalarExpression: Recomputable {
    public func forward(with shift: NodeShift) throws -> Trace {
        let (graph, output) = try build(shift: shift)
        var trace = graph.trace(of: output)
        trace.lossID = trace.nodes.count - 1
        return trace
    }
}
