import Datasets
import Engine
import Foundation
import NN
import Training

extension Command {
    /// `backprop mnist gradcheck`: the real model's backprop against finite differences.
    static var mnistGradcheck: Command {
        Command(
            name: "gradcheck",
            summary: "check the real model's backpropagation against finite differences in Double",
            discussion: """
                Builds the model in Double precision (new from --seed, or with the weights of \
                --checkpoint), runs one forward and backward pass on the first --batch training \
                images, and compares the gradient of --samples entries of every weight, bias \
                and batch-normalization parameter with the central difference \
                (L(θ + h) − L(θ − h)) / 2h, h = 1e-5. The relative error is |a − n| / max(|a|, \
                |n|, 1e-8); a correct gradient shows about 1e-10 and anything above 1e-6 fails \
                (exit code 1). Entries whose gradient is exactly zero (weights from pixels blank \
                in every image) are skipped when there are others. A sample where a ReLU changes \
                sides between θ − h and θ + h (a kink, where the derivative jumps) is counted \
                apart and does not fail the check. Passing errors print as their order of \
                magnitude (~1e-7, or < 1e-8), as their last digits are rounding noise; --json \
                gives every sample exactly.
                """,
            flags: [
                MNISTOptions.model,
                .integer("batch", 1...1000, default: 4, valueName: "N", "training images in the batch"),
                .integer("samples", 1...10000, default: 5, valueName: "N", "entries checked per parameter"),
                .integer("seed", 0..., default: 1, "seeds the model's weights and the sampled entries"),
                .path("checkpoint", valueName: "FILE", "check the model in this checkpoint instead of a new one"),
                .toggle("json", "print every sample as JSON"),
                MNISTOptions.data,
            ],
            run: MNISTGradcheckCommand.run)
    }
}

enum MNISTGradcheckCommand {
    static func run(_ invocation: Invocation) throws -> Int32 {
        let seed = UInt64(invocation.int("seed"))
        let model: Sequential<Double>
        var origin: String
        if let path = invocation.optionalString("checkpoint") {
            let checkpoint = try Checkpoint.read(from: path)
            guard let kind = ModelKind(rawValue: checkpoint.modelName) else {
                throw CommandError("\(path): holds an unknown model '\(checkpoint.modelName)'")
            }
            if invocation.isGiven("model"), invocation.string("model") != kind.rawValue {
                throw CommandError(
                    "\(path) is a checkpoint of model \(kind.rawValue), not \(invocation.string("model"))")
            }
            model = kind.make(seed: 0, as: Double.self)
            try checkpoint.load(into: model, source: path)
            origin = "the weights of \(path) (epoch \(checkpoint.epoch))"
        } else {
            let kind = invocation.choice("model", as: ModelKind.self)
            model = kind.make(seed: seed, as: Double.self)
            origin = "new weights from seed \(seed)"
        }
        let mnist = try MNISTOptions.load(invocation)
        let batch = min(invocation.int("batch"), mnist.train.count)
        let data = ImageDataset(mnist.train).prefix(batch)
        let check = GradientCheck(samples: invocation.int("samples"), seed: seed)
        let (loss, results) = try check.run(model: model, data: data)
        let passed = check.passes(results)

        if invocation.flag("json") {
            let json = JSONValue.object([
                ("model", .string(model.name)), ("batch", .integer(batch)), ("loss", .number(loss)),
                ("step", .number(check.step)), ("tolerance", .number(check.tolerance)), ("passed", .bool(passed)),
                (
                    "parameters",
                    .array(
                        results.map { result in
                            .object([
                                ("name", .string(result.name)),
                                ("shape", .array(result.shape.dimensions.map { .integer($0) })),
                                ("worst_relative_error", .number(result.worstRelativeError)),
                                (
                                    "samples",
                                    .array(
                                        result.samples.map {
                                            .object([
                                                ("index", .integer($0.index)), ("analytic", .number($0.analytic)),
                                                ("numeric", .number($0.numeric)),
                                                ("relative_error", .number($0.relativeError)),
                                                ("kink", .bool($0.crossesKink)),
                                            ])
                                        })
                                ),
                            ])
                        })
                ),
            ])
            invocation.out.line(json.serialized())
        } else {
            let out = invocation.out
            func n(_ x: Double) -> String { NumberFormat.significant(x, digits: 4) }
            // Passing errors are rounding noise whose digits vary with the machine's libm: show
            // their order of magnitude only. A failing one gets its digits.
            func error(_ x: Double) -> String {
                if x < 1e-8 { return "< 1e-8" }
                if x > check.tolerance { return NumberFormat.significant(x, digits: 2) }
                return "~1e\(Int(Foundation.log10(x).rounded()))"
            }
            out.line("gradient check of \(model.name) in Double, \(origin), on the first \(batch) training images")
            out.line("loss \(n(loss)); central differences with h = 1e-5; a relative error above 1e-6 fails")
            out.line("")
            var table = TextTable(
                header: ["parameter", "shape", "checked", "worst rel. error", "analytic", "numeric", "kinks"],
                alignments: [.left, .left, .right, .right, .right, .right, .right])
            for result in results {
                let worst = result.worst
                table.append([
                    result.name, result.shape.description, String(result.samples.count),
                    error(result.worstRelativeError),
                    worst.map { n($0.analytic) } ?? "-", worst.map { n($0.numeric) } ?? "-", String(result.kinks),
                ])
            }
            for line in table.lines() { out.line(line) }
            out.line("")
            if passed {
                out.line("passed: backpropagation agrees with finite differences on every parameter")
            }
        }
        if !passed {
            let failures = results.filter { $0.worstRelativeError > check.tolerance }.map {
                "\($0.name) (\(NumberFormat.significant($0.worstRelativeError, digits: 2)))"
            }
            throw CommandError(
                "gradient check failed: relative error above 1e-6 in " + failures.joined(separator: ", "))
        }
        return ExitCode.success
    }
}
