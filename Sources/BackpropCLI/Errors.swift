/// A mistake in how the tool was called. The framework prints `backprop: <message>` and a hint
/// to the command's help on standard error and exits with code 2. Commands may throw it for
/// checks the table cannot express (for example two flags that exclude each other).
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

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
    /// The tool was called wrongly (unknown flag, malformed value, ...).
    public static let usage: Int32 = 2
}
