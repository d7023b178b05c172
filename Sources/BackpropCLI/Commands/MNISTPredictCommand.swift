import Datasets
import Engine
import Training
import Support

extension Command {
    /// `backprop mnist predict`: one digit through a checkpoint's model.
    static var mnistPredict: Command {
        Command(
            name: "predict",
            summary: "draw a digit and print the model's ten probabilities for it",
            discussion: """
                Runs the model in a checkpoint on one image: test image --index N (default 0), \
                or --image FILE, a 28×28 grayscale PGM or PNG. MNIST digits are light on a dark \
                background; an image that is mostly light (a dark digit on white paper) is \
                inverted first, and the command says so. Prints the digit, then the probability \
                of each class and the prediction.

                --image reads a regular file of at most 64 MB (a FIFO or a device such as \
                /dev/zero is refused, not read); an image of another size than 28×28 is refused \
                from its header, before its pixels are decoded. PGM headers may end their lines \
                in LF, CR LF or CR.
                """,
            flags: MNISTPredictCommand.Options.declaredFlags,
            run: { invocation in
                let options = try MNISTPredictCommand.Options(invocation)
                if options.index != nil && options.image != nil {
                    throw UsageError("give either --index or --image, not both")
                }
                let path = options.checkpoint
                let (checkpoint, model) = try MNISTOptions.loadCheckpoint(path)
                let style: TerminalImage.Style = options.ascii ? .ascii : .blocks
                var pixels: [UInt8]
                var label: Int?
                var source: String
                var note: String?
                if let file = options.image {
                    let image = try ImageFile.readDigit(file)
                    pixels = image.pixels
                    source = file
                    let mean = Double(pixels.reduce(0) { $0 + Int($1) }) / Double(pixels.count)
                    if mean > 127.5 {
                        pixels = pixels.map { 255 - $0 }
                        note = "mostly light, so inverted to a light digit on dark as in MNIST"
                    }
                } else {
                    let mnist = try MNISTOptions.load(options.data, invocation)
                    let index = options.index ?? 0
                    guard index < mnist.test.count else {
                        throw CommandError("--index \(index) is past the last test image (\(mnist.test.count - 1))")
                    }
                    pixels = Array(mnist.test.image(index))
                    label = Int(mnist.test.labels[index])
                    source = "test image \(index)"
                }
                let probabilities = try InferenceRunner(model: model, batchSize: 1).probabilities(
                    pixels, rows: 28, cols: 28)
                let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
                if options.json {
                    let json = JSONValue.object([
                        ("source", .string(source)), ("label", label.map { .integer($0) } ?? .null),
                        ("prediction", .integer(predicted)),
                        ("probabilities", .array(probabilities.map { .number($0) })),
                    ])
                    invocation.out.line(json.serialized())
                    return ExitCode.success
                }
                let out = invocation.out
                out.line("\(source)" + (label.map { ", label \($0)" } ?? "") + (note.map { " (\($0))" } ?? ""))
                out.write(TerminalImage.render(pixels, width: 28, height: 28, style: style))
                out.line("model \(MNISTOptions.describe(checkpoint)), from \(path)")
                let barCharacter = style == .ascii ? "#" : "█"
                var table = TextTable(header: ["digit", "probability", ""], alignments: [.right, .right, .left])
                for (digit, p) in probabilities.enumerated() {
                    let bar = String(repeating: barCharacter, count: Int((p * 40).rounded()))
                    table.append([String(digit), NumberFormat.brief(p), bar])
                }
                for line in table.lines(width: invocation.console.layoutWidth) { out.line(line) }
                var verdict =
                    "prediction: \(predicted) (probability \(NumberFormat.brief(probabilities[predicted])))"
                if let label { verdict += predicted == label ? ", correct" : ", wrong: the label is \(label)" }
                out.line(verdict)
                return ExitCode.success
            })
    }
}

enum MNISTPredictCommand {
    /// `mnist predict`'s flags, read once.
    struct Options: CommandOptions {
        var checkpoint = ""
        /// Nil when not given (test image 0 unless --image is given).
        var index: Int?
        var image: String?
        var ascii = false
        var json = false
        var data: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.path("checkpoint", valueName: "FILE", "the checkpoint whose model predicts").required()
                .into(\.checkpoint),
            Flag.integer("index", 0..., valueName: "N", "test image N (default 0)").into(\.index),
            Flag.path("image", valueName: "FILE", "a 28×28 grayscale PGM or PNG instead of a test image").into(\.image),
            Flag.toggle("ascii", "draw with ASCII characters instead of Unicode shades").into(\.ascii),
            Flag.toggle("json", "print the probabilities as JSON").into(\.json),
            MNISTOptions.data.into(\.data),
        ]
    }
}
