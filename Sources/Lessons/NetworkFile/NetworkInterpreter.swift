import Foundation
import Engine
import Explainer
import NN

/// Executes a network file's statements on a tape. Every mistake becomes a `SourceError` at the
/// place it was made: an undefined name at the name, a shape mismatch at the operator.
struct NetworkInterpreter {
    let file: String
    let tape: Tape<Double>
    var parameters: [String: Parameter<Double>] = [:]
    var variables: [String: Variable] = [:]
    var labels: [String: [Int]] = [:]
    var locations: [String: SourceLocation] = [:]
    /// One number moved right after its node is computed (finite differences on any node).
    let shift: NodeShift?

    init(file: String, tape: Tape<Double>, shift: NodeShift? = nil) {
        self.file = file
        self.tape = tape
        self.shift = shift
    }

    /// Applies `shift` when `v` is the node it moves.
    private func shifted(_ v: Variable) -> Variable {
        if let shift, shift.node == v.id, shift.element >= 0, shift.element < tape.shape(of: v).count {
            tape.node(v).value.pointer[shift.element] += shift.delta
        }
        return v
    }

    enum Value {
        case number(Double)
        case tensor(Variable)
        case labels(String)
    }

    private func error(_ location: SourceLocation, _ message: String) -> SourceError {
        SourceError(file: file, location, message)
    }

    // MARK: Statements

    mutating func execute(_ statement: Statement) throws(SourceError) {
        switch statement {
        case .declaration(let kind, let name, let value, let location):
            try checkNew(name, at: location)
            locations[name] = location
            switch kind {
            case .labels:
                labels[name] = try NetworkInterpreter.declaredLabels(value, file: file)
            case .param:
                guard let parameter = parameters[name] else { throw error(location, "parameter '\(name)' has no value") }
                variables[name] = shifted(tape.parameter(parameter))
            case .input:
                variables[name] = tape.input(name, try NetworkInterpreter.declaredTensor(value, kind: kind, file: file))
            case .target:
                variables[name] = tape.constant(name, try NetworkInterpreter.declaredTensor(value, kind: kind, file: file))
            }
        case .assignment(let name, let value, let location):
            try checkNew(name, at: location)
            let result = try evaluate(value, name: name)
            locations[name] = location
            switch result {
            case .tensor(let v): variables[name] = v
            case .number(let x): variables[name] = tape.constant(name, Tensor(x))
            case .labels(let other):
                throw error(value.location, "'\(other)' holds labels; labels can only be passed to cross_entropy")
            }
        }
    }

    private func checkNew(_ name: String, at location: SourceLocation) throws(SourceError) {
        if let earlier = locations[name] {
            throw error(location, "'\(name)' is already defined at line \(earlier.line); give this value another name")
        }
        if NetworkFunctions.all[name] != nil || Initializers.all[name] != nil {
            throw error(location, "'\(name)' is the name of a function; choose another name")
        }
    }

    // MARK: Expressions

    /// Evaluates an expression; `name` names the node of the outermost op.
    mutating func evaluate(_ expression: Expression, name: String? = nil) throws(SourceError) -> Value {
        switch expression {
        case .number(let x, _):
            return .number(x)
        case .name(let n, let location):
            if let v = variables[n] { return .tensor(v) }
            if labels[n] != nil { return .labels(n) }
            let known = locations.keys.sorted()
            var message = "undefined name '\(n)'"
            if let guess = Spelling.closest(to: n, among: known) { message += "; did you mean '\(guess)'?" }
            message += known.isEmpty ? " (nothing is defined yet)" : " (defined so far: \(known.joined(separator: ", ")))"
            throw error(location, message)
        case .list(_, let location):
            throw error(location, "a bracketed value can only be declared ('input x = [[1, 2]]'), not used inside an expression")
        case .negate(let inner, let location):
            switch try evaluate(inner) {
            case .number(let x): return .number(-x)
            case .tensor(let v): return .tensor(try op(location) { try tape.scale(v, by: -1, name: name) })
            case .labels(let n): throw error(location, "cannot negate the labels '\(n)'")
            }
        case .binary(let symbol, let lhs, let rhs, let location):
            let a = try evaluate(lhs), b = try evaluate(rhs)
            return try binary(symbol, a, b, at: location, name: name)
        case .call(let function, let arguments, let location):
            guard let definition = NetworkFunctions.all[function] else {
                if Initializers.all[function] != nil {
                    throw error(location, "'\(function)' makes initial values; use it in a declaration such as 'param W = \(function)(2, 3)'")
                }
                var message = "unknown function '\(function)'"
                if let guess = Spelling.closest(to: function, among: Array(NetworkFunctions.all.keys)) {
                    message += "; did you mean '\(guess)'?"
                }
                message += " (functions: \(NetworkFunctions.all.keys.sorted().joined(separator: ", ")))"
                throw error(location, message)
            }
            let call = try CallArguments(function, arguments, definition, at: location, file: file)
            var values: [Value] = []
            for argument in call.positional {
                // A bracketed list is a shape (reshape's second argument), read by the function itself.
                if case .list = argument {
                    values.append(.number(.nan))
                } else {
                    values.append(try evaluate(argument))
                }
            }
            return .tensor(try definition.apply(&self, values, call, location, name))
        }
    }

    private mutating func binary(
        _ symbol: String, _ a: Value, _ b: Value, at location: SourceLocation, name: String?
    ) throws(SourceError) -> Value {
        if case .number(let x) = a, case .number(let y) = b {
            switch symbol {
            case "+": return .number(x + y)
            case "-": return .number(x - y)
            case "*": return .number(x * y)
            case "/": return .number(x / y)
            case "^": return .number(Foundation.pow(x, y))
            default: throw error(location, "'@' multiplies matrices, not numbers; use '*'")
            }
        }
        if case .labels(let n) = a { throw error(location, "labels '\(n)' can only be passed to cross_entropy") }
        if case .labels(let n) = b { throw error(location, "labels '\(n)' can only be passed to cross_entropy") }
        let tape = self.tape
        switch (symbol, a, b) {
        case ("*", .number(let c), .tensor(let v)), ("*", .tensor(let v), .number(let c)):
            return .tensor(try op(location) { try tape.scale(v, by: c, name: name) })
        case ("/", .tensor(let v), .number(let c)):
            return .tensor(try op(location) { try tape.scale(v, by: 1 / c, name: name) })
        case ("^", .tensor(let v), .number(let c)):
            return .tensor(try op(location) { try tape.power(v, c, name: name) })
        case ("^", _, _):
            throw error(location, "the exponent after '^' must be a number")
        default:
            break
        }
        let x = tensor(a), y = tensor(b)
        switch symbol {
        case "+": return .tensor(try op(location) { try tape.add(x, y, name: name) })
        case "-": return .tensor(try op(location) { try tape.subtract(x, y, name: name) })
        case "*": return .tensor(try op(location) { try tape.multiply(x, y, name: name) })
        case "@": return .tensor(try op(location) { try tape.matmul(x, y, name: name) })
        default:  // "/"
            let reciprocal = try op(location) { try tape.power(y, -1) }
            return .tensor(try op(location) { try tape.multiply(x, reciprocal, name: name) })
        }
    }

    /// A number used with a tensor becomes a constant node.
    private func tensor(_ value: Value) -> Variable {
        switch value {
        case .tensor(let v): v
        case .number(let x): tape.constant(NumberFormat.compact(x), Tensor(x))
        case .labels: preconditionFailure("labels are rejected before")
        }
    }

    /// Runs a tape op, turning an engine error into a located one.
    func op(_ location: SourceLocation, _ body: () throws -> Variable) throws(SourceError) -> Variable {
        do {
            return shifted(try body())
        } catch let error as EngineError {
            throw self.error(location, error.message)
        } catch {
            throw self.error(location, "\(error)")
        }
    }

    // MARK: Declared values

    /// The tensor a declaration gives: a number, a bracketed literal, or an initializer call.
    static func declaredTensor(_ value: Expression, kind: DeclarationKind, file: String) throws(SourceError) -> Tensor<Double> {
        if case .call(let function, let arguments, let location) = value {
            guard let initializer = Initializers.all[function] else {
                var message = "'\(function)' is not an initializer"
                if let guess = Spelling.closest(to: function, among: Array(Initializers.all.keys)) {
                    message += "; did you mean '\(guess)'?"
                }
                message += " (initializers: \(Initializers.all.keys.sorted().joined(separator: ", ")))"
                throw SourceError(file: file, location, message)
            }
            return try initializer.tensor(arguments, at: location, file: file)
        }
        return try literal(value, file: file)
    }

    /// A number or a nested bracketed list of numbers, rectangular, at most 4 levels deep.
    static func literal(_ value: Expression, file: String) throws(SourceError) -> Tensor<Double> {
        var elements: [Double] = []
        func walk(_ e: Expression, depth: Int) throws(SourceError) -> [Int] {
            switch e {
            case .list(let items, let location):
                guard !items.isEmpty else { throw SourceError(file: file, location, "an empty list has no shape") }
                guard depth < Shape.maximumRank else {
                    throw SourceError(file: file, location, "at most \(Shape.maximumRank) levels of brackets")
                }
                var inner: [Int]? = nil
                for item in items {
                    let shape = try walk(item, depth: depth + 1)
                    if let inner, inner != shape {
                        throw SourceError(
                            file: file, item.location,
                            "rows of different lengths: this one has shape \(Shape(shape)), an earlier one \(Shape(inner))")
                    }
                    inner = shape
                }
                return [items.count] + (inner ?? [])
            default:
                guard let x = constant(e) else {
                    throw SourceError(file: file, e.location, "expected a number in a literal value")
                }
                elements.append(x)
                return []
            }
        }
        let dimensions = try walk(value, depth: 0)
        return Tensor(shape: Shape(dimensions), elements: elements)
    }

    /// The value of an expression made only of numbers (`-0.5`, `1/3`, `2^-3`), or nil.
    static func constant(_ e: Expression) -> Double? {
        switch e {
        case .number(let x, _): return x
        case .negate(let inner, _): return constant(inner).map { -$0 }
        case .binary(let symbol, let lhs, let rhs, _):
            guard let a = constant(lhs), let b = constant(rhs) else { return nil }
            switch symbol {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/": return a / b
            case "^": return Foundation.pow(a, b)
            default: return nil
            }
        default: return nil
        }
    }

    static func declaredLabels(_ value: Expression, file: String) throws(SourceError) -> [Int] {
        guard case .list(let items, let location) = value, !items.isEmpty else {
            throw SourceError(file: file, value.location, "labels are a list of class numbers, e.g. 'labels y = [2, 0, 1]'")
        }
        var result: [Int] = []
        for item in items {
            guard let x = constant(item), x == x.rounded(), x >= 0, x < 1e9 else {
                throw SourceError(file: file, item.location, "a label must be a whole number ≥ 0")
            }
            result.append(Int(x))
        }
        _ = location
        return result
    }
}

