import Engine
import Support

/// A scalar expression such as `tanh(w*x + b)` with values for its names (`w=0.5, x=2, b=0.1`),
/// built on the scalar engine (`ScalarGraph`) for `backprop explain --expr`. It uses the
/// network-file parser, so operators (+ − * / ^, unary −) and calls read the same; the functions
/// are the op table's functions of one number (`OpTable.scalarFunctionNames`), and an exponent
/// after `^` must be a number.
///
/// Mistakes are `SourceError`s in the file `--expr` (or `--at`) with the line and column. Line
/// endings may be LF, CRLF or CR; nesting is bounded as in network files (`LanguageLimits.nesting`),
/// and a long sum is a loop, not a recursion, in the parser and here.
public struct ScalarExpression: Sendable {
    public let source: String
    let syntax: Expression
    /// The names' values in the order given.
    public let bindings: [(name: String, value: Double)]
    /// The name given to the expression's result.
    public let outputName: String

    static let operators: [String: ScalarOp] = ["+": .add, "-": .subtract, "*": .multiply, "/": .divide]

    public init(_ source: String, at values: String) throws(SourceError) {
        self.source = source
        var parser = try Parser(source, file: "--expr")
        syntax = try parser.singleExpression()
        let values = SourceText.normalizingLineEndings(values)
        bindings = try Self.parseBindings(values)
        var used: [String] = []
        var seen: Set<String> = []
        Self.collectNames(syntax, into: &used, seen: &seen)
        for (name, _) in bindings where !seen.contains(name) {
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
        var builder = ScalarBuilder(bindings: bindings, shift: shift)
        let output = try builder.walk(syntax).named(outputName)
        return (builder.graph, output)
    }

    // MARK: --at

    /// `w=0.5, x=2, b=-1/3`: names and constant values, separated by commas.
    static func parseBindings(_ text: String) throws(SourceError) -> [(name: String, value: Double)] {
        var result: [(name: String, value: Double)] = []
        var given: Set<String> = []
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
                throw error(firstColumn, "expected 'name=value', such as 'x=2', found '\(part.trimmingCharacters(in: .whitespacesAndNewlines))'")
            }
            let name = part[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
            let nameColumn = firstColumn
            guard let first = name.first, first.isLetter || first == "_",
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                throw error(nameColumn, "expected a name before '=', found '\(name)'")
            }
            guard given.insert(name).inserted else { throw error(nameColumn, "'\(name)' is given twice") }
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
    private static func collectNames(_ e: Expression, into names: inout [String], seen: inout Set<String>) {
        switch e {
        case .number: break
        case .name(let n, _): if seen.insert(n).inserted { names.append(n) }
        case .list(let items, _): for item in items { collectNames(item, into: &names, seen: &seen) }
        case .call(_, let arguments, _, _): for a in arguments { collectNames(a.value, into: &names, seen: &seen) }
        case .chain(let first, let links):
            collectNames(first, into: &names, seen: &seen)
            for link in links { collectNames(link.operand, into: &names, seen: &seen) }
        case .power(let a, let b, _, _):
            collectNames(a, into: &names, seen: &seen)
            collectNames(b, into: &names, seen: &seen)
        case .negate(let a, _, _): collectNames(a, into: &names, seen: &seen)
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

/// Builds the scalar graph of an expression, each op's node named by its text as written
/// (`w*x`, `w*x + b`; the whole expression is named `f`). The walk recurses once per level of the tree, which
/// the parser keeps at most `LanguageLimits.nesting` levels of nesting deep (a chain `a + b + …`
/// is one level, built by a loop); each kind of node has its own method so that the recursion's
/// frame stays small (in a debug build a frame holds every local of every case).
private struct ScalarBuilder {
    let graph = ScalarGraph()
    let bindings: [(name: String, value: Double)]
    let shift: NodeShift?
    var inputs: [String: Scalar] = [:]
    var next = 0

    init(bindings: [(name: String, value: Double)], shift: NodeShift?) {
        self.bindings = bindings
        self.shift = shift
    }

    /// Makes the next node, given the shift of its value (0 unless it is the shifted node).
    private mutating func node(_ make: (Double) -> Scalar) -> Scalar {
        let id = next
        next += 1
        let delta = shift.map { $0.node == id && $0.element == 0 ? $0.delta : 0 } ?? 0
        return make(delta)
    }

    private mutating func apply(_ op: ScalarOp, _ a: Scalar, _ b: Scalar, name: String) -> Scalar {
        let graph = self.graph
        return node { delta in
            let s = graph.apply(op, a, b, name: name)
            return delta == 0 ? s : s + graph.constant(delta)
        }
    }

    private mutating func apply(function: some ElementwiseOp, _ a: Scalar, name: String) -> Scalar {
        let graph = self.graph
        return node { delta in
            let s = graph.apply(function: function, a, name: name)
            return delta == 0 ? s : s + graph.constant(delta)
        }
    }

    private func error(_ location: SourceLocation, _ message: String) -> SourceError {
        SourceError(file: "--expr", location, message)
    }

    mutating func walk(_ e: Expression) throws(SourceError) -> Scalar {
        switch e {
        case .number(let x, _):
            let graph = self.graph
            return node { graph.constant(x + $0) }
        case .name(let name, let location): return try input(name, at: location)
        case .negate(let inner, _, let text): return apply(function: Negate(), try walk(inner), name: text)
        case .power(let base, let exponent, _, let text): return try power(base, exponent, name: text)
        case .chain(let first, let links): return try chain(first, links)
        case .call(let function, let arguments, let location, let text):
            return try call(function, arguments, at: location, name: text)
        case .list(_, let location):
            throw error(location, "a scalar expression has no brackets '[…]'; use numbers, names, operators and functions")
        }
    }

    private mutating func input(_ name: String, at location: SourceLocation) throws(SourceError) -> Scalar {
        if let known = inputs[name] { return known }
        guard let value = bindings.first(where: { $0.name == name })?.value else {
            throw error(location, "'\(name)' has no value; give it with --at, e.g. --at \"\(name)=1\"")
        }
        let graph = self.graph
        let input = node { graph.input(value + $0, name: name) }
        inputs[name] = input
        return input
    }

    private mutating func power(_ base: Expression, _ exponent: Expression, name: String) throws(SourceError) -> Scalar {
        let a = try walk(base)
        guard let c = NetworkInterpreter.constant(exponent) else {
            throw error(exponent.location, "the exponent after '^' must be a number")
        }
        return apply(function: Power(c), a, name: name)
    }

    /// `a + b - c`: one loop over the operands, however many.
    private mutating func chain(_ first: Expression, _ links: [ChainLink]) throws(SourceError) -> Scalar {
        var a = try walk(first)
        for link in links {
            guard let op = ScalarExpression.operators[link.symbol] else {
                throw error(link.location, "'\(link.symbol)' multiplies matrices; in a scalar expression use '*'")
            }
            let b = try walk(link.operand)
            a = apply(op, a, b, name: link.text)
        }
        return a
    }

    /// A call of one of the op table's functions of one number, with its options.
    private mutating func call(
        _ function: String, _ arguments: [Argument], at location: SourceLocation, name: String
    ) throws(SourceError) -> Scalar {
        guard let declaration = OpTable.declaration(named: function), OpTable.scalarFunctionNames.contains(function) else {
            let functions = OpTable.scalarFunctionNames
            var message = "unknown function '\(function)'"
            if let guess = Spelling.closest(to: function, among: functions) { message += "; did you mean '\(guess)'?" }
            throw error(location, message + " (functions: \(functions.joined(separator: ", ")))")
        }
        guard arguments.filter({ $0.label == nil }).count == 1, arguments[0].label == nil else {
            throw error(location, "'\(function)' takes one argument, as in \(declaration.usage)")
        }
        let call = try CallArguments(function, arguments, declaration, at: location, file: "--expr")
        let options = try declaration.checkedOptions(call)
        let op: (any ElementwiseOp)?
        do {
            op = try declaration.scalarFunction(OpCall(shapes: [.scalar], options: options, words: call.words))
        } catch {
            throw self.error(location, error.message)
        }
        guard let op else { throw error(location, "'\(function)' is not a function of one number") }
        return apply(function: op, try walk(arguments[0].value), name: name)
    }
}
