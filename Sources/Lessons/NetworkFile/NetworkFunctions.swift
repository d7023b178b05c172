import Engine
import NN
import Support

/// A function call's arguments, checked against the function's signature: positional
/// arguments in order, then keyword options with constant values: numbers (`axis=0`,
/// `eps=0.001`) or, for the options that take one, a word from a fixed list (`padding=same`).
struct CallArguments {
    let positional: [Expression]
    let options: [String: Double]
    /// The options given as words (`padding=same`), checked against the signature's list.
    let words: [String: String]
    let optionLocations: [String: SourceLocation]
    let file: String

    init(
        _ function: String, _ arguments: [Argument], _ signature: some CallSignature, at location: SourceLocation,
        file: String
    ) throws(SourceError) {
        self.file = file
        var positional: [Expression] = []
        var options: [String: Double] = [:]
        var words: [String: String] = [:]
        var optionLocations: [String: SourceLocation] = [:]
        for argument in arguments {
            if let label = argument.label {
                guard signature.options.contains(label) else {
                    let allowed = signature.options.isEmpty ? "it takes none" : "it takes " + signature.options.joined(separator: ", ")
                    throw SourceError(file: file, argument.location, "'\(function)' has no option '\(label)'; \(allowed)")
                }
                guard optionLocations[label] == nil else {
                    throw SourceError(file: file, argument.location, "option '\(label)' is given twice")
                }
                if let allowed = signature.words[label] {
                    words[label] = try CallArguments.word(label, argument.value, allowed: allowed, file: file)
                } else {
                    guard let value = NetworkInterpreter.constant(argument.value) else {
                        throw SourceError(file: file, argument.value.location, "option '\(label)' needs a number")
                    }
                    options[label] = value
                }
                optionLocations[label] = argument.location
            } else {
                guard options.isEmpty else {
                    throw SourceError(file: file, argument.location, "positional arguments come before options like 'axis=0'")
                }
                positional.append(argument.value)
            }
        }
        guard signature.arity.contains(positional.count) else {
            let expected = signature.arity.lowerBound == signature.arity.upperBound
                ? "\(signature.arity.lowerBound)" : "\(signature.arity.lowerBound) to \(signature.arity.upperBound)"
            throw SourceError(
                file: file, location,
                "'\(function)' takes \(expected) argument\(signature.arity.upperBound == 1 ? "" : "s") (\(signature.usage)), got \(positional.count)")
        }
        self.positional = positional
        self.options = options
        self.words = words
        self.optionLocations = optionLocations
    }

    /// The word an option like `padding=same` names: a bare name from `allowed`, taken literally
    /// (not looked up as a value).
    private static func word(
        _ label: String, _ value: Expression, allowed: [String], file: String
    ) throws(SourceError) -> String {
        let choices = allowed.count == 2 ? "\(allowed[0]) or \(allowed[1])" : allowed.joined(separator: ", ")
        guard case .name(let word, let location) = value else {
            throw SourceError(file: file, value.location, "option '\(label)' must be \(choices), written as a word ('\(label)=\(allowed[0])')")
        }
        guard allowed.contains(word) else {
            var message = "option '\(label)' must be \(choices), got '\(word)'"
            if let guess = Spelling.closest(to: word, among: allowed) { message += "; did you mean '\(guess)'?" }
            throw SourceError(file: file, location, message)
        }
        return word
    }

    /// A number option that must be finite (not infinite, not NaN), or nil when absent.
    func finite(_ name: String) throws(SourceError) -> Double? {
        guard let value = options[name] else { return nil }
        guard value.isFinite else {
            throw SourceError(file: file, optionLocations[name]!, "option '\(name)' must be a finite number, got \(NumberFormat.shortest(value))")
        }
        return value
    }

    /// A whole-number option such as `axis`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(SourceError) -> Int? {
        guard let value = options[name] else { return nil }
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            throw SourceError(
                file: file, optionLocations[name]!,
                "option '\(name)' must be a whole number in \(range.lowerBound)…\(range.upperBound), got \(NumberFormat.shortest(value))")
        }
        return Int(value)
    }
}

protocol CallSignature {
    var arity: ClosedRange<Int> { get }
    var options: [String] { get }
    /// The options whose value is a word, with the words allowed (`padding`: valid, same).
    var words: [String: [String]] { get }
    var usage: String { get }
}

extension CallSignature {
    var words: [String: [String]] { [:] }
}

/// A function usable in a network file's expressions, and how it records onto the tape.
struct NetworkFunction: CallSignature, Sendable {
    let arity: ClosedRange<Int>
    let options: [String]
    var words: [String: [String]] = [:]
    let usage: String
    let apply:
        @Sendable (
            inout NetworkInterpreter, [NetworkInterpreter.Value], CallArguments, SourceLocation, String?
        ) throws(SourceError) -> Variable
}

enum NetworkFunctions {
    /// A function of one tensor.
    private static func unary(
        _ usage: String, _ record: @escaping @Sendable (Tape<Double>, Variable, String?) throws -> Variable
    ) -> NetworkFunction {
        NetworkFunction(arity: 1...1, options: [], usage: usage) { (interpreter, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, usage, call, location)
            let tape = interpreter.tape
            return try interpreter.op(location) { try record(tape, x, name) }
        }
    }

    private static func tensorArgument(
        _ value: NetworkInterpreter.Value, _ position: Int, _ usage: String, _ call: CallArguments,
        _ location: SourceLocation
    ) throws(SourceError) -> Variable {
        switch value {
        case .tensor(let v): return v
        case .number:
            throw SourceError(file: call.file, call.positional[position - 1].location, "argument \(position) of \(usage) must be a tensor, not a number")
        case .labels(let n):
            throw SourceError(file: call.file, call.positional[position - 1].location, "argument \(position) of \(usage) must be a tensor, but '\(n)' holds labels")
        }
    }

    /// Every function, by name.
    static let all: [String: NetworkFunction] = [
        "relu": unary("relu(x)") { t, x, n in try t.relu(x, name: n) },
        "sigmoid": unary("sigmoid(x)") { t, x, n in try t.sigmoid(x, name: n) },
        "tanh": unary("tanh(x)") { t, x, n in try t.tanh(x, name: n) },
        "exp": unary("exp(x)") { t, x, n in try t.exp(x, name: n) },
        "log": unary("log(x)") { t, x, n in try t.log(x, name: n) },
        "softmax": unary("softmax(x)") { t, x, n in try t.softmax(x, name: n) },
        "log_softmax": unary("log_softmax(x)") { t, x, n in try t.logSoftmax(x, name: n) },
        "transpose": unary("transpose(x)") { t, x, n in try t.transpose(x, name: n) },
        "flatten": unary("flatten(x)") { t, x, n in try t.flatten(x, name: n) },
        "sum": reduction("sum(x, axis=0|1)") { t, x, axis, n in try t.sum(x, axis: axis, name: n) },
        "mean": reduction("mean(x, axis=0|1)") { t, x, axis, n in try t.mean(x, axis: axis, name: n) },
        "matmul": NetworkFunction(arity: 2...2, options: [], usage: "matmul(a, b)") { (i, values, call, location, name) throws(SourceError) in
            let a = try tensorArgument(values[0], 1, "matmul(a, b)", call, location)
            let b = try tensorArgument(values[1], 2, "matmul(a, b)", call, location)
            try i.checkRoom(for: MatMul(), [a, b], at: location)
            let tape = i.tape
            return try i.op(location) { try tape.matmul(a, b, name: name) }
        },
        "mse": binary("mse(prediction, target)") { t, a, b, n in try t.meanSquaredError(a, b, name: n) },
        "pow": NetworkFunction(arity: 2...2, options: [], usage: "pow(x, exponent)") { (i, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, "pow(x, exponent)", call, location)
            guard case .number(let c) = values[1] else {
                throw SourceError(file: call.file, call.positional[1].location, "the exponent of pow must be a number")
            }
            let tape = i.tape
            return try i.op(location) { try tape.power(x, c, name: name) }
        },
        "reshape": NetworkFunction(arity: 2...2, options: [], usage: "reshape(x, [rows, columns])") { (i, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, "reshape(x, [rows, columns])", call, location)
            guard case .list(let items, let listLocation) = call.positional[1] else {
                throw SourceError(file: call.file, call.positional[1].location, "reshape needs the new shape as a list, e.g. [2, 3]")
            }
            guard (1...Shape.maximumRank).contains(items.count) else {
                throw SourceError(file: call.file, listLocation, "a shape has 1 to \(Shape.maximumRank) dimensions")
            }
            let dimensions = try Dimensions.read(items, file: call.file)
            // A shape whose product overflows is refused here (Shape's count would trap); any
            // other count that differs from the tensor's, the op reports.
            guard Shape(checking: dimensions, maximumCount: LanguageLimits.tensorEntries) != nil else {
                let size = Shape.checkedCount(dimensions).map { "\($0) numbers" } ?? "more numbers than a 64-bit integer counts"
                throw SourceError(
                    file: call.file, listLocation,
                    "reshape: the shape \(Dimensions.text(dimensions)) has \(size), but the tensor has \(i.tape.shape(of: x).count)")
            }
            let tape = i.tape
            return try i.op(location) { try tape.reshape(x, to: Shape(dimensions), name: name) }
        },
        "cross_entropy": NetworkFunction(arity: 2...2, options: [], usage: "cross_entropy(logits, labels)") { (i, values, call, location, name) throws(SourceError) in
            let logits = try tensorArgument(values[0], 1, "cross_entropy(logits, labels)", call, location)
            guard case .labels(let labelsName) = values[1], let labels = i.labels[labelsName] else {
                throw SourceError(file: call.file, call.positional[1].location, "the second argument of cross_entropy must be labels declared with 'labels y = [...]'")
            }
            let tape = i.tape
            return try i.op(location) { try tape.crossEntropy(logits, labels: labels, name: name) }
        },
        "conv2d": NetworkFunction(
            arity: 2...2, options: ["stride", "padding"], words: ["padding": paddingWords], usage: "conv2d(x, K, stride=1, padding=valid)"
        ) { (i, values, call, location, name) throws(SourceError) in
            let usage = "conv2d(x, K, stride=1, padding=valid)"
            let x = try tensorArgument(values[0], 1, usage, call, location)
            let kernel = try tensorArgument(values[1], 2, usage, call, location)
            let stride = try call.integer("stride", in: 1...1000) ?? 1
            let padding = call.words["padding"].flatMap(Padding.init(rawValue:)) ?? .valid
            try i.checkRoom(for: Conv2D(stride: stride, padding: padding), [x, kernel], at: location)
            let tape = i.tape
            return try i.op(location) { try tape.conv2d(x, kernel, stride: stride, padding: padding, name: name) }
        },
        "maxpool2d": NetworkFunction(
            arity: 1...1, options: ["size", "stride", "padding"], words: ["padding": paddingWords],
            usage: "maxpool2d(x, size=2, stride=size, padding=valid)"
        ) { (i, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, "maxpool2d(x, size=2, stride=size, padding=valid)", call, location)
            let size = try call.integer("size", in: 1...1000) ?? 2
            let stride = try call.integer("stride", in: 1...1000) ?? size
            let padding = call.words["padding"].flatMap(Padding.init(rawValue:)) ?? .valid
            let tape = i.tape
            return try i.op(location) { try tape.maxPool2d(x, size: size, stride: stride, padding: padding, name: name) }
        },
        "dropout": NetworkFunction(
            arity: 1...1, options: ["rate", "seed"], usage: "dropout(x, rate=0.5, seed=1)"
        ) { (i, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, "dropout(x, rate=0.5, seed=1)", call, location)
            let rate = call.options["rate"] ?? 0.5
            if let place = call.optionLocations["rate"], !(rate >= 0 && rate < 1) {
                throw SourceError(file: call.file, place, "rate must be at least 0 and below 1, got \(NumberFormat.shortest(rate))")
            }
            let seed = try call.integer("seed", in: 0...Int(Int32.max)) ?? 1
            let tape = i.tape
            return try i.op(location) { try tape.dropout(x, rate: rate, seed: UInt64(seed), name: name) }
        },
        "batchnorm": NetworkFunction(arity: 3...3, options: ["eps"], usage: "batchnorm(x, gamma, beta, eps=0.001)") { (i, values, call, location, name) throws(SourceError) in
            let usage = "batchnorm(x, gamma, beta, eps=0.001)"
            let x = try tensorArgument(values[0], 1, usage, call, location)
            let gamma = try tensorArgument(values[1], 2, usage, call, location)
            let beta = try tensorArgument(values[2], 3, usage, call, location)
            let epsilon = call.options["eps"] ?? 1e-3
            guard epsilon > 0 else {
                throw SourceError(file: call.file, call.optionLocations["eps"]!, "eps must be greater than 0")
            }
            let tape = i.tape
            return try i.op(location) { () throws(EngineError) in
                try tape.batchNorm(x, gamma: gamma, beta: beta, epsilon: epsilon, name: name)
            }
        },
    ]

    /// The words of a window op's `padding` option, as the engine names them.
    private static let paddingWords = Padding.allCases.map(\.rawValue)

    private static func reduction(
        _ usage: String, _ record: @escaping @Sendable (Tape<Double>, Variable, Int?, String?) throws -> Variable
    ) -> NetworkFunction {
        NetworkFunction(arity: 1...1, options: ["axis"], usage: usage) { (i, values, call, location, name) throws(SourceError) in
            let x = try tensorArgument(values[0], 1, usage, call, location)
            let axis = try call.integer("axis", in: 0...1)
            let tape = i.tape
            return try i.op(location) { try record(tape, x, axis, name) }
        }
    }

    private static func binary(
        _ usage: String, _ record: @escaping @Sendable (Tape<Double>, Variable, Variable, String?) throws -> Variable
    ) -> NetworkFunction {
        NetworkFunction(arity: 2...2, options: [], usage: usage) { (i, values, call, location, name) throws(SourceError) in
            let a = try tensorArgument(values[0], 1, usage, call, location)
            let b = try tensorArgument(values[1], 2, usage, call, location)
            let tape = i.tape
            return try i.op(location) { try record(tape, a, b, name) }
        }
    }
}

/// Initial values for declarations: `param W = glorot_uniform(2, 3, seed=1)`.
struct InitializerFunction: CallSignature, Sendable {
    let options: [String]
    let usage: String
    let make: @Sendable (CallArguments) throws(SourceError) -> Initializer
    var arity: ClosedRange<Int> { 0...Shape.maximumRank }

    /// The initial values, counted in `budget` before they are allocated.
    func tensor(_ arguments: [Argument], at location: SourceLocation, budget: inout EntryBudget) throws(SourceError) -> Tensor<Double> {
        let file = budget.file
        let name = String(usage.prefix { $0 != "(" })
        let call = try CallArguments(name, arguments, self, at: location, file: file)
        let dimensions = try Dimensions.read(call.positional, file: file)
        try budget.take(Shape.checkedCount(dimensions), for: "\(name)(\(dimensions.map(String.init).joined(separator: ", ")))", at: location)
        let seed = try call.integer("seed", in: 0...Int(Int32.max)) ?? 0
        var generator = SeededGenerator(seed: UInt64(seed))
        return try make(call).tensor(Shape(dimensions), generator: &generator)
    }
}

enum Initializers {
    static let all: [String: InitializerFunction] = [
        "zeros": InitializerFunction(options: [], usage: "zeros(dims...)") { _ in .zeros },
        "ones": InitializerFunction(options: [], usage: "ones(dims...)") { _ in .ones },
        "full": InitializerFunction(options: ["value"], usage: "full(dims..., value=v)") { (call) throws(SourceError) in
            .constant(try call.finite("value") ?? 0)
        },
        "uniform": InitializerFunction(options: ["low", "high", "seed"], usage: "uniform(dims..., low=-1, high=1, seed=0)") { (call) throws(SourceError) in
            let low = try call.finite("low") ?? -1, high = try call.finite("high") ?? 1
            guard low <= high else {
                throw SourceError(file: call.file, call.optionLocations["low"] ?? call.optionLocations["high"]!, "low must not be above high")
            }
            return .uniform(low: low, high: high)
        },
        "normal": InitializerFunction(options: ["mean", "std", "seed"], usage: "normal(dims..., mean=0, std=1, seed=0)") { (call) throws(SourceError) in
            let deviation = try call.finite("std") ?? 1
            guard deviation >= 0 else { throw SourceError(file: call.file, call.optionLocations["std"]!, "std must be 0 or more") }
            return .normal(mean: try call.finite("mean") ?? 0, standardDeviation: deviation)
        },
        "glorot_uniform": InitializerFunction(options: ["seed"], usage: "glorot_uniform(fan_in, fan_out, seed=0)") { _ in .glorotUniform },
        "he_uniform": InitializerFunction(options: ["seed"], usage: "he_uniform(fan_in, fan_out, seed=0)") { _ in .heUniform },
    ]
}

/// The dimensions a file writes (an initializer's, reshape's): whole numbers from 1 to
/// `LanguageLimits.tensorEntries` each; their product is checked by the caller.
enum Dimensions {
    static func read(_ items: [Expression], file: String) throws(SourceError) -> [Int] {
        var dimensions: [Int] = []
        for item in items {
            guard let d = NetworkInterpreter.constant(item), d == d.rounded(), d >= 1,
                d <= Double(LanguageLimits.tensorEntries)
            else {
                let got = NetworkInterpreter.constant(item).map { ", got \(NumberFormat.shortest($0))" } ?? ""
                throw SourceError(
                    file: file, item.location,
                    "a dimension must be a whole number from 1 to \(LanguageLimits.tensorEntries)\(got)")
            }
            dimensions.append(Int(d))
        }
        return dimensions
    }

    /// `[2, 3]`, for messages.
    static func text(_ dimensions: [Int]) -> String { "[" + dimensions.map(String.init).joined(separator: ", ") + "]" }
}
