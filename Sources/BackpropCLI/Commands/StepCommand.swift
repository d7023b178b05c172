import Engine
import Explainer
import Languages
import Lessons
import NN
import Support
import Training

extension Command {
    /// `backprop step FILE|LESSON --lr 0.5`: optimizer steps on a network file, every parameter
    /// before and after.
    static var step: Command {
        Command(
            name: "step",
            summary: "take optimizer steps on a network and print every parameter before and after",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) forward and backward, applies the update rule to every parameter \
                (--optimizer sgd, momentum or adam, with learning rate --lr; momentum 0.9, Adam's \
                β1 0.9, β2 0.999, ε 1e-7, as Keras has them; the state starts at 0), and repeats \
                --steps times. Prints the rule, the loss before every step and after the last, \
                then every parameter entry before, with its gradient before the first step, and \
                after, so that a step worked out by hand can be compared number by number. \
                The file is not changed. On a large network --steps is held to at most 10^7 \
                divided by the size of a step (its operations, counting a thousand numbers as \
                one), to keep the time bounded. When the loss or a parameter stops being finite \
                (the steps diverged), a message says at which step and the exit code is 1.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: StepCommand.Options.declaredFlags,
            run: { try StepCommand.run(StepCommand.Options($0), $0) })
    }
}

enum StepCommand {
    /// `step`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var learningRate: Double?
        var optimizer = OptimizerKind.sgd
        var steps = 1
        var digits = 6
        var ascii = false

        static let flags: [OptionFlag<Options>] = [
            Flag.double(
                "lr", .greaterThan(0), valueName: "RATE",
                "the learning rate η (default: Keras's, 0.01 for sgd and momentum, 0.001 for adam)"
            ).into(\.learningRate),
            Flag.choice("optimizer", OptimizerKind.self, default: .sgd, "the update rule").into(\.optimizer),
            Flag.integer("steps", 1...100_000, default: 1, valueName: "N", "how many steps to take").into(\.steps),
            Flag.integer("digits", 1...17, default: 6, valueName: "N", "significant digits of the numbers shown")
                .into(\.digits),
            Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
        ]

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) ?? "" }
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let network = try LessonCatalog.network(options.file)
        try NetworkStepper.checkWork(of: network, steps: options.steps, flag: "--steps")
        let stepper = NetworkStepper(network, kind: options.optimizer, rate: options.learningRate)
        let notation: Notation = options.ascii ? .ascii : .unicode
        func n(_ x: Double) -> String { NumberFormat.significant(x, digits: options.digits) }
        func line(_ text: String = "") { invocation.out.line(notation.write(text)) }

        let parameters = stepper.parameters
        let start = parameters.map(\.value.array)
        let name = stepper.optimizerName
        let count = options.steps == 1 ? "One \(name) step" : "\(options.steps) \(name) steps"
        line("\(count) on \(network.file), η = \(NumberFormat.compact(stepper.rate)):")
        for text in stepper.rule(n) { line("  " + text) }
        line()

        var losses = TextTable(header: ["step", "\(network.lossName) before"], alignments: [.right, .right])
        var firstGradients: [[Double]] = []
        for step in 1...options.steps {
            try stepper.step { run in
                if step == 1 { firstGradients = parameters.map(\.gradient.array) }
                losses.append([String(step), n(run.lossValue)])
            }
        }
        let after = try stepper.loss()
        losses.append(["after", n(after)])
        for text in losses.lines() { line(text) }
        line()

        let afterHeading = options.steps == 1 ? "after" : "after \(options.steps) steps"
        let gradientHeading = options.steps == 1 ? "gradient" : "gradient at step 1"
        var table = TextTable(
            header: ["entry", "before", gradientHeading, afterHeading], alignments: [.left, .right, .right, .right])
        for (k, p) in parameters.enumerated() {
            let values = p.value.array
            for i in values.indices {
                table.append([p.name + index(i, of: p.shape), n(start[k][i]), n(firstGradients[k][i]), n(values[i])])
            }
        }
        for text in table.lines() { line(text) }
        if let divergence = stepper.divergence {
            invocation.err.line("backprop: " + divergence)
            return ExitCode.failure
        }
        return ExitCode.success
    }

    /// `[1,0]`: the position of row-major element `i` in `shape` (`[3]` for a vector, nothing for
    /// a single number).
    static func index(_ i: Int, of shape: Shape) -> String {
        let dimensions = shape.dimensions
        guard !dimensions.isEmpty else { return "" }
        var rest = i
        var position = [Int](repeating: 0, count: dimensions.count)
        for axis in dimensions.indices.reversed() {
            position[axis] = rest % dimensions[axis]
            rest /= dimensions[axis]
        }
        return "[" + position.map(String.init).joined(separator: ",") + "]"
    }
}
