import Support

/// One command of the tool, as a value: its name, its help text, what it accepts and what it runs.
///
/// The whole tool is one tree of these (see `CommandTable.swift`); parsing, validation and help
/// are all generated from it.
///
///     Command(
///         name: "trace",
///         summary: "Print every node of a network's forward and backward pass.",
///         discussion: "Loads FILE, runs one forward and one backward pass, and prints ...",
///         positionals: [.init("FILE", "the network file to run")],
///         flags: [
///             .toggle("json", "print the trace as JSON"),
///             .toggle("full", "print full matrices instead of summaries"),
///         ],
///         run: TraceCommand.run)
public struct Command: Sendable {
    /// How a command is started: `backprop <path> ...` with everything parsed.
    public typealias Run = @Sendable (Invocation) throws -> Int32

    /// The word typed to select it (`train` in `backprop mnist train`).
    public var name: String
    /// One line, shown in command lists and at the top of the command's help.
    public var summary: String
    /// A paragraph (or several, separated by blank lines) for the command's help.
    public var discussion: String
    /// Replaces the generated usage line(s) in help; rarely needed.
    public var usage: String?
    public var positionals: [Positional]
    public var flags: [Flag]
    public var subcommands: [Command]
    /// Nil for a pure group such as `mnist`, which only holds subcommands.
    public var run: Run?

    public init(
        name: String, summary: String, discussion: String = "", usage: String? = nil,
        positionals: [Positional] = [], flags: [Flag] = [], subcommands: [Command] = [],
        run: Run? = nil
    ) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.usage = usage
        self.positionals = positionals
        self.flags = flags
        self.subcommands = subcommands
        self.run = run
    }

    func flag(named name: String) -> Flag? { flags.first { $0.name == name } }
    func flag(short: Character) -> Flag? { flags.first { $0.short == short } }
    func subcommand(named name: String) -> Command? { subcommands.first { $0.name == name } }

    var requiredPositionalCount: Int { positionals.count { !$0.isOptional && !$0.isVariadic } }
    var maximumPositionalCount: Int? {
        positionals.contains { $0.isVariadic } ? nil : positionals.count
    }

    /// Mistakes in the table itself (programmer errors), as messages; empty when all is well.
    /// Checked by the tests for the real table and at every run in debug builds.
    public func problems(path: [String] = []) -> [String] {
        let here = (path + [name]).joined(separator: " ")
        var found: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition { found.append("\(here): \(message())") }
        }
        check(!name.isEmpty && !name.hasPrefix("-") && !name.contains(" "), "bad command name")
        check(!summary.isEmpty && !summary.contains("\n"), "summary must be one line")
        check(run != nil || !subcommands.isEmpty || path.isEmpty, "neither runs nor has subcommands")
        check(run != nil || positionals.isEmpty, "a group without run cannot take positionals")
        var seen = Set<String>()
        var seenShort = Set<Character>()
        for flag in flags {
            check(seen.insert(flag.name).inserted, "flag --\(flag.name) declared twice")
            check(!Flag.reservedNames.contains(flag.name), "flag --\(flag.name) is reserved")
            check(
                !flag.name.isEmpty && !flag.name.hasPrefix("-") && !flag.name.contains("=")
                    && !flag.name.contains(" "), "bad flag name '\(flag.name)'")
            if let short = flag.short {
                check(seenShort.insert(short).inserted, "short flag -\(short) declared twice")
                check(short != "h" && short.isLetter, "bad short flag -\(short)")
            }
            check(!(flag.isRequired && flag.defaultValue != nil), "--\(flag.name): required with a default")
            if case .choice(let names) = flag.kind {
                check(!names.isEmpty, "--\(flag.name): no choices")
            }
            if let value = flag.defaultValue {
                check(flag.accepts(value), "--\(flag.name): default \(value) is not allowed by the flag")
            }
        }
        var sawOptional = false
        for (index, positional) in positionals.enumerated() {
            check(!(sawOptional && !positional.isOptional), "required \(positional.name) after an optional one")
            check(!positional.isVariadic || index == positionals.count - 1, "variadic \(positional.name) is not last")
            sawOptional = sawOptional || positional.isOptional
        }
        var names = Set<String>()
        for sub in subcommands {
            check(names.insert(sub.name).inserted, "subcommand \(sub.name) declared twice")
            if path.isEmpty { check(sub.name != "help", "'help' is built in") }
            found += sub.problems(path: path + [name])
        }
        return found
    }
}

/// A positional argument: `FILE` in `backprop trace FILE`.
public struct Positional: Sendable {
    /// Shown in usage and help, conventionally in capitals.
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// Takes all remaining arguments (then it must be last).
    public var isVariadic: Bool

    public init(_ name: String, _ help: String, optional: Bool = false, variadic: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = optional
        self.isVariadic = variadic
    }

    var usageText: String {
        let core = isVariadic ? "\(name)..." : name
        return isOptional ? "[\(core)]" : core
    }
}

/// A parsed flag value.
public enum FlagValue: Sendable, Equatable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): NumberFormat.shortest(value)
        case .string(let value): value
        }
    }
}

/// A `--name` option. Build one with the static constructors:
///
///     .toggle("json", "print the trace as JSON")
///     .integer("batch-size", 1..., default: 32, "examples per gradient step")
///     .double("lr", .greaterThan(0), default: 0.001, "learning rate")
///     .choice("optimizer", ["sgd", "momentum", "adam"], default: "adam", "the update rule")
///     .path("data", "folder holding the MNIST files").required()
public struct Flag: Sendable {
    public enum Kind: Sendable {
        /// A switch: present or absent, takes no value.
        case toggle
        case integer(ValueRange<Int>)
        case double(ValueRange<Double>)
        case string
        case path
        case choice([String])
    }

    public var name: String
    public var short: Character?
    public var kind: Kind
    public var help: String
    /// Used when the flag is not given; shown in help.
    public var defaultValue: FlagValue?
    /// Shown after the flag in help (`--batch-size N`); a default is chosen from the kind.
    public var valueName: String
    /// May be given several times (read with `ints`, `strings`, ...); otherwise that is an error.
    public var isRepeatable = false
    /// Must be given (a usage error otherwise).
    public var isRequired = false
    /// The value a flag that takes one gets when given bare (last, or before another `--flag`):
    /// `--dot` alone means `--dot -`, standard output. Nil: a value must follow.
    public var bareValue: String?

    static let reservedNames: Set<String> = ["help", "version"]

    public init(
        name: String, short: Character? = nil, kind: Kind, help: String,
        defaultValue: FlagValue? = nil, valueName: String? = nil
    ) {
        self.name = name
        self.short = short
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.valueName = valueName ?? Self.defaultValueName(for: kind)
    }

    public static func toggle(_ name: String, short: Character? = nil, _ help: String) -> Flag {
        Flag(name: name, short: short, kind: .toggle, help: help)
    }

    /// Any integer.
    public static func integer(
        _ name: String, short: Character? = nil, default value: Int? = nil, valueName: String? = nil,
        _ help: String
    ) -> Flag {
        integer(name, ValueRange<Int>.any, short: short, default: value, valueName: valueName, help)
    }

    public static func integer(
        _ name: String, _ range: ValueRange<Int>, short: Character? = nil,
        default value: Int? = nil, valueName: String? = nil, _ help: String
    ) -> Flag {
        Flag(
            name: name, short: short, kind: .integer(range), help: help,
            defaultValue: value.map(FlagValue.int), valueName: valueName)
    }

    public static func integer(
        _ name: String, _ range: ClosedRange<Int>, short: Character? = nil,
        default value: Int? = nil, valueName: String? = nil, _ help: String
    ) -> Flag {
        integer(name, ValueRange(range), short: short, default: value, valueName: valueName, help)
    }

    public static func integer(
        _ name: String, _ range: PartialRangeFrom<Int>, short: Character? = nil,
        default value: Int? = nil, valueName: String? = nil, _ help: String
    ) -> Flag {
        integer(name, ValueRange(range), short: short, default: value, valueName: valueName, help)
    }

    /// Any finite number.
    public static func double(
        _ name: String, short: Character? = nil, default value: Double? = nil,
        valueName: String? = nil, _ help: String
    ) -> Flag {
        double(name, ValueRange<Double>.any, short: short, default: value, valueName: valueName, help)
    }

    public static func double(
        _ name: String, _ range: ValueRange<Double>, short: Character? = nil,
        default value: Double? = nil, valueName: String? = nil, _ help: String
    ) -> Flag {
        Flag(
            name: name, short: short, kind: .double(range), help: help,
            defaultValue: value.map(FlagValue.double), valueName: valueName)
    }

    public static func double(
        _ name: String, _ range: ClosedRange<Double>, short: Character? = nil,
        default value: Double? = nil, valueName: String? = nil, _ help: String
    ) -> Flag {
        double(name, ValueRange(range), short: short, default: value, valueName: valueName, help)
    }

    public static func string(
        _ name: String, short: Character? = nil, default value: String? = nil,
        valueName: String? = nil, _ help: String
    ) -> Flag {
        Flag(
            name: name, short: short, kind: .string, help: help,
            defaultValue: value.map(FlagValue.string), valueName: valueName)
    }

    public static func path(
        _ name: String, short: Character? = nil, default value: String? = nil,
        valueName: String? = nil, _ help: String
    ) -> Flag {
        Flag(
            name: name, short: short, kind: .path, help: help,
            defaultValue: value.map(FlagValue.string), valueName: valueName)
    }

    public static func choice(
        _ name: String, _ choices: [String], short: Character? = nil, default value: String? = nil,
        _ help: String
    ) -> Flag {
        Flag(
            name: name, short: short, kind: .choice(choices), help: help,
            defaultValue: value.map(FlagValue.string))
    }

    /// A choice among the raw values of an enum, read back with `invocation.choice(_:as:)`.
    public static func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, _ type: Choice.Type, short: Character? = nil, default value: Choice? = nil,
        _ help: String
    ) -> Flag where Choice.RawValue == String {
        choice(name, type.allCases.map(\.rawValue), short: short, default: value?.rawValue, help)
    }

    /// The same flag, allowed more than once.
    public func repeatable() -> Flag {
        var copy = self
        copy.isRepeatable = true
        return copy
    }

    /// The same flag, which may be given without its value and then has `value`.
    public func valueOptional(_ value: String) -> Flag {
        var copy = self
        copy.bareValue = value
        return copy
    }

    /// The same flag, which must be given.
    public func required() -> Flag {
        var copy = self
        copy.isRequired = true
        return copy
    }

    var takesValue: Bool {
        if case .toggle = kind { return false }
        return true
    }

    static func defaultValueName(for kind: Kind) -> String {
        switch kind {
        case .toggle: ""
        case .integer: "N"
        case .double: "X"
        case .string: "TEXT"
        case .path: "PATH"
        case .choice(let names): names.joined(separator: "|")
        }
    }

    /// What the flag expects, for messages: `an integer ≥ 1`, `one of sgd, momentum, adam`.
    var expectation: String {
        switch kind {
        case .toggle: "no value"
        case .integer(let range): range.isUnbounded ? "an integer" : "an integer \(range.phrase)"
        case .double(let range): range.isUnbounded ? "a number" : "a number \(range.phrase)"
        case .string: "a text value"
        case .path: "a path"
        case .choice(let names): "one of " + names.joined(separator: ", ")
        }
    }

    /// Converts a raw argument, or says what was expected (the usage error's message).
    func convert(_ raw: String) -> Result<FlagValue, UsageError> {
        let failure = Result<FlagValue, UsageError>.failure(
            UsageError("--\(name) expects \(expectation), got '\(raw)'"))
        let outOfRange = Result<FlagValue, UsageError>.failure(
            UsageError("--\(name) expects \(expectation), got '\(raw)'", isOutOfRange: true))
        switch kind {
        case .toggle:
            return .failure(UsageError("--\(name) is a switch and takes no value, got '\(raw)'"))
        case .integer(let range):
            guard let value = Int(raw) else { return failure }
            guard range.contains(value) else { return outOfRange }
            return .success(.int(value))
        case .double(let range):
            guard let value = Double(raw), value.isFinite else { return failure }
            guard range.contains(value) else { return outOfRange }
            return .success(.double(value))
        case .string, .path:
            return raw.isEmpty ? failure : .success(.string(raw))
        case .choice(let names):
            return names.contains(raw)
                ? .success(.string(raw))
                : .failure(UsageError("--\(name) expects \(expectation), got '\(raw)'" + suggestion(for: raw, among: names)))
        }
    }

    func accepts(_ value: FlagValue) -> Bool {
        switch (kind, value) {
        case (.toggle, .bool): true
        case (.integer(let range), .int(let number)): range.contains(number)
        case (.double(let range), .double(let number)): range.contains(number)
        case (.string, .string), (.path, .string): true
        case (.choice(let names), .string(let name)): names.contains(name)
        default: false
        }
    }
}

/// The values a numeric flag allows: a lower and an upper bound, each optional, each inclusive
/// or not. Write `1...`, `0...1`, `.greaterThan(0)`, `.between(0, 1, includingLower: false)`.
public struct ValueRange<Bound: Comparable & Sendable>: Sendable {
    public var lower: Bound?
    public var lowerIncluded: Bool
    public var upper: Bound?
    public var upperIncluded: Bool

    public init(lower: Bound?, lowerIncluded: Bool = true, upper: Bound?, upperIncluded: Bool = true) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    public init(_ range: ClosedRange<Bound>) {
        self.init(lower: range.lowerBound, upper: range.upperBound)
    }

    public init(_ range: PartialRangeFrom<Bound>) {
        self.init(lower: range.lowerBound, upper: nil)
    }

    public static var any: ValueRange { ValueRange(lower: nil, upper: nil) }
    public static func atLeast(_ value: Bound) -> ValueRange { ValueRange(lower: value, upper: nil) }
    public static func greaterThan(_ value: Bound) -> ValueRange {
        ValueRange(lower: value, lowerIncluded: false, upper: nil)
    }
    public static func atMost(_ value: Bound) -> ValueRange { ValueRange(lower: nil, upper: value) }
    public static func between(
        _ lower: Bound, _ upper: Bound, includingLower: Bool = true, includingUpper: Bool = true
    ) -> ValueRange {
        ValueRange(lower: lower, lowerIncluded: includingLower, upper: upper, upperIncluded: includingUpper)
    }

    public func contains(_ value: Bound) -> Bool {
        if let lower, lowerIncluded ? value < lower : value <= lower { return false }
        if let upper, upperIncluded ? value > upper : value >= upper { return false }
        return true
    }

    var isUnbounded: Bool { lower == nil && upper == nil }

    /// `≥ 1`, `> 0`, `≤ 10`, `in [0, 1]`, `in (0, 1]`, or empty when unbounded.
    var phrase: String {
        func text(_ value: Bound) -> String {
            if let number = value as? Double { return NumberFormat.shortest(number) }
            return "\(value)"
        }
        switch (lower, upper) {
        case (nil, nil): return ""
        case (let lower?, nil): return (lowerIncluded ? "≥ " : "> ") + text(lower)
        case (nil, let upper?): return (upperIncluded ? "≤ " : "< ") + text(upper)
        case (let lower?, let upper?):
            return "in " + (lowerIncluded ? "[" : "(") + text(lower) + ", " + text(upper)
                + (upperIncluded ? "]" : ")")
        }
    }
}
