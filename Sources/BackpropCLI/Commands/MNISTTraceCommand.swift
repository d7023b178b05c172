import Datasets
import Engine
import Explainer
import NN
import Page
import Training

extension Command {
    /// `backprop mnist trace`: the lessons' trace, on the real model and a real digit.
    static var mnistTrace: Command {
        Command(
            name: "trace",
            summary: "one forward and backward pass of the real model on a digit, traced",
            discussion: """
                Runs the MNIST model on training image --index N (a batch of one, with its \
                label) once forward and once backward, and prints the same trace the lessons \
                print: every node in execution order with its op, inputs, shape and value, then \
                every gradient of the loss. Tensors with more than 16 elements show as their \
                shape with min, mean, max and L2 norm unless --full is given. The model is new \
                from --seed or the one in --checkpoint; it runs in inference mode, so batch \
                normalization uses its running averages.

                --page FILE writes the trace as a web page instead, as 'backprop page' does, \
                with the pictures: the digit, its ten probabilities as bars, the gradient of the \
                loss with respect to its pixels, and the first layer's weights, one image per \
                unit. The page's model runs in Double, so that its gradients can be checked.
                """,
            flags: MNISTTraceCommand.Options.declaredFlags,
            run: { invocation in
                let options = try MNISTTraceCommand.Options(invocation)
                let model: Sequential<Float>
                let origin: String
                if let path = options.checkpoint {
                    let (checkpoint, loaded) = try MNISTOptions.loadCheckpoint(path)
                    if let kind = options.model, kind.rawValue != checkpoint.modelName {
                        throw CommandError(
                            "\(path) is a checkpoint of model \(checkpoint.modelName), not \(kind.rawValue)"
                        )
                    }
                    model = loaded
                    origin = "weights from \(path)"
                } else {
                    let seed = options.seed
                    model = (options.model ?? MNISTOptions.defaultModel).make(seed: UInt64(seed))
                    origin = "new weights from seed \(seed)"
                }
                let mnist = try MNISTOptions.load(options.data, invocation)
                let index = options.index
                guard index < mnist.train.count else {
                    throw CommandError("--index \(index) is past the last training image (\(mnist.train.count - 1))")
                }
                if let path = options.page {
                    return try MNISTTraceCommand.writePage(to: path, options, data: mnist.train, invocation)
                }
                let tape = Tape<Float>()
                tape.isTraining = false
                let pixels = Array(mnist.train.image(index))
                let x = tape.input("x", shape: Shape(1, mnist.train.rows, mnist.train.cols)) { buffer in
                    for (k, p) in pixels.enumerated() { buffer[k] = Float(p) / 255 }
                }
                let label = Int32(mnist.train.labels[index])
                let loss = try [label].withUnsafeBufferPointer { labels in
                    try model.loss(x, labels: labels, on: tape).loss
                }
                try tape.backward(from: loss)
                let trace = tape.trace()
                if options.json {
                    invocation.out.line(trace.json.serialized())
                    return ExitCode.success
                }
                let text = TensorText(full: options.full, notation: options.ascii ? .ascii : .unicode)
                let title = "Trace of \(model.name) (\(origin)) on training image \(index), label \(label)"
                invocation.out.write(TraceTable(text: text, width: invocation.console.layoutWidth).render(trace, title: title))
                return ExitCode.success
            })
    }
}

enum MNISTTraceCommand {
    /// `mnist trace`'s flags, read once.
    struct Options: CommandOptions {
        var index = 0
        /// Nil when not given (then a new model is the default kind).
        var model: ModelKind?
        var seed = 0
        var checkpoint: String?
        var full = false
        var ascii = false
        var json = false
        var data: String?
        var page: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.integer("index", 0..., default: 0, valueName: "N", "training image N").into(\.index),
            MNISTOptions.model.ifGiven(into: \.model),
            Flag.integer("seed", 0..., default: 1, "seeds a new model's weights").into(\.seed),
            Flag.path("checkpoint", valueName: "FILE", "trace the model in this checkpoint").into(\.checkpoint),
            Flag.toggle("full", "print every element of large tensors").into(\.full),
            Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
            Flag.toggle("json", "write the whole trace as JSON").into(\.json),
            MNISTOptions.data.into(\.data),
            Flag.path("page", valueName: "FILE", "write the trace as a web page with the digit's pictures (open it in a browser)")
                .into(\.page),
        ]
    }

    /// `--page FILE`: the trace of the model in Double on the one image, as a page with its
    /// pictures (`DigitImages`), the input's gradient recorded for this trace only.
    static func writePage(to path: String, _ options: Options, data: MNISTSplit, _ invocation: Invocation) throws -> Int32 {
        let (model, origin) = try MNISTGradcheckCommand.modelInDouble(
            checkpoint: options.checkpoint, kind: options.model, seed: UInt64(options.seed))
        let index = options.index
        let label = Int32(data.labels[index])
        let image = Tensor<Double>(shape: Shape(1, data.rows, data.cols), elements: data.image(index).map { Double($0) / 255 })
        let computation = ModelComputation(model: model, images: image, labels: [label])
        computation.isTraining = false
        let trace = try computation.trace()
        var document = try PageDocument(
            trace: trace, computation: computation,
            title: "\(model.name) (\(origin)) on training image \(index), label \(label)",
            source: "mnist-training-image-\(index)")
        document.extras.append(("images", try DigitImages(
            trace, inputGradient: try computation.inputGradient(), names: ["training image \(index)"]).json))
        return try PageExtras.write(document, to: path, invocation)
    }
}
