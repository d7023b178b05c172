import Engine
import Kernels
import NN
import Support

/// What the fit loop reports while it runs, for progress bars and logs.
public enum TrainingEvent {
    /// An epoch begins: its number (1-based), the total, and its steps.
    case epochStarted(epoch: Int, epochs: Int, steps: Int)
    /// A step ended: the running loss and accuracy of the epoch so far.
    case stepEnded(step: Int, steps: Int, loss: Double, accuracy: Double)
    /// An epoch ended; `saved` when the checkpoint was written because the monitored value
    /// improved.
    case epochEnded(EpochMetrics, saved: Bool)
}

/// The fit loop of `mnist train`, as Keras's `model.fit` runs it: per epoch a fresh shuffle of the
/// training images from the seeded generator, mini-batches (the last one partial), per step
/// `tape.reset()`, the batch converted from bytes into the input node, the loss, `backward`, the
/// optimizer's step; then validation in inference mode, and `save_best_only` on validation
/// accuracy.
///
/// Everything a run depends on is state of this object and goes into a checkpoint: weights,
/// optimizer state and step count, epochs done, the shuffling generator, the best monitored value
/// and the history. Restoring it continues the run exactly as if it had not stopped.
public final class Trainer {
    public let configuration: TrainingConfiguration
    public let model: Sequential<Float>
    public let optimizer: any Optimizer<Float>
    /// Epochs completed so far.
    public private(set) var epochsCompleted = 0
    public private(set) var history: [EpochMetrics] = []
    /// The best monitored value so far and its epoch (what `save_best_only` compares against).
    public private(set) var best: (epoch: Int, value: Double)?
    /// The generator the next epoch's shuffle draws from.
    public private(set) var shuffler: SeededGenerator
    /// The tape of the training steps; after a step it holds that step's trace, with the gradient
    /// elements no backward reads left out (`Tape.skipsUnreadGradientElements`).
    public let tape = Tape<Float>()
    public let inference: InferenceRunner
    /// Whether `fit` runs with subnormal Float values flushed to zero (Kernels' SubnormalMode):
    /// faster where they occur, and nothing else changes; false keeps IEEE subnormals.
    public var flushesSubnormals = true
    /// Whether each parameter is updated inside `backward`, as soon as its gradient is final
    /// (`Tape.backward(from:gradientIsFinal:)`), rather than all after it: the same numbers, bit
    /// for bit; only the order of work changes.
    public var updatesInsideBackward = true
    /// Which parameters this step has updated (kept: a warm step allocates nothing).
    private var updated: [Bool]
    private var order: [Int] = []
    private let labelBuffer: UnsafeMutableBufferPointer<Int32>

    /// A trainer for `model` (its weights as they are) with the configuration's optimizer.
    public init(model: Sequential<Float>, configuration: TrainingConfiguration, evaluationBatchSize: Int = 1000) {
        precondition(configuration.batchSize > 0, "batch size must be positive")
        self.configuration = configuration
        self.model = model
        optimizer = configuration.optimizer.make(model.parameters, learningRate: configuration.effectiveLearningRate)
        shuffler = SeededGenerator(seed: configuration.shuffleSeed)
        inference = InferenceRunner(model: model, batchSize: evaluationBatchSize)
        labelBuffer = .allocate(capacity: configuration.batchSize)
        tape.skipsUnreadGradientElements = true
        labelBuffer.initialize(repeating: 0)
        updated = Array(repeating: false, count: optimizer.parameters.count)
    }

    /// A trainer for a new MNIST model of `configuration.model`, initialized from its seed.
    public convenience init(configuration: TrainingConfiguration) throws(TrainingError) {
        guard let kind = ModelKind(rawValue: configuration.model) else {
            throw TrainingError(.data, "unknown model '\(configuration.model)'")
        }
        self.init(model: kind.make(seed: configuration.initializationSeed), configuration: configuration)
    }

    deinit { labelBuffer.deallocate() }

    /// The backward pass and the optimizer's step: each parameter updated inside backward once its
    /// gradient is final, or all after it.
    private func backwardAndUpdate(from loss: Variable) throws(EngineError) {
        guard updatesInsideBackward else {
            try tape.backward(from: loss)
            optimizer.step()
            return
        }
        let optimizer = optimizer, parameters = optimizer.parameters
        for k in updated.indices { updated[k] = false }
        optimizer.beginStep()
        try tape.backward(from: loss) { p in
            for k in parameters.indices where parameters[k] === p && !updated[k] {
                optimizer.update(k)
                updated[k] = true
            }
        }
        // Those the tape did not hold: updated from their gradient as it is, as `step` does.
        for k in updated.indices where !updated[k] { optimizer.update(k) }
    }

    /// The steps of one epoch over `count` images.
    public func steps(for count: Int) -> Int { (count + configuration.batchSize - 1) / configuration.batchSize }

    /// One epoch over `data`: returns the running-mean loss and accuracy Keras reports.
    /// A NaN or infinite loss throws before that step changes any weight.
    public func trainEpoch(
        _ data: ImageDataset,
        onStep: (_ step: Int, _ steps: Int, _ loss: Double, _ accuracy: Double) -> Void = { _, _, _, _ in }
    ) throws(TrainingError) -> (loss: Double, accuracy: Double) {
        guard data.count > 0 else { throw TrainingError(.data, "no training images") }
        let n = data.count
        let batch = configuration.batchSize
        let flat = takesFlatInput(model)
        if order.count != n { order = Array(repeating: 0, count: n) }
        for i in 0..<n { order[i] = i }
        shuffler.shuffle(&order)
        let steps = steps(for: n)
        let epoch = epochsCompleted + 1
        tape.isTraining = true
        var lossTotal = 0.0
        var correct = 0
        var seen = 0
        for step in 0..<steps {
            let first = step * batch
            let size = min(batch, n - first)
            tape.reset()
            tape.randomSeed = UInt64(truncatingIfNeeded: configuration.seed) &* 0x9E37_79B9_7F4A_7C15
                &+ UInt64(optimizer.stepCount)
            let x = order.withUnsafeBufferPointer { order in
                feed(data, rows: first..<(first + size), flat: flat, order: order.baseAddress!, on: tape)
            }
            data.labels.withUnsafeBufferPointer { labels in
                for r in 0..<size { labelBuffer[r] = Int32(labels[data.start + order[first + r]]) }
            }
            let labels = UnsafeBufferPointer(rebasing: labelBuffer[0..<size])
            let logits: Variable
            let loss: Variable
            do {
                (logits, loss) = try model.loss(x, labels: labels, on: tape)
            } catch {
                throw TrainingError(.engine, "epoch \(epoch), step \(step + 1): \(error)")
            }
            let value = Double(tape.scalar(loss))
            guard value.isFinite else {
                throw TrainingError(
                    .nonFiniteLoss(epoch: epoch, step: step + 1, steps: steps),
                    "epoch \(epoch), step \(step + 1)/\(steps): the loss is \(NumberFormat.significant(value)); "
                        + "training stopped before this step's update")
            }
            do {
                try backwardAndUpdate(from: loss)
            } catch {
                throw TrainingError(.engine, "epoch \(epoch), step \(step + 1): \(error)")
            }

            let classes = tape.shape(of: logits)[1]
            let z = tape.node(logits).value.pointer
            for r in 0..<size where argmax(z + r * classes, classes) == Int(labels[r]) { correct += 1 }
            lossTotal += value * Double(size)
            seen += size
            onStep(step + 1, steps, lossTotal / Double(seen), Double(correct) / Double(seen))
        }
        return (lossTotal / Double(seen), Double(correct) / Double(seen))
    }

    /// Trains until `configuration.epochs` epochs are done (continuing after the epochs already
    /// completed), validating after each. With a checkpoint writer, writes a checkpoint whenever
    /// the monitored value (validation accuracy, else training accuracy) beats the best so far,
    /// strictly, as Keras's `ModelCheckpoint(save_best_only=True)` does.
    public func fit(
        train: ImageDataset, validation: ImageDataset?,
        save: ((Trainer) throws -> Void)? = nil,
        onEvent: (TrainingEvent) -> Void = { _ in }
    ) throws {
        let validation = validation.flatMap { $0.count > 0 ? $0 : nil }
        try SubnormalMode.flushingToZero(flushesSubnormals) {
            try fitEpochs(train: train, validation: validation, save: save, onEvent: onEvent)
        }
    }

    private func fitEpochs(
        train: ImageDataset, validation: ImageDataset?, save: ((Trainer) throws -> Void)?,
        onEvent: (TrainingEvent) -> Void
    ) throws {
        while epochsCompleted < configuration.epochs {
            let epoch = epochsCompleted + 1
            let steps = steps(for: train.count)
            onEvent(.epochStarted(epoch: epoch, epochs: configuration.epochs, steps: steps))
            let started = ContinuousClock.now
            let (loss, accuracy) = try trainEpoch(train) { step, steps, loss, accuracy in
                onEvent(.stepEnded(step: step, steps: steps, loss: loss, accuracy: accuracy))
            }
            let check = try validation.map { data throws(TrainingError) in try inference.evaluate(data) }
            let metrics = EpochMetrics(
                epoch: epoch, loss: loss, accuracy: accuracy, validationLoss: check?.loss,
                validationAccuracy: check?.accuracy, seconds: seconds(since: started))
            history.append(metrics)
            epochsCompleted = epoch
            let improved = best.map { metrics.monitored > $0.value } ?? true
            if improved {
                best = (epoch, metrics.monitored)
                try save?(self)
            }
            onEvent(.epochEnded(metrics, saved: improved && save != nil))
        }
    }

    /// The name of the monitored value for a run with or without validation.
    public static func monitorName(hasValidation: Bool) -> String { hasValidation ? "val_accuracy" : "accuracy" }

    // MARK: Checkpoints

    /// Everything needed to continue this run, as a checkpoint.
    public func checkpoint() -> Checkpoint {
        var tensors: [(String, Tensor<Float>)] = model.savedTensors.map { ($0.name, $0.tensor) }
        for (name, tensor) in optimizer.stateTensors { tensors.append((Checkpoint.optimizerPrefix + name, tensor)) }
        return Checkpoint(
            configuration: configuration, epoch: epochsCompleted, best: best, shufflerState: shuffler.stateWords,
            optimizerStep: optimizer.stepCount, history: history, tensors: tensors)
    }

    /// Continues the run a checkpoint saved: weights, optimizer state, epochs done, the shuffling
    /// generator, the best value and the history. The checkpoint must hold this model's tensors
    /// (names and shapes) and this optimizer's state.
    public func restore(_ checkpoint: Checkpoint, source: String) throws(CheckpointError) {
        try checkpoint.load(into: model, source: source)
        var state: [String: Tensor<Float>] = [:]
        for (name, tensor) in checkpoint.tensors where name.hasPrefix(Checkpoint.optimizerPrefix) {
            state[String(name.dropFirst(Checkpoint.optimizerPrefix.count))] = tensor
        }
        let expected = Set(optimizer.stateTensors.map(\.name))
        if let extra = state.keys.sorted().first(where: { !expected.contains($0) }) {
            throw CheckpointError(
                source,
                "holds optimizer state '\(Checkpoint.optimizerPrefix)\(extra)' that \(optimizer.summary) does not have")
        }
        do {
            try optimizer.restore(stepCount: checkpoint.optimizerStep, state: state)
        } catch {
            throw CheckpointError(source, "\(error)")
        }
        epochsCompleted = checkpoint.epoch
        best = checkpoint.best
        shuffler = SeededGenerator(state: checkpoint.shufflerState)
        history = Array(checkpoint.history.prefix(checkpoint.epoch))
    }
}

/// Seconds from `start` until now.
public func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
