import Datasets
import Engine
import NN
import Training
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Command {
    /// `backprop mnist train`: the Keras tutorial's `model.fit`, with checkpoints and resume.
    static var mnistTrain: Command {
        Command(
            name: "train",
            summary: "train a network on MNIST with the Keras tutorial's recipe and report the test accuracy",
            discussion: """
                Trains the Keras tutorial's model as its Keras program does: Adam (learning rate 0.001, β1 \
                0.9, β2 0.999, ε 1e-7), sparse categorical cross-entropy, batches of 32, 10 \
                epochs, the last 20% of the training images held out for validation, the training \
                images reshuffled every epoch from --seed (fixed by default, so a run repeats \
                exactly). Then evaluates the final model on the 10000 test images.

                --model cnn trains the convolutional network (conv 3×3×16 → max-pool 2 → conv \
                3×3×32 → max-pool 2 → dense 128 → dropout 0.5 → dense 10, ReLU after each dense \
                and conv layer but the last) with the same recipe, which takes it past 99% test \
                accuracy; cnn-wide is the same network with twice the filters (32 and 64), four \
                times the work. See "The CNN" in README.md for the measurements behind the choice.

                On a terminal each epoch draws a Keras-like progress bar; otherwise it prints one \
                line per epoch (loss, accuracy, val_loss, val_accuracy, seconds; --no-timing \
                leaves the seconds out, for output that must not vary between runs).

                --checkpoint FILE keeps the best model by validation accuracy (Keras's \
                ModelCheckpoint with save_best_only) as a safetensors file that Python's \
                safetensors and numpy read: weights under their names (W1, b1, ...), the \
                optimizer's state as optimizer.W1.m ..., and the training configuration, epoch, \
                best validation accuracy and generator state in the header's __metadata__. It is \
                written to a temporary file and renamed, so a crash never leaves a broken one. \
                --resume FILE continues from such a checkpoint, with its recipe, up to --epochs \
                in total, and keeps saving to it unless --checkpoint names another file; it never \
                replaces a better checkpoint with a worse one.

                A NaN or infinite loss stops training at once, naming the epoch and step; the \
                last checkpoint written stays as it was.

                A checkpoint is checked as it is read: at most 1 GB, a regular file (not a FIFO \
                or device), every tensor's size against its bytes, every number finite, and \
                every metadata field in range (batch_size 1...60000, epochs 1...10000, \
                optimizer_step at most one per training image and epoch, best_value 0...1). \
                --log and --plot write regular files atomically and devices such as /dev/null \
                in place; a directory or FIFO is refused, and a write that fails (a full disk) \
                is an error naming the file.
                """,
            flags: [
                MNISTOptions.model,
                .choice("optimizer", OptimizerKind.self, default: .adam, "the update rule"),
                .double(
                    "lr", .greaterThan(0), valueName: "RATE",
                    "learning rate (default: adam 0.001, sgd and momentum 0.01)"),
                .integer("batch-size", TrainingConfiguration.batchSizes, default: 32, "images per gradient step"),
                .integer(
                    "epochs", TrainingConfiguration.epochCounts, default: 10, valueName: "N",
                    "epochs in all; a resumed run keeps its checkpoint's count unless this is given"),
                .double(
                    "validation-split", .between(0, 1, includingUpper: false), default: 0.2, valueName: "FRACTION",
                    "fraction of the training images held out for validation, taken from the end"),
                .integer("seed", 0..., default: 1, "seeds the initial weights and the shuffles"),
                .integer("limit", 1..., valueName: "N", "use only the first N training images (before the split)"),
                .integer(
                    "test-limit", 1..., valueName: "N", "evaluate on only the first N test images (for quick runs)"),
                .path(
                    "checkpoint", valueName: "FILE", "keep the best model by validation accuracy in FILE (safetensors)"),
                .path("resume", valueName: "FILE", "continue the run saved in checkpoint FILE"),
                .path("save", valueName: "FILE", "also write the final model (after the last epoch) to FILE"),
                .path("log", valueName: "FILE", "write the per-epoch metrics as CSV"),
                .path("plot", valueName: "FILE", "draw the loss and accuracy curves as an SVG"),
                .toggle("json", "print one JSON summary at the end instead of the text report"),
                .toggle("no-timing", "leave out seconds (for output that must be the same on every run)"),
                MNISTOptions.data,
            ],
            run: MNISTTrainCommand.run)
    }
}

enum MNISTTrainCommand {
    static func run(_ invocation: Invocation) throws -> Int32 {
        let out = invocation.out
        let json = invocation.flag("json")
        let timing = !invocation.flag("no-timing")
        let resumePath = invocation.optionalString("resume")
        let checkpointPath = invocation.optionalString("checkpoint") ?? resumePath

        // The recipe: from the flags, or from the checkpoint being resumed.
        var configuration = TrainingConfiguration()
        var resumed: Checkpoint?
        if let resumePath {
            let checkpoint = try Checkpoint.read(from: resumePath)
            configuration = try resumedConfiguration(checkpoint.configuration, invocation, source: resumePath)
            resumed = checkpoint
        } else {
            configuration.model = invocation.string("model")
            configuration.optimizer = invocation.choice("optimizer", as: OptimizerKind.self)
            configuration.learningRate = invocation.optionalDouble("lr")
            configuration.batchSize = invocation.int("batch-size")
            configuration.epochs = invocation.int("epochs")
            configuration.validationSplit = invocation.double("validation-split")
            configuration.seed = invocation.int("seed")
            configuration.limit = invocation.optionalInt("limit")
        }

        // Output files that cannot be written fail now, not after an hour of training.
        let outputs = [
            checkpointPath, invocation.optionalString("save"), invocation.optionalString("log"),
            invocation.optionalString("plot"),
        ]
        for path in outputs.compactMap({ $0 }) { try FileIO.prepareToWrite(path) }

        let mnist = try MNISTOptions.load(invocation)
        var all = ImageDataset(mnist.train)
        if let limit = configuration.limit { all = all.prefix(limit) }
        let (train, validation) = all.splitValidation(configuration.validationSplit)
        guard train.count > 0 else {
            throw CommandError(
                "--validation-split \(NumberFormat.compact(configuration.validationSplit)) of \(all.count) images leaves none to train on"
            )
        }
        let trainer = try Trainer(configuration: configuration)
        if let resumed, let resumePath { try trainer.restore(resumed, source: resumePath) }
        let resumedAfter = trainer.epochsCompleted
        let monitor = Trainer.monitorName(hasValidation: validation.count > 0)

        if !json {
            out.line(
                "\(trainer.model.name): \(ModelKind(rawValue: trainer.model.name)?.summary ?? ""), \(trainer.model.parameterCount) parameters"
            )
            let heldOut = validation.count > 0 ? "validating on the last \(validation.count)" : "no validation"
            out.line(
                "training on \(train.count) images, \(heldOut); \(trainer.optimizer.summary), batch \(configuration.batchSize), "
                    + "seed \(configuration.seed)")
            if let resumePath {
                var line = "resuming \(resumePath) after epoch \(resumedAfter) of \(configuration.epochs)"
                if let best = trainer.best {
                    line +=
                        " (best \(monitor) \(NumberFormat.significant(best.value, digits: 4)) at epoch \(best.epoch))"
                }
                out.line(line)
            }
        }

        // A test hook for crash safety: kill the process in the middle of writing checkpoint N.
        var checkpointWrites = 0
        let killDuring = invocation.console.environment["BACKPROP_TEST_KILL_DURING_CHECKPOINT"].flatMap { Int($0) }
        if killDuring != nil {
            FileIO.afterPartialWrite = { _, _ in
                if checkpointWrites == killDuring { kill(getpid(), SIGKILL) }
            }
        }
        let save: ((Trainer) throws -> Void)? = checkpointPath.map { path in
            { trainer in
                checkpointWrites += 1
                try trainer.checkpoint().write(to: path)
            }
        }

        try writeReports(invocation, trainer: trainer, strict: true)

        var previousBest = trainer.best?.value
        var lastSaved: Int? = resumed.flatMap { $0.best?.epoch }
        let terminal = out.isTerminal && !json
        var barStarted = ContinuousClock.now
        var lastDrawn = ContinuousClock.now
        var drawnWidth = 0
        /// Redraws the bar line in place, blanking what a longer previous line left behind.
        func redraw(_ line: String, end: Bool = false) {
            let padding = String(repeating: " ", count: max(0, drawnWidth - line.count))
            out.write("\r" + line + padding + (end ? "\n" : ""))
            drawnWidth = end ? 0 : line.count
        }
        let started = ContinuousClock.now
        var stopped: TrainingError?
        do {
            try trainer.fit(train: train, validation: validation, save: save) { event in
                guard !json else { return }
                switch event {
                case .epochStarted(let epoch, let epochs, _):
                    if terminal {
                        out.line("Epoch \(epoch)/\(epochs)")
                        barStarted = ContinuousClock.now
                        lastDrawn = barStarted
                    }
                case .stepEnded(let step, let steps, let loss, let accuracy):
                    guard terminal, step < steps else { return }
                    let now = ContinuousClock.now
                    guard step == 1 || now - lastDrawn >= .milliseconds(100) else { return }
                    lastDrawn = now
                    let seconds = timing ? Training.seconds(since: barStarted) : nil
                    redraw(
                        ProgressText.barLine(step: step, steps: steps, seconds: seconds, loss: loss, accuracy: accuracy)
                    )
                case .epochEnded(let metrics, let saved):
                    if terminal {
                        let steps = trainer.steps(for: train.count)
                        let validationFigures = metrics.validationLoss.map { ($0, metrics.validationAccuracy ?? 0) }
                        redraw(
                            ProgressText.barLine(
                                step: steps, steps: steps, seconds: timing ? metrics.seconds : nil, loss: metrics.loss,
                                accuracy: metrics.accuracy, validation: validationFigures), end: true)
                    } else {
                        out.line(ProgressText.epochLine(metrics, epochs: configuration.epochs, timing: timing))
                    }
                    if let checkpointPath {
                        out.line(
                            ProgressText.checkpointLine(
                                epoch: metrics.epoch, monitor: monitor, previous: previousBest,
                                current: metrics.monitored,
                                saved: saved, path: checkpointPath))
                    }
                    if saved {
                        previousBest = metrics.monitored
                        lastSaved = metrics.epoch
                    }
                    // Piped output is buffered: show each epoch as it ends (`| tee log`).
                    out.flush()
                }
                try? writeReports(invocation, trainer: trainer)
            }
        } catch let error as TrainingError {
            stopped = error
        }
        let totalSeconds = seconds(since: started)
        try? writeReports(invocation, trainer: trainer)

        if let stopped {
            var message = stopped.message
            if case .nonFiniteLoss = stopped.kind {
                if let checkpointPath, let lastSaved {
                    message += "; the checkpoint \(checkpointPath) from epoch \(lastSaved) is kept"
                } else if checkpointPath != nil {
                    message += "; no checkpoint was written"
                }
            }
            if json {
                let summary = TrainingSummary(
                    configuration: configuration, history: trainer.history, resumedAfter: resumedAfter,
                    best: trainer.best,
                    monitor: monitor, checkpoint: lastSaved == nil ? nil : checkpointPath, test: nil, stopped: message,
                    totalSeconds: totalSeconds)
                out.line(summary.json(timing: timing).serialized())
            }
            throw CommandError(message)
        }

        if let path = invocation.optionalString("save") {
            try trainer.checkpoint().write(to: path)
            if !json { out.line("saved the final model (epoch \(trainer.epochsCompleted)) to \(path)") }
        }
        let test = try trainer.inference.evaluate(
            ImageDataset(mnist.test).prefix(invocation.optionalInt("test-limit") ?? mnist.test.count))
        if json {
            let summary = TrainingSummary(
                configuration: configuration, history: trainer.history, resumedAfter: resumedAfter, best: trainer.best,
                monitor: monitor, checkpoint: lastSaved == nil ? nil : checkpointPath, test: test, stopped: nil,
                totalSeconds: totalSeconds)
            out.line(summary.json(timing: timing).serialized())
            return ExitCode.success
        }
        func n(_ x: Double) -> String { NumberFormat.significant(x, digits: 4) }
        out.line("test: loss: \(n(test.loss)) - accuracy: \(n(test.accuracy)) (\(test.count) images)")
        if let best = trainer.best, let checkpointPath, lastSaved != nil {
            out.line("best \(monitor) \(n(best.value)) at epoch \(best.epoch), kept in \(checkpointPath)")
        }
        if timing, trainer.epochsCompleted > resumedAfter {
            let trained = trainer.history.filter { $0.epoch > resumedAfter }
            let perEpoch = trained.map(\.seconds).reduce(0, +) / Double(trained.count)
            out.line(
                "\(ProgressText.secondsText(perEpoch)) per epoch, \(ProgressText.secondsText(totalSeconds)) in all")
        }
        return ExitCode.success
    }

    /// The checkpoint's recipe, with --epochs taken from the command line when given. Any other
    /// recipe flag given must agree with the checkpoint: a resumed run is the same run.
    static func resumedConfiguration(
        _ saved: TrainingConfiguration, _ invocation: Invocation, source: String
    ) throws -> TrainingConfiguration {
        var configuration = saved
        func mismatch(_ flag: String, _ given: String, _ kept: String) -> CommandError {
            CommandError(
                "--\(flag) \(given) differs from the \(kept) of the run in \(source); a resumed run keeps its recipe")
        }
        if invocation.isGiven("model"), invocation.string("model") != saved.model {
            throw CommandError("\(source) is a checkpoint of model \(saved.model), not \(invocation.string("model"))")
        }
        if invocation.isGiven("optimizer"), invocation.string("optimizer") != saved.optimizer.rawValue {
            throw mismatch("optimizer", invocation.string("optimizer"), "optimizer \(saved.optimizer.rawValue)")
        }
        if let lr = invocation.optionalDouble("lr"), lr != saved.effectiveLearningRate {
            throw mismatch(
                "lr", NumberFormat.compact(lr), "learning rate \(NumberFormat.compact(saved.effectiveLearningRate))")
        }
        if invocation.isGiven("batch-size"), invocation.int("batch-size") != saved.batchSize {
            throw mismatch("batch-size", String(invocation.int("batch-size")), "batch size \(saved.batchSize)")
        }
        if invocation.isGiven("validation-split"), invocation.double("validation-split") != saved.validationSplit {
            throw mismatch(
                "validation-split", NumberFormat.compact(invocation.double("validation-split")),
                "validation split \(NumberFormat.compact(saved.validationSplit))")
        }
        if invocation.isGiven("seed"), invocation.int("seed") != saved.seed {
            throw mismatch("seed", String(invocation.int("seed")), "seed \(saved.seed)")
        }
        if invocation.isGiven("limit"), invocation.optionalInt("limit") != saved.limit {
            throw mismatch(
                "limit", String(invocation.optionalInt("limit") ?? 0),
                "limit \(saved.limit.map(String.init) ?? "(none)")")
        }
        if invocation.isGiven("epochs") { configuration.epochs = invocation.int("epochs") }
        return configuration
    }

    /// The CSV log and the SVG plot, rewritten after every epoch so they survive an interruption.
    /// A failure throws when `strict`, else it is reported as a warning.
    static func writeReports(_ invocation: Invocation, trainer: Trainer, strict: Bool = false) throws {
        let title =
            "\(trainer.model.name) on MNIST: \(trainer.optimizer.summary), batch \(trainer.configuration.batchSize)"
        let reports: [(String, () -> String)] = [
            ("log", { MetricsCSV.text(trainer.history) }),
            ("plot", { TrainingPlot.svg(trainer.history, title: title) }),
        ]
        for (flag, text) in reports {
            guard let path = invocation.optionalString(flag) else { continue }
            do {
                try FileIO.writeAtomically(text(), to: path, creatingFolders: true)
            } catch {
                if strict { throw CommandError("--\(flag): \(error)") }
                invocation.err.line("backprop: warning: \(error)")
            }
        }
    }
}
