import Datasets
import Engine
import NN
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a fit session writes; each is optional.
public struct FitOutputs: Sendable {
    /// The best model by the monitored value (Keras's ModelCheckpoint with save_best_only).
    public var checkpoint: String?
    /// The model after the last epoch.
    public var finalModel: String?
    /// The per-epoch metrics as CSV.
    public var log: String?
    /// The loss and accuracy curves as SVG.
    public var plot: String?

    public init(checkpoint: String? = nil, finalModel: String? = nil, log: String? = nil, plot: String? = nil) {
        self.checkpoint = checkpoint
        self.finalModel = finalModel
        self.log = log
        self.plot = plot
    }

    /// Checks that every output can be written, so that a bad path fails before any training.
    public func prepare() throws {
        for path in [checkpoint, finalModel, log, plot].compactMap({ $0 }) { try FileIO.prepareToWrite(path) }
    }
}

/// What a fit session reports while it runs, in order.
public enum FitEvent {
    /// An epoch begins: its number (1-based), the total, and its steps.
    case epochStarted(epoch: Int, epochs: Int, steps: Int)
    /// A step ended: the running loss and accuracy of the epoch so far.
    case stepEnded(step: Int, steps: Int, loss: Double, accuracy: Double)
    /// An epoch ended; `checkpoint` is what save_best_only did, as a line (nil without a
    /// checkpoint file).
    case epochEnded(EpochMetrics, checkpoint: String?)
    /// The final model was written to `path`.
    case finalModelSaved(epoch: Int, path: String)
    /// A report (the CSV log or the plot) could not be rewritten; training goes on.
    case warning(String)
}

/// A report file that could not be written before training started.
public struct FitReportFailure: Error {
    public enum Report: String, Sendable { case log, plot }
    public let report: Report
    public let error: any Error
}

/// One `mnist train` run, as Keras's `model.fit` with its callbacks: the data split, the trainer
/// (new or restored from a checkpoint), the epoch loop with save_best_only checkpoints, the CSV
/// log and the plot rewritten after every epoch (so they survive an interruption), the final
/// model, the test evaluation, and the summary `--json` prints.
public final class FitSession {
    public let trainer: Trainer
    public let train: ImageDataset
    public let validation: ImageDataset
    public let test: ImageDataset
    public let outputs: FitOutputs
    /// The checkpoint file this run continues, if any.
    public let resumedFrom: String?
    /// The epochs done before this run started (0 for a fresh run).
    public let resumedAfter: Int
    /// The monitored value's name: `val_accuracy`, or `accuracy` without validation.
    public let monitor: String
    /// A test hook for crash safety: kill the process in the middle of writing checkpoint N.
    public var killDuringCheckpointWrite: Int?

    /// The epoch of the best checkpoint on disk (this run's or the resumed one's).
    private var lastSaved: Int?
    /// The best monitored value before the epoch that just ended, for the checkpoint line.
    private var previousBest: Double?
    private var checkpointWrites = 0

    /// A session for a new MNIST model of `configuration.model` on the training images `images`
    /// (the limit and the validation split are taken here) and the test images `test`;
    /// `resuming` continues the run a checkpoint saved, whose recipe `configuration` must be (see
    /// `TrainingConfiguration.resumed`).
    public convenience init(
        configuration: TrainingConfiguration, resuming: (checkpoint: Checkpoint, source: String)?,
        images: ImageDataset, test: ImageDataset, outputs: FitOutputs
    ) throws {
        var all = images
        if let limit = configuration.limit { all = all.prefix(limit) }
        let (train, validation) = all.splitValidation(configuration.validationSplit)
        guard train.count > 0 else {
            throw TrainingError(
                .data,
                "--validation-split \(NumberFormat.compact(configuration.validationSplit)) of \(all.count) images leaves none to train on"
            )
        }
        try self.init(
            trainer: Trainer(configuration: configuration), train: train, validation: validation, resuming: resuming,
            test: test, outputs: outputs)
    }

    /// A session of `trainer` (restored from `resuming` when given) on these images.
    public init(
        trainer: Trainer, train: ImageDataset, validation: ImageDataset,
        resuming: (checkpoint: Checkpoint, source: String)?, test: ImageDataset, outputs: FitOutputs
    ) throws(CheckpointError) {
        if let resuming { try trainer.restore(resuming.checkpoint, source: resuming.source) }
        self.trainer = trainer
        self.train = train
        self.validation = validation
        self.test = test
        self.outputs = outputs
        resumedFrom = resuming?.source
        resumedAfter = trainer.epochsCompleted
        monitor = Trainer.monitorName(hasValidation: validation.count > 0)
        lastSaved = resuming?.checkpoint.best?.epoch
        previousBest = trainer.best?.value
    }

    public var configuration: TrainingConfiguration { trainer.configuration }

    /// What the run is, for people: the model, the data, the recipe, what is resumed.
    public var introduction: [String] {
        let model = trainer.model
        var lines = ["\(model.name): \(ModelKind(rawValue: model.name)?.summary ?? ""), \(model.parameterCount) parameters"]
        let heldOut = validation.count > 0 ? "validating on the last \(validation.count)" : "no validation"
        lines.append(
            "training on \(train.count) images, \(heldOut); \(trainer.optimizer.summary), batch \(configuration.batchSize), "
                + "seed \(configuration.seed)")
        if let resumedFrom {
            var line = "resuming \(resumedFrom) after epoch \(resumedAfter) of \(configuration.epochs)"
            if let best = trainer.best {
                line += " (best \(monitor) \(NumberFormat.significant(best.value, digits: 4)) at epoch \(best.epoch))"
            }
            lines.append(line)
        }
        return lines
    }

    /// Writes the CSV log and the plot as they stand (before the first epoch: a header and an
    /// empty plot), so that a path that cannot be written fails before any training.
    public func writeReports() throws { try writeReports { throw $0 } }

    /// Writes each report, handing each failure to `failed`.
    private func writeReports(_ failed: (FitReportFailure) throws -> Void) rethrows {
        let title = "\(trainer.model.name) on MNIST: \(trainer.optimizer.summary), batch \(configuration.batchSize)"
        let reports: [(FitReportFailure.Report, String?, () -> String)] = [
            (.log, outputs.log, { MetricsCSV.text(self.trainer.history) }),
            (.plot, outputs.plot, { TrainingPlot.svg(self.trainer.history, title: title) }),
        ]
        for (report, path, text) in reports {
            guard let path else { continue }
            do {
                try FileIO.writeAtomically(text(), to: path, creatingFolders: true)
            } catch {
                try failed(FitReportFailure(report: report, error: error))
            }
        }
    }

    /// Trains up to the configuration's epochs, then saves the final model and evaluates the
    /// test images. A NaN or infinite loss stops the run: the summary then says why in `stopped`
    /// and has no test figures. Other failures (a checkpoint that cannot be written) throw.
    public func run(_ observe: (FitEvent) -> Void) throws -> TrainingSummary {
        let path = outputs.checkpoint
        if let killDuring = killDuringCheckpointWrite {
            FileIO.afterPartialWrite = { [unowned self] _, _ in
                if self.checkpointWrites == killDuring { kill(getpid(), SIGKILL) }
            }
        }
        let save: ((Trainer) throws -> Void)? = path.map { path in
            { [unowned self] trainer in
                checkpointWrites += 1
                try trainer.checkpoint().write(to: path)
            }
        }
        let started = ContinuousClock.now
        var stopped: TrainingError?
        do {
            try trainer.fit(train: train, validation: validation, save: save) { event in
                switch event {
                case .epochStarted(let epoch, let epochs, let steps):
                    observe(.epochStarted(epoch: epoch, epochs: epochs, steps: steps))
                case .stepEnded(let step, let steps, let loss, let accuracy):
                    observe(.stepEnded(step: step, steps: steps, loss: loss, accuracy: accuracy))
                case .epochEnded(let metrics, let saved):
                    let line = path.map {
                        ProgressText.checkpointLine(
                            epoch: metrics.epoch, monitor: monitor, previous: previousBest, current: metrics.monitored,
                            saved: saved, path: $0)
                    }
                    if saved {
                        previousBest = metrics.monitored
                        lastSaved = metrics.epoch
                    }
                    observe(.epochEnded(metrics, checkpoint: line))
                    rewriteReports(observe)
                }
            }
        } catch let error as TrainingError {
            stopped = error
        }
        let totalSeconds = seconds(since: started)
        rewriteReports(observe)

        var summary = TrainingSummary(
            configuration: configuration, history: trainer.history, resumedAfter: resumedAfter, best: trainer.best,
            monitor: monitor, checkpoint: lastSaved == nil ? nil : path, test: nil, stopped: nil,
            totalSeconds: totalSeconds)
        if let stopped {
            var message = stopped.message
            if case .nonFiniteLoss = stopped.kind, let path {
                message += lastSaved.map { "; the checkpoint \(path) from epoch \($0) is kept" } ?? "; no checkpoint was written"
            }
            summary.stopped = message
            return summary
        }
        if let finalModel = outputs.finalModel {
            try trainer.checkpoint().write(to: finalModel)
            observe(.finalModelSaved(epoch: trainer.epochsCompleted, path: finalModel))
        }
        summary.test = try trainer.inference.evaluate(test)
        return summary
    }

    /// The reports rewritten after an epoch: a failure is a warning, and training goes on.
    private func rewriteReports(_ observe: (FitEvent) -> Void) {
        writeReports { observe(.warning("\($0.error)")) }
    }
}
