import Datasets
import Engine
import Training
import Support

extension Command {
    /// `backprop mnist evaluate`: a checkpoint on the test set.
    static var mnistEvaluate: Command {
        Command(
            name: "evaluate",
            summary: "test loss, accuracy, confusion matrix and per-digit accuracy of a checkpoint",
            discussion: """
                Loads the model in a checkpoint written by 'mnist train' and runs it in inference \
                mode (batch normalization on its running averages) over the 10000 test images: \
                the mean cross-entropy, the accuracy, the 10×10 confusion matrix (rows: the true \
                digit, columns: the prediction) and the accuracy on each digit.
                """,
            flags: MNISTEvaluateCommand.Options.declaredFlags,
            run: { invocation in
                let options = try MNISTEvaluateCommand.Options(invocation)
                let path = options.checkpoint
                let (checkpoint, model) = try MNISTOptions.loadCheckpoint(path)
                let mnist = try MNISTOptions.load(options.data, invocation)
                let test = ImageDataset(mnist.test).prefix(options.limit ?? mnist.test.count)
                let evaluation = try InferenceRunner(model: model).evaluate(test)
                if options.json {
                    let json = JSONValue.object([
                        ("checkpoint", .string(path)), ("model", .string(checkpoint.modelName)),
                        ("epoch", .integer(checkpoint.epoch)), ("test", evaluation.json),
                    ])
                    invocation.out.line(json.serialized())
                    return ExitCode.success
                }
                let out = invocation.out
                func n(_ x: Double) -> String { NumberFormat.brief(x) }
                out.line("\(path): \(MNISTOptions.describe(checkpoint))")
                out.line(
                    "test: loss: \(n(evaluation.loss)) - accuracy: \(n(evaluation.accuracy)) (\(evaluation.correct) of \(evaluation.count) images)"
                )
                out.line("")
                out.line("confusion matrix (rows: true digit, columns: predicted digit)")
                let classes = evaluation.classes
                var matrix = TextTable(
                    header: ["true"] + (0..<classes).map(String.init),
                    alignments: Array(repeating: .right, count: classes + 1))
                for label in 0..<classes {
                    matrix.append([String(label)] + evaluation.confusion[label].map(String.init))
                }
                for line in matrix.lines(width: invocation.console.layoutWidth) { out.line(line) }
                out.line("")
                var perClass = TextTable(
                    header: ["digit", "images", "correct", "accuracy", "most often taken for"],
                    alignments: [.right, .right, .right, .right, .left])
                for (label, accuracy) in evaluation.perClassAccuracy.enumerated() {
                    let row = evaluation.confusion[label]
                    let confusions = row.enumerated().filter { $0.offset != label && $0.element > 0 }
                    let top = confusions.max { ($0.element, -$0.offset) < ($1.element, -$1.offset) }
                    perClass.append([
                        String(label), String(row.reduce(0, +)), String(row[label]), accuracy.map(n) ?? "-",
                        top.map { "\($0.offset) (\($0.element))" } ?? "",
                    ])
                }
                for line in perClass.lines(width: invocation.console.layoutWidth) { out.line(line) }
                return ExitCode.success
            })
    }
}

enum MNISTEvaluateCommand {
    /// `mnist evaluate`'s flags, read once.
    struct Options: CommandOptions {
        var checkpoint = ""
        var limit: Int?
        var json = false
        var data: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.path("checkpoint", valueName: "FILE", "the checkpoint to evaluate").required().into(\.checkpoint),
            Flag.integer("limit", 1..., valueName: "N", "evaluate on only the first N test images").into(\.limit),
            Flag.toggle("json", "print the figures as one JSON object").into(\.json),
            MNISTOptions.data.into(\.data),
        ]
    }
}
