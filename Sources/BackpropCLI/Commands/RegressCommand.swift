import Engine
import NN
import Support

extension Command {
    /// `backprop regress`: the Keras tutorial's last section, y = w·x + b fitted by Adam.
    static var regress: Command {
        Command(
            name: "regress",
            summary: "fit a line y = w·x + b to noisy points with Adam, on the same engine",
            discussion: """
                The Keras tutorial's last section: points drawn around the line y = 2·x + 1 with \
                Gaussian noise (σ 0.1, x uniform in [-1, 1), from --seed), and a one-unit dense \
                layer fitted to them by Adam (learning rate 0.01) on the mean squared error, in \
                batches of 32 reshuffled every epoch, for 100 epochs. Prints the loss of every \
                epoch (the mean over its batches, as Keras reports it) with w and b, then the \
                fitted line against the truth. Lesson 6 fits other data with this code: ten \
                points of its own around y = 3·x + 2, one full-batch step per epoch.
                """,
            flags: RegressCommand.Options.declaredFlags,
            run: { try RegressCommand.run(RegressCommand.Options($0), $0) })
    }
}

enum RegressCommand {
    /// `regress`'s flags, read once.
    struct Options: CommandOptions {
        var epochs = 0
        var learningRate = 0.0
        var points = 0
        var batchSize = 0
        var seed = 0
        var every = 0
        var json = false

        static let flags: [OptionFlag<Options>] = [
            Flag.integer("epochs", 1...100_000, default: 100, "passes over the points").into(\.epochs),
            Flag.double("lr", .greaterThan(0), default: 0.01, valueName: "RATE", "Adam's learning rate")
                .into(\.learningRate),
            Flag.integer("points", 1...1_000_000, default: 200, "how many points to draw").into(\.points),
            Flag.integer("batch-size", 1..., default: 32, "points per gradient step").into(\.batchSize),
            Flag.integer("seed", 0..., default: 42, "seeds the points, the first w and the shuffles").into(\.seed),
            Flag.integer("every", 1..., default: 1, "print every Nth epoch (and the last)").into(\.every),
            Flag.toggle("json", "print one JSON object: the data's line, the per-epoch losses, the fit").into(\.json),
        ]
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let seed = UInt64(options.seed)
        let epochs = options.epochs
        let every = options.every
        let data = RegressionData.synthetic(count: options.points, seed: seed)
        let regression = LinearRegression<Double>(
            data: data, learningRate: options.learningRate, batchSize: options.batchSize, seed: seed)
        let start = (w: regression.weight, b: regression.bias)
        func n(_ x: Double) -> String { NumberFormat.brief(x) }

        if options.json {
            let history = try regression.fit(epochs: epochs)
            let json = JSONValue.object([
                (
                    "data",
                    .object([
                        ("points", .integer(data.count)), ("true_weight", .number(data.trueWeight)),
                        ("true_bias", .number(data.trueBias)), ("noise", .number(data.noise)),
                        ("seed", .integer(Int(seed))),
                    ])
                ),
                ("start", .object([("w", .number(start.w)), ("b", .number(start.b))])),
                (
                    "epochs",
                    .array(
                        history.map {
                            .object([
                                ("epoch", .integer($0.epoch)), ("loss", .number($0.loss)), ("w", .number($0.weight)),
                                ("b", .number($0.bias)),
                            ])
                        })
                ),
                (
                    "fit",
                    .object([
                        ("w", .number(regression.weight)), ("b", .number(regression.bias)),
                        ("mse", .number(regression.meanSquaredError())),
                        ("noise_mse", .number(regression.noiseFloor())),
                    ])
                ),
            ])
            invocation.out.line(json.serialized())
            return ExitCode.success
        }

        let out = invocation.out
        out.line(
            "Linear regression y = w·x + b, fitted by Adam (learning rate \(NumberFormat.compact(options.learningRate)))"
        )
        out.line(
            "data:  \(data.count) points around y = \(NumberFormat.compact(data.trueWeight))·x + \(NumberFormat.compact(data.trueBias)), "
                + "noise σ \(NumberFormat.compact(data.noise)), x uniform in [-1, 1), seed \(seed)")
        out.line("start: w = \(n(start.w)), b = \(n(start.b)) (Glorot-uniform w, zero b)")
        out.line("")
        var table = TextTable(header: ["epoch", "loss", "w", "b"], alignments: [.right, .right, .right, .right])
        try regression.fit(epochs: epochs) { epoch in
            if epoch.epoch % every == 0 || epoch.epoch == 1 || epoch.epoch == epochs {
                table.append([String(epoch.epoch), n(epoch.loss), n(epoch.weight), n(epoch.bias)])
            }
        }
        for line in table.lines() { out.line(line) }
        out.line("")
        var comparison = TextTable(
            header: ["", "w", "b", "mse on the points"], alignments: [.left, .right, .right, .right])
        comparison.append(["fitted", n(regression.weight), n(regression.bias), n(regression.meanSquaredError())])
        comparison.append(["truth", n(data.trueWeight), n(data.trueBias), n(regression.noiseFloor())])
        for line in comparison.lines() { out.line(line) }
        out.line("")
        var points = TextTable(header: ["x", "fitted y", "true y"], alignments: [.right, .right, .right])
        for x in [-1.0, -0.5, 0, 0.5, 1] {
            points.append([n(x), n(regression.weight * x + regression.bias), n(data.trueWeight * x + data.trueBias)])
        }
        for line in points.lines() { out.line(line) }
        return ExitCode.success
    }
}
