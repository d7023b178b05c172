import Engine
import Support

/// One epoch as Keras reports it: the training loss and accuracy as running means over the
/// epoch's batches (weighted by batch size, while the weights move), then the validation loss and
/// accuracy of the model at the end of the epoch, and how long the epoch took.
public struct EpochMetrics: Sendable, Equatable {
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Wall-clock seconds for training and validation.
    public var seconds: Double

    public init(
        epoch: Int, loss: Double, accuracy: Double, validationLoss: Double?, validationAccuracy: Double?,
        seconds: Double
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.seconds = seconds
    }

    /// The value `save_best_only` watches: validation accuracy, or training accuracy without a
    /// validation set.
    public var monitored: Double { validationAccuracy ?? accuracy }

    /// As JSON; `seconds` is left out when `timing` is false (for output that must not vary).
    public func json(timing: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("epoch", .integer(epoch)),
            ("loss", .number(loss)),
            ("accuracy", .number(accuracy)),
            ("val_loss", validationLoss.map { .number($0) } ?? .null),
            ("val_accuracy", validationAccuracy.map { .number($0) } ?? .null),
        ]
        if timing { members.append(("seconds", .number(seconds))) }
        return .object(members)
    }

    /// Reads what `json` wrote (seconds default to 0 when absent).
    /// True when every figure is one a run can produce: a positive epoch, finite non-negative
    /// losses and seconds, accuracies in 0...1 (what a checkpoint's history is checked for).
    public var isPlausible: Bool {
        func loss(_ x: Double?) -> Bool { x.map { $0.isFinite && $0 >= 0 } ?? true }
        func fraction(_ x: Double?) -> Bool { x.map { $0 >= 0 && $0 <= 1 } ?? true }
        return epoch >= 1 && epoch <= TrainingConfiguration.maximumEpochs && loss(self.loss) && loss(validationLoss)
            && fraction(accuracy) && fraction(validationAccuracy) && seconds.isFinite && seconds >= 0
    }

    public init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        var fields: [String: JSONValue] = [:]
        for (key, value) in members { fields[key] = value }
        func number(_ key: String) -> Double? { fields[key]?.doubleValue }
        guard case .integer(let epoch) = fields["epoch"], let loss = number("loss"), let accuracy = number("accuracy")
        else { return nil }
        self.init(
            epoch: epoch, loss: loss, accuracy: accuracy, validationLoss: number("val_loss"),
            validationAccuracy: number("val_accuracy"), seconds: number("seconds") ?? 0)
    }
}

/// A model's loss and accuracy over a data set, with the confusion matrix.
public struct Evaluation: Sendable, Equatable {
    public let count: Int
    /// Mean cross-entropy over the images.
    public let loss: Double
    public let correct: Int
    /// `confusion[label][prediction]`: how many images of each true digit got each prediction.
    public let confusion: [[Int]]

    public init(count: Int, loss: Double, correct: Int, confusion: [[Int]]) {
        self.count = count
        self.loss = loss
        self.correct = correct
        self.confusion = confusion
    }

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var classes: Int { confusion.count }

    /// For each true digit, the fraction of its images predicted right (nil when it has none).
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { label, row in
            let total = row.reduce(0, +)
            return total == 0 ? nil : Double(row[label]) / Double(total)
        }
    }

    public var json: JSONValue {
        .object([
            ("count", .integer(count)),
            ("loss", .number(loss)),
            ("accuracy", .number(accuracy)),
            ("confusion", .array(confusion.map { .array($0.map { .integer($0) }) })),
            ("per_class_accuracy", .array(perClassAccuracy.map { $0.map { .number($0) } ?? .null })),
        ])
    }
}

/// The index of the largest of `n` values (the first one on ties).
@inline(__always)
func argmax(_ values: UnsafePointer<Float>, _ n: Int) -> Int {
    var best = 0
    var top = values[0]
    for j in 1..<max(n, 1) where values[j] > top {
        top = values[j]
        best = j
    }
    return best
}
