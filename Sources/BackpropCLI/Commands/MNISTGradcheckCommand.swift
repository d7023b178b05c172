import Datasets
import Engine
import Explainer
import NN
import Training
import Support

extension Command {
    /// `backprop mnist gradcheck`: the real model's backprop against finite differences.
    static var mnistGradcheck: Command {
        Command(
            name: "gradcheck",
            summary: "check the real model's backpropagation against finite differences in Double",
            discussion: """
                Builds the model in Double precision (new from --seed, or with the weights of \
                --checkpoint), runs one forward and backward pass on the first --batch training \
                images in training mode, and checks --samples entries of every weight, bias and \
                batch-normalization parameter (half the largest gradients, half spread evenly) \
                exactly as `backprop gradcheck` checks a network file: one line per parameter, \
                then the entries that are not PASS (--full: every entry).

                \(CheckFlags.discussion) Exits with 1 when an entry FAILs or is NONFINITE.

                --json writes the report as `backprop gradcheck --json` does, NaN and infinities \
                as the strings "NaN", "Infinity" and "-Infinity".
                """,
            flags: MNISTGradcheckCommand.Options.declaredFlags,
            run: { try MNISTGradcheckCommand.run(MNISTGradcheckCommand.Options($0), $0) })
    }
}

enum MNISTGradcheckCommand {
    /// `mnist gradcheck`'s flags, read once.
    struct Options: CommandOptions {
        /// Nil when not given (then a new model is the default kind).
        var model: ModelKind?
        var batch = 0
        var samples = 0
        var seed = 0
        var checkpoint: String?
        var json = false
        var ascii = false
        var full = false
        var data: String?
        var check = CheckFlags.Values()

        static let flags: [OptionFlag<Options>] =
            [
                MNISTOptions.model.ifGiven(into: \.model),
                Flag.integer("batch", 1...1000, default: 4, valueName: "N", "training images in the batch").into(\.batch),
                Flag.integer("samples", 1...100_000, default: 5, valueName: "N", "entries checked per parameter")
                    .into(\.samples),
                Flag.integer("seed", 0..., default: 1, "seeds the model's weights").into(\.seed),
                Flag.path("checkpoint", valueName: "FILE", "check the model in this checkpoint instead of a new one")
                    .into(\.checkpoint),
                Flag.toggle("json", "write the report as JSON").into(\.json),
                Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
                Flag.toggle("full", "print every checked entry, not only those that are not PASS").into(\.full),
                MNISTOptions.data.into(\.data),
            ] + CheckFlags.flags(into: \.check)
    }

    /// The model in Double, with the weights of `checkpoint` or new from `seed`, and where its
    /// weights come from, in words (`mnist trace --page` draws it too).
    static func modelInDouble(
        checkpoint path: String?, kind given: ModelKind?, seed: UInt64
    ) throws -> (model: Sequential<Double>, origin: String) {
        guard let path else {
            return ((given ?? MNISTOptions.defaultModel).make(seed: seed, as: Double.self), "new weights from seed \(seed)")
        }
        let checkpoint = try Checkpoint.read(from: path)
        guard let kind = ModelKind(rawValue: checkpoint.modelName) else {
            throw CommandError("\(path): holds an unknown model '\(checkpoint.modelName)'")
        }
        if let given, given != kind {
            throw CommandError("\(path) is a checkpoint of model \(kind.rawValue), not \(given.rawValue)")
        }
        let model = kind.make(seed: 0, as: Double.self)
        try checkpoint.load(into: model, source: path)
        return (model, "the weights of \(path) (epoch \(checkpoint.epoch))")
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let settings = try options.check.settings(samples: options.samples)
        let (model, origin) = try modelInDouble(
            checkpoint: options.checkpoint, kind: options.model, seed: UInt64(options.seed))
        let mnist = try MNISTOptions.load(options.data, invocation)
        let data = ImageDataset(mnist.train).prefix(min(options.batch, mnist.train.count))
        let computation = ModelComputation(
            model: model,
            images: Tensor(
                shape: Shape(data.count, data.rows, data.cols),
                elements: (0..<data.count).flatMap { data.image($0) }.map { Double($0) / 255 }),
            labels: (0..<data.count).map { Int32(data.label($0)) })
        let derivation = try Derivation(trace: try computation.trace())
        let checker = GradientChecker(derivation: derivation, computation: computation, settings: settings)
        let report = try checker.check(nodes: checker.parameterNodes)
        let loss = derivation.trace.loss ?? .nan
        return GradcheckReport.write(
            report,
            heading: [
                "Gradient check of \(model.name) in Double, \(origin), on the first \(data.count) training images",
                "loss \(NumberFormat.brief(loss))",
            ],
            ascii: options.ascii, json: options.json, full: options.full, to: invocation)
    }
}
