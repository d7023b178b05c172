import Support

/// A command as the user called it: the parsed flag values and positionals, and the console to
/// write to. Handed to `Command.run`.
///
/// Values are read by flag name with typed accessors; a command reads them once, into its options,
/// through the `OptionFlag`s it declares. Asking for a flag the command does not
/// declare, or with the wrong type, is a programmer error and stops the program (`precondition`);
/// anything the user typed has already been checked by the parser.
public struct Invocation: Sendable {
    /// The command being run.
    public let command: Command
    /// The words that selected it, starting with the tool: `["backprop", "mnist", "train"]`.
    public let commandPath: [String]
    public let console: Console
    /// The positional arguments, in order.
    public let positionals: [String]
    /// Flag values as given, by flag name (only flags that were given).
    let given: [String: [FlagValue]]

    init(
        command: Command, commandPath: [String], console: Console, positionals: [String],
        given: [String: [FlagValue]]
    ) {
        self.command = command
        self.commandPath = commandPath
        self.console = console
        self.positionals = positionals
        self.given = given
    }

    /// Standard output of the console.
    public var out: OutputChannel { console.out }
    /// Standard error of the console.
    public var err: OutputChannel { console.err }

    /// `backprop mnist train`, for messages.
    public var commandName: String { commandPath.joined(separator: " ") }

    // MARK: Switches

    /// Whether the switch `--name` was given.
    public func flag(_ name: String) -> Bool {
        let flag = declared(name)
        guard case .toggle = flag.kind else { wrongKind(flag, "flag(_:)") }
        return given[name] != nil
    }

    /// Whether the flag `--name` (of any kind) was given on the command line, as opposed to
    /// taking its default.
    public func isGiven(_ name: String) -> Bool {
        _ = declared(name)
        return given[name] != nil
    }

    /// The value of `--name` read with `read` (such as `Invocation.int`) when it was given on
    /// the command line, else nil (its default is not taken).
    public func given<Value>(_ name: String, _ read: (Invocation) -> (String) -> Value) -> Value? {
        isGiven(name) ? read(self)(name) : nil
    }

    // MARK: Integers

    /// The value of an integer flag that has a default or is required.
    public func int(_ name: String) -> Int {
        guard case .int(let value) = single(name, "int(_:)", kind: isInteger) else {
            wrongKind(declared(name), "int(_:)")
        }
        return value
    }

    /// The value of an integer flag, or nil when it was not given and has no default.
    public func optionalInt(_ name: String) -> Int? {
        guard let value = optionalSingle(name, "optionalInt(_:)", kind: isInteger) else { return nil }
        guard case .int(let number) = value else { wrongKind(declared(name), "optionalInt(_:)") }
        return number
    }

    /// Every value of a repeatable integer flag (the default alone when it was not given).
    public func ints(_ name: String) -> [Int] {
        all(name, "ints(_:)", kind: isInteger).compactMap { if case .int(let v) = $0 { v } else { nil } }
    }

    // MARK: Numbers

    /// The value of a floating-point flag that has a default or is required.
    public func double(_ name: String) -> Double {
        guard case .double(let value) = single(name, "double(_:)", kind: isDouble) else {
            wrongKind(declared(name), "double(_:)")
        }
        return value
    }

    /// The value of a floating-point flag, or nil when it was not given and has no default.
    public func optionalDouble(_ name: String) -> Double? {
        guard let value = optionalSingle(name, "optionalDouble(_:)", kind: isDouble) else { return nil }
        guard case .double(let number) = value else { wrongKind(declared(name), "optionalDouble(_:)") }
        return number
    }

    /// Every value of a repeatable floating-point flag (the default alone when it was not given).
    public func doubles(_ name: String) -> [Double] {
        all(name, "doubles(_:)", kind: isDouble).compactMap { if case .double(let v) = $0 { v } else { nil } }
    }

    // MARK: Text, paths and choices

    /// The value of a string, path or choice flag that has a default or is required.
    public func string(_ name: String) -> String {
        guard case .string(let value) = single(name, "string(_:)", kind: isText) else {
            wrongKind(declared(name), "string(_:)")
        }
        return value
    }

    /// The value of a string, path or choice flag, or nil when not given and without default.
    public func optionalString(_ name: String) -> String? {
        guard let value = optionalSingle(name, "optionalString(_:)", kind: isText) else { return nil }
        guard case .string(let text) = value else { wrongKind(declared(name), "optionalString(_:)") }
        return text
    }

    /// Every value of a repeatable string, path or choice flag.
    public func strings(_ name: String) -> [String] {
        all(name, "strings(_:)", kind: isText).compactMap { if case .string(let v) = $0 { v } else { nil } }
    }

    /// The value of a choice flag declared from an enum, as that enum.
    public func choice<Choice: RawRepresentable>(_ name: String, as type: Choice.Type) -> Choice
    where Choice.RawValue == String {
        let raw = string(name)
        guard let value = Choice(rawValue: raw) else {
            preconditionFailure("--\(name): '\(raw)' is not a case of \(Choice.self); declare the flag from the enum")
        }
        return value
    }

    // MARK: Positionals

    /// The positional argument at `index`, or nil if it is optional and was not given.
    /// The index must be one the command declares (any index at or after a variadic one).
    public func positional(_ index: Int) -> String? {
        let declaredCount = command.positionals.count
        precondition(
            index >= 0 && (index < declaredCount || command.positionals.last?.isVariadic == true),
            "\(commandName) declares \(declaredCount) positional(s); asked for index \(index)")
        return index < positionals.count ? positionals[index] : nil
    }

    // MARK: Output files

    /// Refuses to write `output` (the value of `--flag`) when it is a file this command reads, one
    /// of its positional arguments: writing there would replace the user's input (`backprop
    /// export net.net --pytorch -o net.net`). Call it before writing.
    public func refuseOverwritingInput(_ output: String, flag: String) throws {
        for input in positionals where FileIO.isSameFile(input, output) {
            throw CommandError(
                "\(flag) \(output): that is the input file \(input); writing there would replace it (name another file)")
        }
    }

    // MARK: Helpers

    private func declared(_ name: String) -> Flag {
        guard let flag = command.flag(named: name) else {
            preconditionFailure("\(commandName) does not declare the flag --\(name)")
        }
        return flag
    }

    private func wrongKind(_ flag: Flag, _ accessor: String) -> Never {
        preconditionFailure("\(commandName): --\(flag.name) is \(flag.kind); \(accessor) cannot read it")
    }

    private func isInteger(_ kind: Flag.Kind) -> Bool {
        if case .integer = kind { return true }
        return false
    }

    private func isDouble(_ kind: Flag.Kind) -> Bool {
        if case .double = kind { return true }
        return false
    }

    private func isText(_ kind: Flag.Kind) -> Bool {
        switch kind {
        case .string, .path, .choice: true
        default: false
        }
    }

    private func single(_ name: String, _ accessor: String, kind: (Flag.Kind) -> Bool) -> FlagValue {
        let flag = declared(name)
        precondition(
            flag.defaultValue != nil || flag.isRequired,
            "\(commandName): --\(name) has no default and is not required; use optional accessors")
        guard let value = optionalSingle(name, accessor, kind: kind) else {
            preconditionFailure("\(commandName): required --\(name) missing after parsing")
        }
        return value
    }

    private func optionalSingle(_ name: String, _ accessor: String, kind: (Flag.Kind) -> Bool) -> FlagValue? {
        let flag = declared(name)
        guard kind(flag.kind) else { wrongKind(flag, accessor) }
        precondition(!flag.isRepeatable, "\(commandName): --\(name) is repeatable; read all its values")
        return given[name]?.last ?? flag.defaultValue
    }

    private func all(_ name: String, _ accessor: String, kind: (Flag.Kind) -> Bool) -> [FlagValue] {
        let flag = declared(name)
        guard kind(flag.kind) else { wrongKind(flag, accessor) }
        if let values = given[name] { return values }
        return flag.defaultValue.map { [$0] } ?? []
    }
}
