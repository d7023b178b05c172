import Datasets
import Engine
import Training
import Support

extension Command {
    /// `backprop mnist info`: the Keras tutorial's exploration step.
    static var mnistInfo: Command {
        Command(
            name: "info",
            summary: "the data's shapes, pixel range, labels and statistics, and a digit drawn",
            discussion: """
                The Keras tutorial's exploration step: checks the four files against the canonical \
                SHA-256 sums, then prints the shapes of the training and test images and labels, \
                the pixel range, the first ten training labels, how many of each digit there are, \
                the mean and standard deviation of the pixels scaled to [0, 1], and the first \
                training image drawn with its label. --index N draws training image N as well; \
                --png FILE writes the first --count images, each with its label, as a PNG.
                """,
            flags: MNISTInfoCommand.Options.declaredFlags,
            run: { invocation in
                let options = try MNISTInfoCommand.Options(invocation)
                let mnist = try MNISTOptions.load(options.data, invocation)
                let style: TerminalImage.Style = options.ascii ? .ascii : .blocks
                // Checked before anything is printed: a bad flag gives its message alone.
                if let index = options.index, index >= mnist.train.count {
                    throw CommandError("--index \(index) is past the last training image (\(mnist.train.count - 1))")
                }
                invocation.out.write(MNISTInfo(mnist).report(style: style))
                if let index = options.index {
                    invocation.out.line("training image \(index):")
                    invocation.out.write(TerminalImage.render(mnist.train, index: index, style: style))
                }
                if let path = options.png {
                    let count = min(options.count, mnist.train.count)
                    let grid = DigitGrid.render(split: mnist.train, count: count)
                    try FileIO.writeAtomically(PNG.encode(grid), to: path, creatingFolders: true)
                    invocation.out.line(
                        "wrote \(path): the first \(count) training images with their labels, \(grid.width)×\(grid.height) pixels"
                    )
                }
                return ExitCode.success
            })
    }
}

enum MNISTInfoCommand {
    /// `mnist info`'s flags, read once.
    struct Options: CommandOptions {
        var data: String?
        var index: Int?
        var png: String?
        var count = 0
        var ascii = false

        static let flags: [OptionFlag<Options>] = [
            MNISTOptions.data.into(\.data),
            Flag.integer("index", 0..., valueName: "N", "also draw training image N").into(\.index),
            Flag.path("png", valueName: "FILE", "write a labelled grid of the first --count training images as a PNG")
                .into(\.png),
            Flag.integer("count", 1...1000, default: 10, "images in the --png grid").into(\.count),
            Flag.toggle("ascii", "draw with ASCII characters instead of Unicode shades").into(\.ascii),
        ]
    }
}
