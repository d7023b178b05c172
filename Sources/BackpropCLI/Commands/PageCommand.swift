import Explainer
import Foundation
import Page
import Training
import Support

extension Command {
    /// `backprop page FILE|LESSON [-o out.html]`: one self-contained HTML page that steps through
    /// a network's forward and backward pass.
    static var page: Command {
        Command(
            name: "page",
            summary: "write a web page that steps through a network, every number on it",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name; lesson 8's network is the MNIST model on its 4 test images) \
                forward and backward, derives and checks every gradient as 'backprop explain' \
                does, and writes one HTML file that shows it: the computation graph, a step \
                control that walks the forward pass node by node and then the backward pass \
                gradient by gradient (→ next, ← back, Home, End, or click a node), and for the \
                current step the value and gradient, the local rule, the derivation with the \
                numbers put in, and the three-way check. A lesson's prose goes beside it, at the \
                part that matches the step. The step is in the address (#step=12), to link to it.

                The page is one file that loads nothing: its scripts, styles and data are inside \
                it, so it works from a file in any current browser, offline. Open it with the \
                browser (file:///path/to/page.html). -o FILE names it (default: the network \
                file's or lesson's name with .html, in the current directory).

                When a value or gradient is NaN or infinite (in the --train timeline too), or a \
                gradient fails its check, the page is written all the same, a message says what \
                went wrong (as 'trace' and 'explain' say it), and the exit code is 1.

                --train N adds a timeline of N optimizer steps, the steps 'backprop step' takes \
                (--optimizer, --lr): a slider over them, the loss curve, every parameter's value \
                and gradient, and for a network with two inputs and one or two outputs the output \
                over the input plane with the data points (on a large network N is held to at \
                most 10^7 divided by the size of a step, as 'backprop step' holds --steps). \
                Lesson 8's page draws its digits, their probabilities, the gradient of each input \
                image and the first layer's weights as images.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: PageCommand.Options.declaredFlags,
            run: { invocation in
                let options = try PageCommand.Options(invocation)
                var document = try PageDocument.load(options.file, dataOption: options.data)
                let divergence = try PageExtras.add(to: &document, options)
                return try PageExtras.write(
                    document, to: options.output ?? document.defaultFileName, invocation, timelineDivergence: divergence)
            })
    }
}

enum PageCommand {
    /// `page`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var output: String?
        var data: String?
        var train: Int?
        var learningRate: Double?
        var optimizer: OptimizerKind?

        static let flags: [OptionFlag<Options>] = [
            Flag.path("output", short: "o", valueName: "FILE", "write the page to FILE (default: NAME.html; replaced if it exists)").into(\.output),
            Flag.path(
                "data", valueName: "DIR", "folder holding the MNIST files (lesson 8; else MNIST_DIR, else the cache)"
            ).into(\.data),
            Flag.integer("train", 1...10_000, valueName: "N", "add a timeline of N optimizer steps, as 'backprop step' takes them")
                .into(\.train),
            Flag.double("lr", .greaterThan(0), valueName: "RATE", "the learning rate η of --train (default: as 'backprop step')")
                .into(\.learningRate),
            Flag.choice("optimizer", OptimizerKind.self, default: .sgd, "the update rule of --train").ifGiven(into: \.optimizer),
        ]

        mutating func complete(_ invocation: Invocation) throws {
            file = invocation.positional(0) ?? ""
            try PageExtras.check(self)
        }
    }
}
