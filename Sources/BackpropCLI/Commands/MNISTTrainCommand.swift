import Datasets
import Engine
import NN
import Support
import Training

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
                times the work. See "The CNN" in Sources/Training/README.md for the measurements behind the choice.

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

                Training flushes subnormal numbers (below ~1.2e-38 in Float) to 0 on its threads, \
                as TensorFlow does: the processor is slow on them, and they appear in Adam's \
                moments of weights that rarely get a gradient. Runs stay identical on 1 thread or \
                many. --keep-subnormals keeps IEEE arithmetic. Lessons, explain and every check \
                compute in Double with IEEE subnormals always.

                A checkpoint is checked as it is read: at most 1 GB, a regular file (not a FIFO \
                or device), every tensor's size against its bytes, every number finite, and \
                every metadata field in range (batch_size 1...60000, epochs 1...10000, \
                optimizer_step at most one per training image and epoch, best_value 0...1). \
                --log and --plot write regular files atomically and devices such as /dev/null \
                in place; a directory or FIFO is refused, and a write that fails (a full disk) \
                is an error naming the file.
                """,
            flags: MNISTTrainCommand.Options.declaredFlags,
            run: { try MNISTTrainCommand.run(MNISTTrainCommand.Options($0), $0) })
    }
}

enum MNISTTrainCommand {
    /// `mnist train`'s flags, read once.
    struct Options: CommandOptions {
        /// The recipe flags given (a fresh run takes the defaults for the others; a resumed run must
        /// agree with its checkpoint on them).
        var recipe = RecipeChoices()
        var testLimit: Int?
        var resume: String?
        var checkpoint: String?
        var save: String?
        var log: String?
        var plot: String?
        var json = false
        var noTiming = false
        var keepSubnormals = false
        var data: String?

        static let defaults = TrainingConfiguration()
        static let flags: [OptionFlag<Options>] = [
            MNISTOptions.model.ifGiven(into: \.recipe.model),
            Flag.choice("optimizer", OptimizerKind.self, default: defaults.optimizer, "the update rule")
                .ifGiven(into: \.recipe.optimizer),
            Flag.double(
                "lr", .greaterThan(0), valueName: "RATE", "learning rate (default: adam 0.001, sgd and momentum 0.01)"
            ).into(\.recipe.learningRate),
            Flag.integer(
                "batch-size", TrainingConfiguration.batchSizes, default: defaults.batchSize, "images per gradient step"
            ).ifGiven(into: \.recipe.batchSize),
            Flag.integer(
                "epochs", TrainingConfiguration.epochCounts, default: defaults.epochs, valueName: "N",
                "epochs in all; a resumed run keeps its checkpoint's count unless this is given"
            ).ifGiven(into: \.recipe.epochs),
            Flag.double(
                "validation-split", .between(0, 1, includingUpper: false), default: defaults.validationSplit,
                valueName: "FRACTION", "fraction of the training images held out for validation, taken from the end"
            ).ifGiven(into: \.recipe.validationSplit),
            Flag.integer("seed", 0..., default: defaults.seed, "seeds the initial weights and the shuffles")
                .ifGiven(into: \.recipe.seed),
            Flag.integer("limit", 1..., valueName: "N", "use only the first N training images (before the split)")
                .into(\.recipe.limit),
            Flag.integer("test-limit", 1..., valueName: "N", "evaluate on only the first N test images (for quick runs)")
                .into(\.testLimit),
            Flag.path("checkpoint", valueName: "FILE", "keep the best model by validation accuracy in FILE (safetensors)")
                .into(\.checkpoint),
            Flag.path("resume", valueName: "FILE", "continue the run saved in checkpoint FILE").into(\.resume),
            Flag.path("save", valueName: "FILE", "also write the final model (after the last epoch) to FILE").into(\.save),
            Flag.path("log", valueName: "FILE", "write the per-epoch metrics as CSV").into(\.log),
            Flag.path("plot", valueName: "FILE", "draw the loss and accuracy curves as an SVG").into(\.plot),
            Flag.toggle("json", "print one JSON summary at the end instead of the text report").into(\.json),
            Flag.toggle("no-timing", "leave out seconds (for output that must be the same on every run)")
                .into(\.noTiming),
            Flag.toggle(
                "keep-subnormals",
                "keep IEEE subnormal numbers (below ~1.2e-38) instead of flushing them to 0, which is faster")
                .into(\.keepSubnormals),
            MNISTOptions.data.into(\.data),
        ]

        var timing: Bool { !noTiming }
        /// The files to write; the checkpoint defaults to the resumed file.
        var outputs: FitOutputs { FitOutputs(checkpoint: checkpoint ?? resume, finalModel: save, log: log, plot: plot) }
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let out = invocation.out
        // The recipe: from the flags, or from the checkpoint being resumed.
        let resuming = try options.resume.map { (checkpoint: try Checkpoint.read(from: $0), source: $0) }
        let configuration =
            try resuming.map { try $0.checkpoint.configuration.resumed(with: options.recipe, source: $0.source) }
            ?? options.recipe.applied(to: Options.defaults)
        // Output files that cannot be written fail now, not after an hour of training.
        try options.outputs.prepare()
        let mnist = try MNISTOptions.load(options.data, invocation)
        let session = try FitSession(
            configuration: configuration, resuming: resuming, images: ImageDataset(mnist.train),
            test: ImageDataset(mnist.test).prefix(options.testLimit ?? mnist.test.count), outputs: options.outputs)
        session.trainer.flushesSubnormals = !options.keepSubnormals
        session.killDuringCheckpointWrite =
            invocation.console.environment["BACKPROP_TEST_KILL_DURING_CHECKPOINT"].flatMap { Int($0) }
        if !options.json {
            for line in TextWrap.fit(session.introduction, width: invocation.console.layoutWidth) { out.line(line) }
        }
        do {
            try session.writeReports()
        } catch let failure as FitReportFailure {
            throw CommandError("--\(failure.report.rawValue): \(failure.error)")
        }

        var progress = FitProgress(
            terminal: out.isTerminal, timing: options.timing, width: invocation.console.terminalWidth ?? 80)
        let summary = try session.run { event in
            if case .warning(let message) = event { invocation.err.line("backprop: warning: \(message)") }
            guard !options.json, let text = progress.text(for: event) else { return }
            out.write(text)
            // Piped output is buffered: show each epoch as it ends (`| tee log`).
            if case .epochEnded = event { out.flush() }
        }
        if options.json { out.line(summary.json(timing: options.timing).serialized()) }
        if let stopped = summary.stopped { throw CommandError(stopped) }
        if !options.json { for line in summary.lines(timing: options.timing) { out.line(line) } }
        return ExitCode.success
    }
}
