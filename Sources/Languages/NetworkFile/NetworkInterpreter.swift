import Foundation
import Engine

import NN
import Support

/// Executes a network file's statements on a tape. Every mistake becomes a `SourceError` at the
/// place it was made: an undefined name at the name, a shape mismatch at the operator.
struct NetworkInterpreter {
    let file: String
    let tape: Tape<Double>
    var parameters: [String: Parameter<Double>] = [:]
    var variables: [String: Variable] = [:]
    var labels: [String: [Int]] = [:]
    var locations: [String: SourceLocation] = [:]
    /// Values that replace declared inputs, by name.
    var inputValues: [String: Tensor<Double>] = [:]
    /// One number moved right after its node is computed (finite differences on any node).
    let shift: NodeShift?
    /// The numbers this run holds, against the limits.
    var budget: EntryBudget
    /// Inputs that take a gradient here (those a `grad` statement asks for).
    var differentiated: Set<String> = []

    init(file: String, tape: Tape<Double>, shift: NodeShift? = nil) {
        self.file = file
        self.tape = tape
        self.shift = shift
        budget = EntryBudget(file: file)
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
                try budget.take(parameter.shape.count, for: "parameter '\(name)'", at: location)
                variables[name] = shifted(tape.parameter(parameter))
            case .input:
                let declared = try NetworkInterpreter.declaredTensor(value, kind: kind, budget: &budget)
                if let given = inputValues[name], given.shape != declared.shape {
                    throw error(location, "input '\(name)' is declared with shape \(declared.shape), not \(given.shape)")
                }
                variables[name] = shifted(
                    tape.input(name, inputValues[name] ?? declared, requiresGradient: differentiated.contains(name)))
            case .target:
                variables[name] = tape.constant(name, try NetworkInterpreter.declaredTensor(value, kind: kind, budget: &budget))
            }
        case .assignment(let name, let value, let location):
            try checkNew(name, at: location)
            let result = try evaluate(value, name: name)
            locations[name] = location
            switch result {
            case .tensor(let v): variables[name] = v
            case .number(let x):
                try budget.take(1, for: "'\(name)'", at: location)
                variables[name] = tape.constant(name, Tensor(x))
            case .labels(let other):
                throw error(value.location, "'\(other)' holds labels; labels can only be passed to \(OpTable.labelFunctions)")
            }
        case .gradient:
            break  // evaluated after the forward pass (StatedGradients.swift)
        }
    }

    private func checkNew(_ name: String, at location: SourceLocation) throws(SourceError) {
        if let earlier = locations[name] {
            throw error(location, "'\(name)' is already defined at line \(earlier.line); give this value another name")
        }
        if OpTable.declaration(named: name) != nil || Initializers.all[name] != nil {
            throw error(location, "'\(name)' is the name of a function; choose another name")
        }
    }

    // MARK: Expressions

    /// Evaluates an expression; `name` names the node of the outermost op, and every other op's
    /// node is named by its text as written (`x @ W1`, `sum(e ^ 2)`). It recurses once per
    /// level of the tree, which the parser keeps at most `LanguageLimits.nesting` levels of
    /// nesting deep (a chain `a + b + …` is one level, evaluated by a loop). Each kind of node
    /// has its own function so that the frame of this recursion stays small (in a debug build a
    /// frame holds every local of every case).
    mutating func evaluate(_ expression: Expression, name: String? = nil) throws(SourceError) -> Value {
        switch expression {
        case .number(let x, _): return .number(x)
        case .name(let n, let location): return try value(of: n, at: location)
        case .list(_, let location):
            throw error(location, "a bracketed value can only be declared ('input x = [[1, 2]]'), not used inside an expression")
        case .negate(let inner, let location, let text): return try negate(inner, at: location, name: name ?? text)
        case .chain(let first, let links): return try chain(first, links, name: name)
        case .power(let base, let exponent, let location, let text):
            let a = try evaluate(base), b = try evaluate(exponent)
            return try binary("^", a, b, at: location, name: name ?? text)
        case .call(let function, let arguments, let location, let text):
            return try call(function, arguments, at: location, name: name ?? text)
        }
    }

    private func value(of n: String, at location: SourceLocation) throws(SourceError) -> Value {
        if let v = variables[n] { return .tensor(v) }
        if labels[n] != nil { return .labels(n) }
        let known = locations.keys.sorted()
        var message = "undefined name '\(n)'"
        if let guess = Spelling.closest(to: n, among: known) { message += "; did you mean '\(guess)'?" }
        message += known.isEmpty ? " (nothing is defined yet)" : " (defined so far: \(known.joined(separator: ", ")))"
        throw error(location, message)
    }

    private mutating func negate(_ inner: Expression, at location: SourceLocation, name: String?) throws(SourceError) -> Value {
        let tape = self.tape
        switch try evaluate(inner) {
        case .number(let x): return .number(-x)
        case .tensor(let v): return .tensor(try op(location) { try tape.scale(v, by: -1, name: name) })
        case .labels(let n): throw error(location, "cannot negate the labels '\(n)'")
        }
    }

    /// `a + b - c`: one loop over the operands, however many.
    private mutating func chain(_ first: Expression, _ links: [ChainLink], name: String?) throws(SourceError) -> Value {
        var value = try evaluate(first)
        for (k, link) in links.enumerated() {
            let operand = try evaluate(link.operand)
            let given = k == links.count - 1 ? name : nil
            value = try binary(link.symbol, value, operand, at: link.location, name: given ?? link.text)
        }
        return value
    }

    /// A call of a declared op (`OpTable`): the arguments evaluated and checked against the
    /// declaration, the op made from them, recorded on the tape.
    private mutating func call(
        _ function: String, _ arguments: [Argument], at location: SourceLocation, name: String?
    ) throws(SourceError) -> Value {
        guard let declaration = OpTable.declaration(named: function) else {
            if Initializers.all[function] != nil {
                throw error(location, "'\(function)' makes initial values; use it in a declaration such as 'param W = \(function)(2, 3)'")
            }
            let names = OpTable.all.map(\.name)
            var message = "unknown function '\(function)'"
            if let guess = Spelling.closest(to: function, among: names) { message += "; did you mean '\(guess)'?" }
            message += " (functions: \(names.joined(separator: ", ")))"
            throw error(location, message)
        }
        let call = try CallArguments(function, arguments, declaration, at: location, file: file)
        let options = try declaration.checkedOptions(call)
        var values: [Value] = []
        for argument in call.positional {
            // A bracketed list is a shape (reshape's second argument), read below.
            if case .list = argument {
                values.append(.number(.nan))
            } else {
                values.append(try evaluate(argument))
            }
        }
        var tensors: [Variable] = [], numbers: [Double] = [], dimensions: [Int] = []
        var classLabels: [Int]? = nil
        for (k, kind) in declaration.arguments.enumerated() {
            let place = call.positional[k].location
            switch (kind, values[k]) {
            case (.tensor, .tensor(let v)): tensors.append(v)
            case (.tensor, .number):
                throw error(place, "argument \(k + 1) of \(declaration.usage) must be a tensor, not a number")
            case (.tensor, .labels(let n)):
                throw error(place, "argument \(k + 1) of \(declaration.usage) must be a tensor, but '\(n)' holds labels")
            case (.number, .number(let c)): numbers.append(c)
            case (.number(let what), _): throw error(place, "the \(what) of \(function) must be a number")
            case (.labels, .labels(let n)) where labels[n] != nil: classLabels = labels[n]
            case (.labels, _):
                throw error(place, "the \(Self.ordinal(k)) argument of \(function) must be labels declared with 'labels y = [...]'")
            case (.shape, _):
                dimensions = try shapeArgument(call.positional[k], of: function, tensor: tensors.first)
            }
        }
        let opCall = OpCall(
            shapes: tensors.map { tape.shape(of: $0) }, numbers: numbers, dimensions: dimensions, options: options,
            words: call.words)
        let op = try Self.make(declaration, opCall, file: file, at: location)
        try checkRoom(for: op, tensors, at: location)
        let recording = Recording(op: op, inputs: NodeInputs(tensors), labels: classLabels, name: name, tape: tape)
        return .tensor(try self.op(location, recording.run))
    }

    private static func make(
        _ declaration: OpDeclaration, _ call: OpCall, file: String, at location: SourceLocation
    ) throws(SourceError) -> any TensorOp {
        do {
            return try declaration.make(call)
        } catch {
            throw SourceError(file: file, location, error.message)
        }
    }

    /// One op to record on the tape, with the class labels of a loss.
    private struct Recording {
        let op: any TensorOp
        let inputs: NodeInputs
        let labels: [Int]?
        let name: String?
        let tape: Tape<Double>

        func run() throws -> Variable {
            guard let labels else { return try tape.record(op, inputs, name: name) }
            let labels32 = labels.map { Int32(clamping: $0) }
            return try labels32.withUnsafeBufferPointer { try tape.record(op, inputs, name: name, labels: $0) }
        }
    }

    /// The dimensions of a shape argument (`[2, 3]`), each a whole number, with a product the
    /// limits allow.
    private func shapeArgument(_ expression: Expression, of function: String, tensor: Variable?) throws(SourceError) -> [Int] {
        guard case .list(let items, let listLocation) = expression else {
            throw error(expression.location, "\(function) needs the new shape as a list, e.g. [2, 3]")
        }
        guard (1...Shape.maximumRank).contains(items.count) else {
            throw error(listLocation, "a shape has 1 to \(Shape.maximumRank) dimensions")
        }
        let dimensions = try Dimensions.read(items, file: file)
        // A shape whose product overflows is refused here (Shape's count would trap); any other
        // count that differs from the tensor's, the op reports.
        guard Shape(checking: dimensions, maximumCount: LanguageLimits.tensorEntries) != nil else {
            let size = Shape.checkedCount(dimensions).map { "\($0) numbers" } ?? "more numbers than a 64-bit integer counts"
            let has = tensor.map { ", but the tensor has \(tape.shape(of: $0).count)" } ?? ""
            throw error(listLocation, "\(function): the shape \(Dimensions.text(dimensions)) has \(size)\(has)")
        }
        return dimensions
    }

    private static func ordinal(_ k: Int) -> String {
        k < 5 ? ["first", "second", "third", "fourth", "fifth"][k] : "\(k + 1)th"
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
        if case .labels(let n) = a { throw error(location, "labels '\(n)' can only be passed to \(OpTable.labelFunctions)") }
        if case .labels(let n) = b { throw error(location, "labels '\(n)' can only be passed to \(OpTable.labelFunctions)") }
        let tape = self.tape
        if symbol == "@", case .tensor(let x) = a, case .tensor(let y) = b {
            try checkRoom(for: MatMul(), [x, y], at: location)
        }
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
        let x = try tensor(a, at: location), y = try tensor(b, at: location)
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
    private mutating func tensor(_ value: Value, at location: SourceLocation) throws(SourceError) -> Variable {
        switch value {
        case .tensor(let v): return v
        case .number(let x):
            try budget.take(1, for: "the number \(NumberFormat.shortest(x))", at: location)
            return tape.constant(NumberFormat.compact(x), Tensor(x))
        case .labels: preconditionFailure("labels are rejected before")
        }
    }

    /// Runs a tape op, turning an engine error into a located one, and counts the numbers its
    /// result and scratch hold. An op whose result can be larger than its inputs (a matrix
    /// product, a convolution) is checked with `checkRoom` before it runs; every other op's
    /// result is at most as large as an input, which the limits already bound.
    mutating func op(_ location: SourceLocation, _ body: () throws -> Variable) throws(SourceError) -> Variable {
        try budget.takeOperation(at: location)
        let result: Variable
        do {
            result = shifted(try body())
        } catch let error as EngineError {
            throw self.error(location, error.message)
        } catch {
            throw self.error(location, "\(error)")
        }
        let node = tape.node(result)
        try budget.take(node.shape.count, for: "the result of \(node.op.name)", at: location)
        try budget.take(node.auxiliary.count, for: "the scratch of \(node.op.name)", at: location)
        return result
    }

    /// Checks, before `op` allocates anything, that its result and scratch fit the limits (a
    /// shape error is left for the op itself to report).
    func checkRoom(for op: some TensorOp, _ inputs: [Variable], at location: SourceLocation) throws(SourceError) {
        let shapes = ShapeList(inputs.map { tape.shape(of: $0) })
        guard let output = try? op.outputShape(shapes), let count = Shape.checkedCount(output.dimensions),
            count > (0..<shapes.count).map({ shapes[$0].count }).max() ?? 0 || op.auxiliaryCount(shapes, output: output) > 0
        else { return }
        var room = budget
        try room.take(count, for: "the result of \(op.name) \(output)", at: location)
        try room.take(op.auxiliaryCount(shapes, output: output), for: "the scratch of \(op.name)", at: location)
    }

    // MARK: Declared values

    /// The tensor a declaration gives: a number, a bracketed literal, or an initializer call,
    /// counted in `budget` before it is allocated.
    static func declaredTensor(
        _ value: Expression, kind: DeclarationKind, budget: inout EntryBudget
    ) throws(SourceError) -> Tensor<Double> {
        let file = budget.file
        if case .call(let function, let arguments, let location, _) = value {
            guard let initializer = Initializers.all[function] else {
                var message = "'\(function)' is not an initializer"
                if let guess = Spelling.closest(to: function, among: Array(Initializers.all.keys)) {
                    message += "; did you mean '\(guess)'?"
                }
                message += " (initializers: \(Initializers.all.keys.sorted().joined(separator: ", ")))"
                throw SourceError(file: file, location, message)
            }
            return try initializer.tensor(arguments, at: location, budget: &budget)
        }
        return try literal(value, budget: &budget)
    }

    /// A number or a nested bracketed list of numbers, rectangular, at most 4 levels deep.
    static func literal(_ value: Expression, budget: inout EntryBudget) throws(SourceError) -> Tensor<Double> {
        let file = budget.file
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
                guard elements.count < LanguageLimits.tensorEntries else {
                    throw SourceError(
                        file: file, value.location,
                        "this literal has more than \(LanguageLimits.describe(LanguageLimits.tensorEntries)) numbers, the most a tensor may hold")
                }
                elements.append(x)
                return []
            }
        }
        let dimensions = try walk(value, depth: 0)
        try budget.take(elements.count, for: "this literal", at: value.location)
        return Tensor(shape: Shape(dimensions), elements: elements)
    }

    /// The value of an expression made only of numbers (`-0.5`, `1/3`, `2^-3`), or nil.
    static func constant(_ e: Expression) -> Double? {
        switch e {
        case .number(let x, _): return x
        case .negate(let inner, _, _): return constant(inner).map { -$0 }
        case .chain(let first, let links):
            guard var a = constant(first) else { return nil }
            for link in links {
                guard let b = constant(link.operand) else { return nil }
                switch link.symbol {
                case "+": a += b
                case "-": a -= b
                case "*": a *= b
                case "/": a /= b
                default: return nil
                }
            }
            return a
        case .power(let base, let exponent, _, _):
            guard let a = constant(base), let b = constant(exponent) else { return nil }
            return Foundation.pow(a, b)
        default: return nil
        }
    }

    static func declaredLabels(_ value: Expression, file: String) throws(SourceError) -> [Int] {
        guard case .list(let items, let location) = value, !items.isEmpty else {
            throw SourceError(file: file, value.location, "labels are a list of class numbers, e.g. 'labels y = [2, 0, 1]'")
        }
        guard items.count <= LanguageLimits.tensorEntries else {
            throw SourceError(
                file: file, location, "\(items.count) labels; at most \(LanguageLimits.describe(LanguageLimits.tensorEntries))")
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

