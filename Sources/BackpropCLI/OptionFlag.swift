/// A flag of a command declared together with the field of the command's options that takes its
/// value, so that the flag list and the reading of the values are one list and cannot drift apart:
///
///     struct Options: CommandOptions {
///         var batch = 0
///         var json = false
///         static let flags: [OptionFlag<Options>] = [
///             Flag.integer("batch", 1...1000, default: 4, "training images in the batch").into(\.batch),
///             Flag.toggle("json", "write the report as JSON").into(\.json),
///         ]
///     }
///
/// The type of the field says how the value is read: `Bool` a switch, `Int` a value with a default
/// (or required), `Int?` one without, `[String]` a repeatable flag; `ifGiven(into:)` takes a value
/// only when it was typed, not the default.
public struct OptionFlag<Options>: Sendable {
    public let flag: Flag
    let read: @Sendable (Invocation, inout Options) throws -> Void

    init(_ flag: Flag, read: @escaping @Sendable (Invocation, inout Options) throws -> Void) {
        self.flag = flag
        self.read = read
    }
}

/// A command's options, read once from the invocation: every field a flag fills, then what
/// `complete` adds (positionals, values checked against each other). Fields start with
/// placeholder values, which reading always replaces.
protocol CommandOptions {
    init()
    static var flags: [OptionFlag<Self>] { get }
    /// Reads what flags do not, and checks values together; by default nothing.
    mutating func complete(_ invocation: Invocation) throws
}

extension CommandOptions {
    mutating func complete(_ invocation: Invocation) throws {}

    /// The flags, for the command's table.
    static var declaredFlags: [Flag] { flags.map(\.flag) }

    init(_ invocation: Invocation) throws {
        self.init()
        for option in Self.flags { try option.read(invocation, &self) }
        try complete(invocation)
    }
}

extension Flag {
    /// A switch: whether it was given.
    func into<Options>(_ field: WritableKeyPath<Options, Bool> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.flag(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, Int> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.int(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, Int?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.optionalInt(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, Double> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.double(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, Double?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.optionalDouble(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, String> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.string(name) }
    }

    func into<Options>(_ field: WritableKeyPath<Options, String?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.optionalString(name) }
    }

    /// Every value of a repeatable flag.
    func into<Options>(_ field: WritableKeyPath<Options, [String]> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.strings(name) }
    }

    /// A choice declared from an enum, as that enum.
    func into<Options, Choice: RawRepresentable & SendableMetatype>(
        _ field: WritableKeyPath<Options, Choice> & Sendable
    ) -> OptionFlag<Options> where Choice.RawValue == String {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.choice(name, as: Choice.self) }
    }

    /// The value only when it was given on the command line, else nil (not the default).
    func ifGiven<Options>(into field: WritableKeyPath<Options, Int?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.given(name, Invocation.int) }
    }

    func ifGiven<Options>(into field: WritableKeyPath<Options, Double?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.given(name, Invocation.double) }
    }

    func ifGiven<Options>(into field: WritableKeyPath<Options, String?> & Sendable) -> OptionFlag<Options> {
        OptionFlag(self) { invocation, options in options[keyPath: field] = invocation.given(name, Invocation.string) }
    }

    func ifGiven<Options, Choice: RawRepresentable & SendableMetatype>(
        into field: WritableKeyPath<Options, Choice?> & Sendable
    ) -> OptionFlag<Options> where Choice.RawValue == String {
        OptionFlag(self) { invocation, options in
            options[keyPath: field] = invocation.isGiven(name) ? invocation.choice(name, as: Choice.self) : nil
        }
    }
}
