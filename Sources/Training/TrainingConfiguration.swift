import Engine
import NN
import Support

/// The update rules `mnist train` offers, with Keras's default learning rates.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case sgd, momentum, adam

    /// Keras's defaults: SGD 0.01, SGD with momentum 0.9 at 0.01, Adam 0.001.
    public var defaultLearningRate: Double {
        switch self {
        case .sgd, .momentum: 0.01
        case .adam: 0.001
        }
    }

    /// A new optimizer over `parameters` (Adam with β1 0.9, β2 0.999, ε 1e-7; momentum 0.9).
    public func make<T: KernelScalar>(_ parameters: [Parameter<T>], learningRate: Double) -> any Optimizer<T> {
        switch self {
        case .sgd: SGD(parameters, learningRate: learningRate)
        case .momentum: Momentum(parameters, learningRate: learningRate, momentum: 0.9)
        case .adam: Adam(parameters, learningRate: learningRate)
        }
    }
}

/// Everything that decides a training run, with the Keras tutorial's recipe as defaults: the
/// `mlp` model, Adam at 0.001, batches of 32, 10 epochs, the last 20% of the training images for
/// validation, reshuffled every epoch from a fixed seed.
public struct TrainingConfiguration: Sendable, Equatable {
    /// The model's name (a `ModelKind` raw value for MNIST).
    public var model: String = ModelKind.mlp.rawValue
    public var optimizer: OptimizerKind = .adam
    /// Nil takes the optimizer's default.
    public var learningRate: Double? = nil
    public var batchSize = 32
    /// The total number of epochs (a resumed run continues up to it).
    public var epochs = 10
    public var validationSplit = 0.2
    /// Seeds the initial weights and the shuffles (≥ 0).
    public var seed = 1
    /// Use only the first `limit` training images (before the validation split).
    public var limit: Int? = nil

    public init() {}

    public var effectiveLearningRate: Double { learningRate ?? optimizer.defaultLearningRate }

    /// The seed of the shuffling stream, apart from the initialization's.
    public var shuffleSeed: UInt64 { UInt64(seed) ^ 0x5348_5546_464C_4521 }

    /// The seed of the initial weights.
    public var initializationSeed: UInt64 { UInt64(seed) }

    /// The configuration as checkpoint metadata (string values, as safetensors requires).
    public var metadata: [(String, String)] {
        var members: [(String, String)] = [
            ("model", model),
            ("optimizer", optimizer.rawValue),
            ("learning_rate", "\(effectiveLearningRate)"),
            ("batch_size", String(batchSize)),
            ("epochs", String(epochs)),
            ("validation_split", "\(validationSplit)"),
            ("seed", String(seed)),
        ]
        if let limit { members.append(("limit", String(limit))) }
        return members
    }

    /// Reads what `metadata` wrote; `source` names the file for messages.
    public init(metadata: [String: String], source: String) throws(CheckpointError) {
        func value(_ key: String) throws(CheckpointError) -> String {
            guard let text = metadata[key] else {
                throw CheckpointError(source, "the header's __metadata__ has no '\(key)'; not a training checkpoint")
            }
            return text
        }
        func number<N: LosslessStringConvertible>(
            _ key: String, _ expected: String, _ ok: (N) -> Bool
        ) throws(CheckpointError) -> N {
            let text = try value(key)
            guard let n = N(text), ok(n) else {
                throw CheckpointError(source, "__metadata__ '\(key)' is '\(text)'; expected \(expected)")
            }
            return n
        }
        model = try value("model")
        let optimizerName = try value("optimizer")
        guard let kind = OptimizerKind(rawValue: optimizerName) else {
            throw CheckpointError(
                source, "__metadata__ 'optimizer' is '\(optimizerName)'; expected sgd, momentum or adam")
        }
        optimizer = kind
        let batches = TrainingConfiguration.batchSizes, epochCounts = TrainingConfiguration.epochCounts
        learningRate = try number("learning_rate", "a finite number above 0") { (x: Double) in x.isFinite && x > 0 }
        batchSize = try number("batch_size", "\(batches.lowerBound)...\(batches.upperBound)") { batches.contains($0) }
        epochs = try number("epochs", "\(epochCounts.lowerBound)...\(epochCounts.upperBound)") { epochCounts.contains($0) }
        validationSplit = try number("validation_split", "a fraction 0 ≤ f < 1") { (x: Double) in x >= 0 && x < 1 }
        seed = try number("seed", "an integer 0 or above") { (n: Int) in n >= 0 }
        limit = metadata["limit"] == nil ? nil : try number("limit", "an image count 1 or above") { (n: Int) in n > 0 }
    }

    /// The batch sizes a run takes (`--batch-size`, and a checkpoint's `batch_size`).
    public static let batchSizes = 1...60000
    /// The epoch counts a run takes (`--epochs`, a checkpoint's `epochs`).
    public static let epochCounts = 1...maximumEpochs
    public static let maximumEpochs = 10000

    /// One line for people: `mlp, adam (lr 0.001), batch 32, 10 epochs, validation 0.2, seed 1`.
    public var summary: String {
        var text =
            "\(model), \(optimizer.rawValue) (lr \(NumberFormat.compact(effectiveLearningRate))), "
            + "batch \(batchSize), \(epochs) epoch\(epochs == 1 ? "" : "s"), validation split \(NumberFormat.compact(validationSplit)), seed \(seed)"
        if let limit { text += ", first \(limit) training images" }
        return text
    }

    /// The configuration as JSON (for `--json`).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(model)),
            ("optimizer", .string(optimizer.rawValue)),
            ("learning_rate", .number(effectiveLearningRate)),
            ("batch_size", .integer(batchSize)),
            ("epochs", .integer(epochs)),
            ("validation_split", .number(validationSplit)),
            ("seed", .integer(seed)),
        ]
        members.append(("limit", limit.map { .integer($0) } ?? .null))
        return .object(members)
    }
}

/// The recipe choices given for a run, each nil when not given.
public struct RecipeChoices: Sendable {
    public var model: String?
    public var optimizer: OptimizerKind?
    public var learningRate: Double?
    public var batchSize: Int?
    public var epochs: Int?
    public var validationSplit: Double?
    public var seed: Int?
    public var limit: Int?

    public init() {}

    /// `base` with every given choice in place of its own.
    public func applied(to base: TrainingConfiguration) -> TrainingConfiguration {
        var configuration = base
        if let model { configuration.model = model }
        if let optimizer { configuration.optimizer = optimizer }
        if let learningRate { configuration.learningRate = learningRate }
        if let batchSize { configuration.batchSize = batchSize }
        if let epochs { configuration.epochs = epochs }
        if let validationSplit { configuration.validationSplit = validationSplit }
        if let seed { configuration.seed = seed }
        if let limit { configuration.limit = limit }
        return configuration
    }
}

extension TrainingConfiguration {
    /// The recipe of a resumed run: this one (a checkpoint's, read from `source`), with the epoch
    /// count from `given` when there. Any other choice given must agree with it: a resumed run is
    /// the same run. The messages name the `mnist train` flags.
    public func resumed(with given: RecipeChoices, source: String) throws(TrainingError) -> TrainingConfiguration {
        func mismatch(_ flag: String, _ value: String, _ kept: String) -> TrainingError {
            TrainingError(
                .data, "--\(flag) \(value) differs from the \(kept) of the run in \(source); a resumed run keeps its recipe")
        }
        if let model = given.model, model != self.model {
            throw TrainingError(.data, "\(source) is a checkpoint of model \(self.model), not \(model)")
        }
        if let optimizer = given.optimizer, optimizer != self.optimizer {
            throw mismatch("optimizer", optimizer.rawValue, "optimizer \(self.optimizer.rawValue)")
        }
        if let lr = given.learningRate, lr != effectiveLearningRate {
            throw mismatch(
                "lr", NumberFormat.compact(lr), "learning rate \(NumberFormat.compact(effectiveLearningRate))")
        }
        if let batchSize = given.batchSize, batchSize != self.batchSize {
            throw mismatch("batch-size", String(batchSize), "batch size \(self.batchSize)")
        }
        if let split = given.validationSplit, split != validationSplit {
            throw mismatch(
                "validation-split", NumberFormat.compact(split),
                "validation split \(NumberFormat.compact(validationSplit))")
        }
        if let seed = given.seed, seed != self.seed {
            throw mismatch("seed", String(seed), "seed \(self.seed)")
        }
        if let limit = given.limit, limit != self.limit {
            throw mismatch("limit", String(limit), "limit \(self.limit.map(String.init) ?? "(none)")")
        }
        var configuration = self
        if let epochs = given.epochs { configuration.epochs = epochs }
        return configuration
    }
}
