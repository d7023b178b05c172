/// A problem with a computation's inputs: shapes that do not fit an op, a label out of range, a
/// loss that is not a scalar. One line, naming the op and what was expected.
public struct EngineError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
