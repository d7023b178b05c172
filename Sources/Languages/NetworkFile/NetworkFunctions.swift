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
                guard signature.optionNames.contains(label) else {
                    let allowed = signature.optionNames.isEmpty ? "it takes none" : "it takes " + signature.optionNames.joined(separator: ", ")
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
    var optionNames: [String] { get }
    /// The options whose value is a word, with the words allowed (`padding`: valid, same).
    var words: [String: [String]] { get }
    var usage: String { get }
}

extension CallSignature {
    var words: [String: [String]] { [:] }
}

/// A declared op as a function of the network-file language: its arity and options as
/// `CallArguments` checks them.
extension OpDeclaration: CallSignature {
    var arity: ClosedRange<Int> { arguments.count...arguments.count }
    var optionNames: [String] { options.map(\.name) }
    var words: [String: [String]] {
        var words: [String: [String]] = [:]
        for option in options { if case .word(let choices) = option.kind { words[option.name] = choices } }
        return words
    }

    /// The number options of a call, each checked against what the declaration allows.
    func checkedOptions(_ call: CallArguments) throws(SourceError) -> [String: Double] {
        var values: [String: Double] = [:]
        for option in options {
            switch option.kind {
            case .integer(let range):
                if let value = try call.integer(option.name, in: range) { values[option.name] = Double(value) }
            case .number(let requirement, let accepts):
                guard let value = call.options[option.name] else { continue }
                guard accepts(value) else {
                    let place = call.optionLocations[option.name]!
                    let rule = requirement ?? "a finite number"
                    throw SourceError(file: call.file, place, "\(option.name) must be \(rule), got \(NumberFormat.shortest(value))")
                }
                values[option.name] = value
            case .word:
                continue
            }
        }
        return values
    }
}

extension OpTable {
    /// `cross_entropy`, or the list of functions that take labels, for messages.
    static var labelFunctions: String {
        all.filter { $0.arguments.contains { if case .labels = $0 { true } else { false } } }.map(\.name).joined(separator: " or ")
    }
}

/// Initial values for declarations: `param W = glorot_uniform(2, 3, seed=1)`.
struct InitializerFunction: CallSignature, Sendable {
    let optionNames: [String]
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
        "zeros": InitializerFunction(optionNames: [], usage: "zeros(dims...)") { _ in .zeros },
        "ones": InitializerFunction(optionNames: [], usage: "ones(dims...)") { _ in .ones },
        "full": InitializerFunction(optionNames: ["value"], usage: "full(dims..., value=v)") { (call) throws(SourceError) in
            .constant(try call.finite("value") ?? 0)
        },
        "uniform": InitializerFunction(optionNames: ["low", "high", "seed"], usage: "uniform(dims..., low=-1, high=1, seed=0)") { (call) throws(SourceError) in
            let low = try call.finite("low") ?? -1, high = try call.finite("high") ?? 1
            guard low <= high else {
                throw SourceError(file: call.file, call.optionLocations["low"] ?? call.optionLocations["high"]!, "low must not be above high")
            }
            return .uniform(low: low, high: high)
        },
        "normal": InitializerFunction(optionNames: ["mean", "std", "seed"], usage: "normal(dims..., mean=0, std=1, seed=0)") { (call) throws(SourceError) in
            let deviation = try call.finite("std") ?? 1
            guard deviation >= 0 else { throw SourceError(file: call.file, call.optionLocations["std"]!, "std must be 0 or more") }
            return .normal(mean: try call.finite("mean") ?? 0, standardDeviation: deviation)
        },
        "glorot_uniform": InitializerFunction(optionNames: ["seed"], usage: "glorot_uniform(fan_in, fan_out, seed=0)") { _ in .glorotUniform },
        "he_uniform": InitializerFunction(optionNames: ["seed"], usage: "he_uniform(fan_in, fan_out, seed=0)") { _ in .heUniform },
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
