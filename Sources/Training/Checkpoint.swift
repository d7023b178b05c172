import Engine
import Kernels
import NN
import Support

/// A training checkpoint: the model's saved tensors (weights, biases, batch-norm parameters and
/// running averages) under their own names (`W1`, `b1`, `gamma1`, `moving_mean1`, …), the
/// optimizer's state as `optimizer.W1.m`, `optimizer.W1.v`, … and, in the safetensors header's
/// `__metadata__` (string values), everything else a resumed run needs:
///
///     format            backprop-explorer checkpoint 1
///     model             mlp | mlp-bn | mlp-wide
///     optimizer, learning_rate, batch_size, epochs, validation_split, seed, limit
///                       the training configuration
///     epoch             epochs completed when it was written
///     monitor           val_accuracy (accuracy without a validation split)
///     best_value, best_epoch
///                       the best monitored value so far, which save_best_only compares against
///     shuffle_state     the shuffling generator's four 64-bit words, hex
///     optimizer_step    optimizer steps taken (Adam's bias correction needs it)
///     history           the per-epoch metrics so far, as JSON text
public struct Checkpoint: Sendable {
    public static let formatName = "backprop-explorer checkpoint 1"
    public static let optimizerPrefix = "optimizer."

    public var configuration: TrainingConfiguration
    public var epoch: Int
    public var best: (epoch: Int, value: Double)?
    public var shufflerState: [UInt64]
    public var optimizerStep: Int
    public var history: [EpochMetrics]
    /// Model tensors first, then optimizer state, in a fixed order.
    public var tensors: [(name: String, tensor: Tensor<Float>)]

    public init(
        configuration: TrainingConfiguration, epoch: Int, best: (epoch: Int, value: Double)?,
        shufflerState: [UInt64], optimizerStep: Int, history: [EpochMetrics],
        tensors: [(name: String, tensor: Tensor<Float>)]
    ) {
        self.configuration = configuration
        self.epoch = epoch
        self.best = best
        self.shufflerState = shufflerState
        self.optimizerStep = optimizerStep
        self.history = history
        self.tensors = tensors
    }

    public var modelName: String { configuration.model }

    // MARK: To and from safetensors

    public var safeTensors: SafeTensors {
        var metadata: [(String, String)] = [("format", Checkpoint.formatName)]
        metadata += configuration.metadata
        metadata.append(("epoch", String(epoch)))
        metadata.append(("monitor", configuration.validationSplit > 0 ? "val_accuracy" : "accuracy"))
        if let best {
            metadata.append(("best_value", "\(best.value)"))
            metadata.append(("best_epoch", String(best.epoch)))
        }
        metadata.append(("shuffle_state", shufflerState.map { hex($0) }.joined(separator: " ")))
        metadata.append(("optimizer_step", String(optimizerStep)))
        metadata.append(("history", JSONValue.array(history.map { $0.json() }).serialized()))
        return SafeTensors(
            metadata: metadata, entries: tensors.map { SafeTensors.Entry($0.name, $0.tensor) })
    }

    /// Reads a checkpoint's metadata and tensors (not yet checked against a model).
    public init(_ file: SafeTensors, source: String) throws(CheckpointError) {
        func fail(_ detail: String) -> CheckpointError { CheckpointError(source, detail) }
        var fields: [String: String] = [:]
        for (key, value) in file.metadata { fields[key] = value }
        guard let format = fields["format"] else {
            throw fail(
                "the safetensors header has no backprop-explorer metadata ('format'); not a checkpoint of this tool")
        }
        guard format == Checkpoint.formatName else {
            throw fail("checkpoint format is '\(format)'; this version reads '\(Checkpoint.formatName)'")
        }
        configuration = try TrainingConfiguration(metadata: fields, source: source)
        func integer(_ key: String, _ range: ClosedRange<Int>, _ meaning: String) throws(CheckpointError) -> Int {
            guard let text = fields[key] else { throw fail("__metadata__ has no '\(key)'") }
            guard let n = Int(text), range.contains(n) else {
                throw fail(
                    "__metadata__ '\(key)' is '\(text)'; expected \(meaning) \(range.lowerBound)...\(range.upperBound)")
            }
            return n
        }
        epoch = try integer("epoch", 0...TrainingConfiguration.maximumEpochs, "epochs completed,")
        // At most one step per training image and epoch: a counter past that was not written by
        // a run (and 2^63 − 1 would overflow the optimizer's next step).
        let stepsPerEpoch = Checkpoint.maximumImagesPerEpoch / configuration.batchSize + 1
        optimizerStep = try integer("optimizer_step", 0...(epoch * stepsPerEpoch), "optimizer steps,")
        if let text = fields["best_value"] {
            guard let value = Double(text), value.isFinite, value >= 0, value <= 1 else {
                throw fail("__metadata__ 'best_value' is '\(text)'; expected an accuracy 0...1")
            }
            best = (try integer("best_epoch", min(1, epoch)...epoch, "an epoch"), value)
        } else {
            best = nil
        }
        let words = (fields["shuffle_state"] ?? "").split(separator: " ").compactMap { UInt64($0, radix: 16) }
        guard words.count == 4, words != [0, 0, 0, 0] else {
            throw fail("__metadata__ 'shuffle_state' must be four hex words (the generator's state)")
        }
        shufflerState = words
        history = []
        if let text = fields["history"] {
            guard let value = try? JSONValue.parse(Array(text.utf8)), case .array(let items) = value else {
                throw fail("__metadata__ 'history' is not a JSON array")
            }
            guard items.count <= TrainingConfiguration.maximumEpochs else {
                throw fail("__metadata__ 'history' lists \(items.count) epochs; expected at most \(TrainingConfiguration.maximumEpochs)")
            }
            for item in items {
                guard let metrics = EpochMetrics(json: item), metrics.isPlausible else {
                    throw fail(
                        "__metadata__ 'history' has a malformed epoch (expected an epoch number, finite losses, accuracies 0...1)")
                }
                history.append(metrics)
            }
        }
        tensors = file.entries.map { ($0.name, $0.tensor) }
        // A NaN or infinite weight would evaluate to chance and train on silently.
        for (name, tensor) in tensors {
            if let bad = tensor.elements.firstIndex(where: { !$0.isFinite }) {
                throw fail(
                    "tensor '\(name)' holds \(tensor.elements[bad]) at element \(bad) of \(tensor.elements.count); "
                        + "a checkpoint's numbers must be finite")
            }
        }
    }

    /// The most training images an epoch can have (the MNIST loader's limit per file), which
    /// bounds the optimizer steps a checkpoint can claim: one per image and epoch.
    public static let maximumImagesPerEpoch = 1_000_000

    /// Writes the checkpoint atomically (see `FileIO.writeAtomically`), creating missing folders.
    public func write(to path: String) throws(FileError) {
        try FileIO.writeAtomically(safeTensors.encoded(), to: path, creatingFolders: true)
    }

    /// The largest checkpoint file read (the widest model's is 6.4 MB).
    public static let maximumFileSize = 1 << 30

    /// Reads and checks a checkpoint file: at most `maximumFileSize` bytes of a regular file,
    /// every metadata field in its range, every number finite.
    public static func read(from path: String) throws -> Checkpoint {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path, limit: maximumFileSize)
        } catch {
            throw CheckpointError(path, "cannot read the checkpoint: \(readFailure(error))")
        }
        return try Checkpoint(SafeTensors(decoding: bytes, source: path), source: path)
    }

    /// Why a checkpoint file cannot be read, as this message has always said it: "no such file
    /// or directory", "is a directory, not a file"; else as `FileIO` says it.
    static func readFailure(_ error: FileError) -> String {
        switch error.pathKind {
        case .missing: "no such file or directory"
        case .directory: "is a directory, not a file"
        case .unreachable(let code): FileIO.errnoText(code)
        default: error.detail
        }
    }

    // MARK: Into a model

    /// A new MNIST model of the checkpoint's kind with the checkpoint's weights.
    public func makeModel(source: String) throws(CheckpointError) -> Sequential<Float> {
        guard let kind = ModelKind(rawValue: modelName) else {
            throw CheckpointError(
                source,
                "holds a model named '\(modelName)'; known models are \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let model: Sequential<Float> = kind.make(seed: 0)
        try load(into: model, source: source)
        return model
    }

    /// Copies the checkpoint's model tensors into `model`, after checking that the checkpoint is
    /// of this model (its name) and holds exactly its tensors with their shapes.
    public func load<T: KernelScalar>(into model: Sequential<T>, source: String) throws(CheckpointError) {
        guard modelName == model.name else {
            throw CheckpointError(source, "is a checkpoint of model \(modelName), not \(model.name)")
        }
        var byName: [String: Tensor<Float>] = [:]
        for (name, tensor) in tensors { byName[name] = tensor }
        let saved = model.savedTensors
        let expected = Set(saved.map(\.name))
        for (name, _) in tensors where !name.hasPrefix(Checkpoint.optimizerPrefix) && !expected.contains(name) {
            throw CheckpointError(source, "holds a tensor '\(name)' that model \(model.name) does not have")
        }
        for parameter in saved {
            guard let tensor = byName[parameter.name] else {
                throw CheckpointError(source, "has no tensor '\(parameter.name)' (model \(model.name) needs it)")
            }
            guard tensor.shape == parameter.shape else {
                throw CheckpointError(
                    source,
                    "tensor '\(parameter.name)' has shape \(tensor.shape.asciiDescription) but model \(model.name) needs \(parameter.shape.asciiDescription)"
                )
            }
            parameter.tensor = tensor.converted(to: T.self)
        }
    }
}

private func hex(_ word: UInt64) -> String {
    let digits = String(word, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
