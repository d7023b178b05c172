/// A mistake in how the tool was called. The framework prints `backprop: <message>` and a hint
/// to the command's help on standard error and exits with code 2 — or 1 for a well-formed value
/// outside the flag's range (`--batch-size 0`), which the command cannot work with.
/// Commands may throw it for checks the table cannot express (two flags that exclude each other).
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public var message: String
    /// True for a well-formed value outside the allowed range.
    public var isOutOfRange: Bool

    public init(_ message: String, isOutOfRange: Bool = false) {
        self.message = message
        self.isOutOfRange = isOutOfRange
    }

    var exitCode: Int32 { isOutOfRange ? ExitCode.failure : ExitCode.usage }

    public var description: String { message }
}

/// A command failing at run time for a reason the user can act on (a missing file, a malformed
/// network file). The framework prints `backprop: <message>` and exits with code 1.
///
/// Any error a command throws gets the same treatment; its `description` is the message, so
/// errors of other modules should conform to `CustomStringConvertible` and say what was expected
/// and where.
public struct CommandError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The exit codes of the tool.
public enum ExitCode {
    public static let success: Int32 = 0
    /// A command failed at run time (bad file, ...).
    public static let failure: Int32 = 1
    /// The tool was called wrongly (unknown flag, missing or malformed value, ...).
    public static let usage: Int32 = 2
}
