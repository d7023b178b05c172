import Support

/// A place in a source file, 1-based.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A mistake in a network file, lesson file or expression: one line,
/// `file:line:column: what was found; what was expected`. Control characters the message quotes
/// from the input are written as escapes (`\0`, `\u{1B}`), so it stays one line.
public struct SourceError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let location: SourceLocation
    public let message: String

    public init(file: String, _ location: SourceLocation, _ message: String) {
        self.file = file
        self.location = location
        self.message = MessageText.escapingControlCharacters(message)
    }

    public var description: String { "\(file):\(location.line):\(location.column): \(message)" }
}
