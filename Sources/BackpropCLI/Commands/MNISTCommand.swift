import Datasets
import Engine
import NN
import Training
import Support

extension Command {
    /// `backprop mnist …`: the Keras tutorial on the real digits.
    static var mnist: Command {
        Command(
            name: "mnist",
            summary: "explore MNIST and train, evaluate and check the Keras tutorial's networks on it",
            discussion: """
                The Keras tutorial's whole program on the real MNIST digits, built from the same \
                layers and ops the lessons trace. The files are looked for in --data DIR, else in \
                MNIST_DIR, else in the per-user cache where 'backprop mnist download' puts them.

                Each file must be a regular file (raw or gzip) of at most 1,000,000 images or \
                labels; the four headers are checked against each other and these limits before \
                any data is inflated. Checkpoints are at most 1 GB, their numbers finite and \
                their metadata in range; see 'backprop mnist train --help'.
                """,
            subcommands: [
                .mnistInfo, .mnistDownload, .mnistTrain, .mnistEvaluate, .mnistPredict, .mnistGradcheck, .mnistTrace,
            ])
    }
}

/// What every `mnist` command shares: where the data is and how it is loaded.
enum MNISTOptions {
    static let data = Flag.path(
        "data", valueName: "DIR", "folder holding the four MNIST files (default: MNIST_DIR, else the per-user cache)")

    /// The model a command makes when --model is not given.
    static let defaultModel = ModelKind.mlp

    static let model = Flag.choice(
        "model", ModelKind.self, default: defaultModel,
        "the network: mlp (the Keras tutorial's 784-128-10), mlp-bn (with batch normalization), mlp-wide (784-512-256-10), cnn (conv 16 and 32 filters, dense 128), cnn-wide (conv 32 and 64 filters, dense 128)")

    /// Loads the four files, hashing them once (verified sums are remembered per user); a file
    /// that differs from canonical MNIST is reported on standard error and still used.
    /// `data` is the --data flag's value.
    static func load(_ data: String?, _ invocation: Invocation) throws -> MNIST {
        let mnist = try MNIST.load(
            dataOption: data, options: MNIST.LoadOptions(verification: .report),
            environment: invocation.console.environment)
        for check in mnist.mismatches { invocation.err.line("backprop: warning: \(check)") }
        return mnist
    }

    /// A checkpoint and the model it holds.
    static func loadCheckpoint(_ path: String) throws -> (Checkpoint, Sequential<Float>) {
        let checkpoint = try Checkpoint.read(from: path)
        return (checkpoint, try checkpoint.makeModel(source: path))
    }

    /// `mlp (epoch 8 of 10, val_accuracy 0.976)`.
    static func describe(_ checkpoint: Checkpoint) -> String {
        var text = "\(checkpoint.modelName) after epoch \(checkpoint.epoch) of \(checkpoint.configuration.epochs)"
        if let best = checkpoint.best {
            let monitor = checkpoint.configuration.validationSplit > 0 ? "val_accuracy" : "accuracy"
            text += ", best \(monitor) \(NumberFormat.brief(best.value)) at epoch \(best.epoch)"
        }
        return text
    }
}
