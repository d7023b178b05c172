import Support

/// A checkpoint that cannot be read or does not fit: one line naming the file and the problem,
/// e.g. `best.safetensors: tensor W1 has shape (784, 64) but model mlp needs (784, 128)`.
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let detail: String

    public init(_ file: String, _ detail: String) {
        self.file = file
        self.detail = detail
    }

    /// One line, whatever the file or tensor names in it hold.
    public var description: String { MessageText.oneLine("\(file): \(detail)") }
}

/// Training that cannot go on: a loss that is no longer a number, a batch the engine rejects, a
/// data set too small for the split. One line.
public struct TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The loss of a step was NaN or infinite: training stopped before that step's update.
        case nonFiniteLoss(epoch: Int, step: Int, steps: Int)
        case engine
        case data
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
