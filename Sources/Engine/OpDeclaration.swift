/// How an op is written in the input languages, declared once in the op's own file as
/// `public static let declaration = OpDeclaration(…)`. The network-file language, the
/// expression language of `explain --expr`, their did-you-mean suggestions and the lists of
/// functions in help and docs are all built from these declarations (`OpTable.all`); no other
/// file spells an op's name.
///
/// The table is collected at build time: a build-tool plugin (Sources/OpTablePlugin) lists every
/// type in Sources/Engine/Ops that declares a `declaration`, so adding an op is adding one file.
public struct OpDeclaration: Sendable {
    /// A positional argument of a call.
    public enum Argument: Sendable, Equatable {
        /// A tensor, named for messages (`x`, `logits`).
        case tensor(String)
        /// A constant number (`pow`'s exponent).
        case number(String)
        /// Integer labels declared with `labels y = [...]`.
        case labels(String)
        /// A bracketed list of dimensions (`reshape`'s `[2, 3]`).
        case shape(String)
    }

    /// An option written `name=value` after the positional arguments.
    public struct Option: Sendable {
        public enum Kind: Sendable {
            /// A number; `requirement` says in words what it must be (`greater than 0`) and
            /// `accepts` checks it.
            case number(requirement: String?, accepts: @Sendable (Double) -> Bool)
            /// A whole number in a range.
            case integer(ClosedRange<Int>)
            /// A word from a fixed list (`padding=same`).
            case word([String])
        }
        public let name: String
        public let kind: Kind

        public static func number(_ name: String) -> Option { Option(name: name, kind: .number(requirement: nil, accepts: { $0.isFinite })) }
        public static func number(_ name: String, mustBe requirement: String, _ accepts: @escaping @Sendable (Double) -> Bool) -> Option {
            Option(name: name, kind: .number(requirement: requirement, accepts: accepts))
        }
        public static func integer(_ name: String, in range: ClosedRange<Int>) -> Option { Option(name: name, kind: .integer(range)) }
        public static func word(_ name: String, _ choices: [String]) -> Option { Option(name: name, kind: .word(choices)) }
    }

    /// The function's name in the languages: `leaky_relu`.
    public let name: String
    /// One line of usage for help, errors and suggestions: `leaky_relu(x, slope=0.01)`.
    public let usage: String
    /// What it computes, in one line, for the list of functions.
    public let summary: String
    public let arguments: [Argument]
    public let options: [Option]
    /// The op for a call whose arguments have been read and checked against `arguments` and
    /// `options`; an attribute that is still out of range throws, naming it.
    public let make: @Sendable (OpCall) throws(EngineError) -> any TensorOp

    public init(
        _ name: String, usage: String, summary: String, arguments: [Argument], options: [Option] = [],
        make: @escaping @Sendable (OpCall) throws(EngineError) -> any TensorOp
    ) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.arguments = arguments
        self.options = options
        self.make = make
    }

    /// A function of one tensor with no options: `sigmoid(x)`.
    public static func function(_ name: String, summary: String, _ op: some TensorOp) -> OpDeclaration {
        OpDeclaration(name, usage: "\(name)(x)", summary: summary, arguments: [.tensor("x")]) { _ in op }
    }

    /// The op of this declaration as a function of one number (for `explain --expr`), or nil
    /// when it is not elementwise on one tensor.
    public func scalarFunction(_ call: OpCall = OpCall(shapes: [.scalar])) throws(EngineError) -> (any ElementwiseOp)? {
        guard arguments.count == 1, case .tensor = arguments[0] else { return nil }
        return try make(call) as? any ElementwiseOp
    }
}

/// The arguments of one call, as the op's `make` reads them.
public struct OpCall: Sendable {
    /// The shapes of the tensor arguments, in order.
    public let shapes: [Shape]
    /// The number arguments, in order.
    public let numbers: [Double]
    /// The dimensions of a shape argument.
    public let dimensions: [Int]
    /// Number and integer options given, by name.
    public let options: [String: Double]
    /// Word options given, by name.
    public let words: [String: String]

    public init(shapes: [Shape] = [], numbers: [Double] = [], dimensions: [Int] = [], options: [String: Double] = [:], words: [String: String] = [:]) {
        self.shapes = shapes
        self.numbers = numbers
        self.dimensions = dimensions
        self.options = options
        self.words = words
    }

    public func number(_ name: String) -> Double? { options[name] }
    /// A whole-number option (checked against its range when the call was read).
    public func integer(_ name: String) -> Int? { options[name].map { Int($0) } }
    public func word(_ name: String) -> String? { words[name] }
}

/// Every declared op, by name.
public enum OpTable {
    /// The declarations, sorted by name.
    public static let all: [OpDeclaration] = declared.sorted { $0.name < $1.name }

    private static let byName: [String: OpDeclaration] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static func declaration(named name: String) -> OpDeclaration? { byName[name] }

    /// The names of the functions of one number (usable in `explain --expr`).
    public static let scalarFunctionNames: [String] = all.filter { (try? $0.scalarFunction()) != nil }.map(\.name)
}
