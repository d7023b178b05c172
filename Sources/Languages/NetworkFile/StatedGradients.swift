import Engine
import Kernels
import NN
import Support

/// A gradient the learner states in a network file: `grad NAME = EXPR`, their own formula for
/// ∂loss/∂NAME, written in the expression language with every forward value by name and `dNAME`
/// for every other stated gradient (`grad h = dz2 @ transpose(W2)`); `dloss`, the loss's own
/// gradient, is 1 unless stated. `grad NAME = ?` is a gradient not answered yet.
public struct StatedGradient: Sendable {
    /// The value it is the gradient of (`W2`, `z1`): a parameter, an input or a named value.
    public let name: String
    let expression: Expression?
    /// Where NAME is written.
    public let location: SourceLocation
    /// The stated gradients it uses, by the name of their value (`dz2` → `z2`), in order of first use.
    public let uses: [String]

    /// `dW2`: how the gradient is written in the file and in reports.
    public var gradientName: String { "d" + name }
    /// Whether an answer is given (not `?`).
    public var isAnswered: Bool { expression != nil }
}

extension StatedGradient {
    /// The `grad` statements of a file, checked against its other statements: each of a value the
    /// file defines and at most once, every name it uses defined, every `dNAME` stated, no
    /// gradient using itself.
    static func read(_ statements: [Statement], file: String, lossName: String) throws(SourceError) -> [StatedGradient] {
        var defined: [String: (kind: DeclarationKind?, location: SourceLocation)] = [:]
        for statement in statements {
            switch statement {
            case .declaration(let kind, let name, _, let location): defined[name] = (kind, location)
            case .assignment(let name, _, let location): defined[name] = (nil, location)
            case .gradient: break
            }
        }
        let values = defined.keys.filter { defined[$0]?.kind != .labels }.sorted()
        var stated: [String: SourceLocation] = [:]
        for case .gradient(let name, _, let location) in statements {
            guard let value = defined[name] else {
                var message = "'grad \(name)': no value is named '\(name)'"
                if let guess = guess(name, among: values) { message += "; did you mean '\(guess)'?" }
                message += " (a gradient is stated for a parameter, an input or a named value)"
                throw SourceError(file: file, location, message)
            }
            switch value.kind {
            case .labels?: throw SourceError(file: file, location, "'\(name)' holds labels, which take no gradient")
            case .target?:
                throw SourceError(
                    file: file, location,
                    "'\(name)' is a target, which takes no gradient (state one for a parameter, an input or a computed value)")
            default: break
            }
            if let earlier = stated[name] {
                throw SourceError(file: file, location, "the gradient d\(name) is already stated at line \(earlier.line)")
            }
            if let clash = defined["d" + name] {
                throw SourceError(
                    file: file, location,
                    "'d\(name)' is the name of a value at line \(clash.location.line), so it cannot also name the gradient of '\(name)'; rename that value")
            }
            stated[name] = location
        }
        let gradientNames = stated.keys.map { "d" + $0 } + (stated[lossName] == nil ? ["d" + lossName] : [])
        var result: [StatedGradient] = []
        for case .gradient(let name, let expression, let location) in statements {
            var uses: [String] = []
            if let expression {
                for (used, place) in names(in: expression) where defined[used] == nil {
                    let of = String(used.dropFirst())
                    if used.hasPrefix("d"), stated[of] != nil {
                        if !uses.contains(of) { uses.append(of) }
                        continue
                    }
                    if used.hasPrefix("d"), of == lossName { continue }
                    if used.hasPrefix("d"), defined[of] != nil {
                        throw SourceError(
                            file: file, place,
                            "'\(used)' is not stated: add a line 'grad \(of) = …', or write its formula out here")
                    }
                    var message = "undefined name '\(used)' in the gradient d\(name)"
                    if let guess = guess(used, among: values + values.map { "d" + $0 }) {
                        message += "; did you mean '\(guess)'?"
                    }
                    message += " (it may use the values of the file and the stated gradients "
                        + gradientNames.sorted().joined(separator: ", ") + ")"
                    throw SourceError(file: file, place, message)
                }
            }
            result.append(StatedGradient(name: name, expression: expression, location: location, uses: uses))
        }
        _ = try evaluationOrder(result, file: file)
        return result
    }

    /// The name `word` most likely meant: one that differs only in case (`w` for `W`, which is
    /// too short for edit distances), else the nearest by spelling.
    static func guess(_ word: String, among candidates: [String]) -> String? {
        candidates.first { $0.lowercased() == word.lowercased() } ?? Spelling.closest(to: word, among: candidates)
    }

    /// Every name an expression reads, with where, in order (function names and option labels
    /// are not names).
    static func names(in expression: Expression) -> [(String, SourceLocation)] {
        var found: [(String, SourceLocation)] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case .name(let n, let location): found.append((n, location))
            case .list(let items, _): items.forEach(walk)
            case .call(_, let arguments, _, _): arguments.forEach { walk($0.value) }
            case .chain(let first, let links):
                walk(first)
                links.forEach { walk($0.operand) }
            case .power(let base, let exponent, _, _):
                walk(base)
                walk(exponent)
            case .negate(let inner, _, _): walk(inner)
            }
        }
        walk(expression)
        return found
    }

    /// The indices of `gradients` in an order where each comes after those it uses; a gradient
    /// that uses itself, directly or through others, is an error at its line.
    static func evaluationOrder(_ gradients: [StatedGradient], file: String) throws(SourceError) -> [Int] {
        let index = Dictionary(gradients.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [Int](repeating: 0, count: gradients.count)  // 0 new, 1 on the path, 2 done
        var order: [Int] = []
        for start in gradients.indices where state[start] == 0 {
            // An explicit stack: a chain of thousands of gradients must not overflow the call stack.
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let uses = gradients[top.node].uses
                if top.next < uses.count {
                    stack[stack.count - 1].next += 1
                    guard let k = index[uses[top.next]] else { continue }
                    if state[k] == 1 {
                        let cycle = stack.map(\.node).drop { $0 != k }.map { gradients[$0].gradientName }
                        let g = gradients[k]
                        throw SourceError(
                            file: file, g.location,
                            "\(g.gradientName) uses itself: " + (cycle + [g.gradientName]).joined(separator: " uses ")
                                + "; each gradient may use only gradients nearer the loss")
                    }
                    if state[k] == 0 {
                        state[k] = 1
                        stack.append((k, 0))
                    }
                } else {
                    state[top.node] = 2
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        return order
    }
}

extension Network {
    /// Checks each stated gradient's value takes a gradient, and evaluates the answered ones once
    /// (an unknown function or a shape that does not fit is an error at its place).
    func checkStatedGradients(against run: NetworkRun) throws(SourceError) {
        guard !statedGradients.isEmpty else { return }
        for gradient in statedGradients {
            guard let variable = run.variables[gradient.name], run.tape.node(variable).requiresGradient else {
                throw SourceError(
                    file: file, gradient.location,
                    "'\(gradient.name)' is a constant, which takes no gradient (state one for a parameter, an input or a computed value)")
            }
        }
        _ = try statedGradientValues()
    }

    /// The stated gradients' values, each computed from the forward values and the stated
    /// gradients it uses. `given[NAME]` takes the place of the learner's `dNAME` wherever it is
    /// used (the right gradient in place of one not answered yet, or of a wrong one), though
    /// NAME's own statement is still evaluated. A gradient not answered is left out, and so is one
    /// that uses such a gradient not in `given`.
    public func statedGradientValues(given: [String: Tensor<Double>] = [:]) throws(SourceError) -> [String: Tensor<Double>] {
        guard !statedGradients.isEmpty else { return [:] }
        var interpreter = NetworkInterpreter(file: file, tape: Tape<Double>())
        interpreter.differentiated = differentiated
        for (name, value) in parameters { interpreter.parameters[name] = Parameter(name, value) }
        for statement in statements { try interpreter.execute(statement) }
        let tape = interpreter.tape
        if let loss = interpreter.variables[lossName], !statedGradients.contains(where: { $0.name == lossName }) {
            let shape = tape.shape(of: loss)
            interpreter.variables["d" + lossName] = tape.constant("d" + lossName, Tensor(shape: shape, elements: [1]))
        }
        var values: [String: Tensor<Double>] = [:]
        for k in try StatedGradient.evaluationOrder(statedGradients, file: file) {
            let gradient = statedGradients[k]
            guard let expression = gradient.expression else { continue }
            var complete = true
            for used in gradient.uses {
                guard let value = given[used] ?? values[used] else {
                    complete = false
                    break
                }
                interpreter.variables["d" + used] = tape.constant("d" + used, value)
            }
            guard complete else { continue }
            switch try interpreter.evaluate(expression, name: gradient.gradientName) {
            case .number(let x): values[gradient.name] = Tensor(x)
            case .tensor(let v): values[gradient.name] = tape.value(of: v)
            case .labels(let n):
                throw SourceError(file: file, expression.location, "'\(n)' holds labels, not a gradient")
            }
        }
        return values
    }
}
