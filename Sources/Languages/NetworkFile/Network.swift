import Engine
import Kernels
import NN

/// A network file, parsed and checked: declared inputs, targets, labels and parameters, and the
/// forward computation ending in a scalar loss. `run` records it on a fresh tape in Double, so
/// every intermediate and gradient is in the trace.
///
/// The format is documented in Lessons/README.md.
public struct Network: Sendable {
    /// The file name used in messages.
    public let file: String
    let statements: [Statement]
    /// Parameters in declaration order, with their initial values.
    public let parameters: [(name: String, value: Tensor<Double>)]
    /// The name of the loss: the last assignment.
    public let lossName: String
    /// The learner's own gradients (`grad NAME = EXPR`), in the order of the file.
    public let statedGradients: [StatedGradient]
    /// The inputs a stated gradient asks for: they take a gradient on the tape too.
    let differentiated: Set<String>

    /// Parses `source` and runs it once to check every name, function and shape.
    /// `firstLine` numbers the lines of a network embedded in a larger file. Line endings may be
    /// LF, CRLF or CR; nesting and sizes are bounded by `LanguageLimits`.
    public init(source: String, file: String, firstLine: Int = 1) throws(SourceError) {
        var parser = try Parser(source, file: file, firstLine: firstLine)
        let statements = try parser.statements()
        self.file = file
        self.statements = statements
        var parameters: [(name: String, value: Tensor<Double>)] = []
        var budget = EntryBudget(file: file)
        for case .declaration(.param, let name, let value, _) in statements {
            parameters.append((name, try NetworkInterpreter.declaredTensor(value, kind: .param, budget: &budget)))
        }
        self.parameters = parameters
        guard let last = statements.last(where: { if case .assignment = $0 { true } else { false } }),
            case .assignment(let lossName, _, _) = last
        else {
            throw SourceError(
                file: file, SourceLocation(line: firstLine, column: 1),
                "no computation: end the file with an assignment such as 'loss = mean((y - t)^2)'")
        }
        self.lossName = lossName
        let stated = try StatedGradient.read(statements, file: file, lossName: lossName)
        self.statedGradients = stated
        differentiated = Set(stated.map(\.name)).intersection(
            statements.compactMap { if case .declaration(.input, let name, _, _) = $0 { name } else { nil } })
        let run = try run()
        try checkStatedGradients(against: run)
    }

    public var parameterNames: [String] { parameters.map(\.name) }

    /// The declared inputs with their values, in declaration order.
    public var inputs: [(name: String, value: Tensor<Double>)] { declared(.input) }
    /// The declared targets with their values, in declaration order.
    public var targets: [(name: String, value: Tensor<Double>)] { declared(.target) }
    /// The declared class labels by name.
    public var labels: [String: [Int]] {
        var result: [String: [Int]] = [:]
        for case .declaration(.labels, let name, let value, _) in statements {
            result[name] = try? NetworkInterpreter.declaredLabels(value, file: file)
        }
        return result
    }

    private func declared(_ kind: DeclarationKind) -> [(name: String, value: Tensor<Double>)] {
        var budget = EntryBudget(file: file)
        var result: [(name: String, value: Tensor<Double>)] = []
        for case .declaration(let k, let name, let value, _) in statements where k == kind {
            if let tensor = try? NetworkInterpreter.declaredTensor(value, kind: kind, budget: &budget) {
                result.append((name, tensor))
            }
        }
        return result
    }

    /// Fresh parameters holding the declared values, or `values` where given by name.
    public func makeParameters(values: [String: Tensor<Double>] = [:]) -> [Parameter<Double>] {
        parameters.map { Parameter($0.name, values[$0.name] ?? $0.value) }
    }

    /// Records the network on a new tape and, with `backward`, differentiates the loss.
    /// `parameterValues` replaces declared parameter values by name (for finite differences and
    /// training steps); `shift` moves one number of one node right after it is computed.
    public func run(
        parameterValues: [String: Tensor<Double>] = [:], backward: Bool = true, shift: NodeShift? = nil
    ) throws(SourceError) -> NetworkRun {
        try run(parameters: makeParameters(values: parameterValues), backward: backward, shift: shift)
    }

    /// Records the network with these parameter objects (matched by name; gradients accumulate
    /// into them, so an optimizer holding them can step after this run). `inputValues` replaces
    /// declared inputs by name (the same shape: the points of a decision surface, a batch at a time).
    public func run(
        parameters given: [Parameter<Double>], inputValues: [String: Tensor<Double>] = [:], backward: Bool = true,
        shift: NodeShift? = nil
    ) throws(SourceError) -> NetworkRun {
        var interpreter = NetworkInterpreter(file: file, tape: Tape<Double>(), shift: shift)
        interpreter.differentiated = differentiated
        interpreter.inputValues = inputValues
        for (name, value) in parameters {
            interpreter.parameters[name] = given.first { $0.name == name } ?? Parameter(name, value)
        }
        for statement in statements { try interpreter.execute(statement) }
        guard let loss = interpreter.variables[lossName] else {
            throw SourceError(file: file, SourceLocation(line: 1, column: 1), "the loss '\(lossName)' is not a tensor")
        }
        let shape = interpreter.tape.shape(of: loss)
        if shape.count != 1 {
            let location = interpreter.locations[lossName] ?? SourceLocation(line: 1, column: 1)
            throw SourceError(
                file: file, location,
                "the loss '\(lossName)' must be a single number but has shape \(shape); reduce it with sum(…) or mean(…)")
        }
        if backward {
            do {
                try interpreter.tape.backward(from: loss)
            } catch {
                throw SourceError(file: file, SourceLocation(line: 1, column: 1), error.message)
            }
        }
        return NetworkRun(
            tape: interpreter.tape, loss: loss, variables: interpreter.variables,
            parameters: parameterNames.compactMap { interpreter.parameters[$0] })
    }
}

/// One run of a network: the tape (its trace), the loss, and the parameters as recorded.
public struct NetworkRun {
    public let tape: Tape<Double>
    public let loss: Variable
    public let variables: [String: Variable]
    public let parameters: [Parameter<Double>]

    public var lossValue: Double { tape.scalar(loss) }
    public func trace() -> Trace { tape.trace() }
}
