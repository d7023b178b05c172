import Engine
import Explainer
import Lessons
import Page
import Support
import Training

/// What `backprop page` adds to a page beyond the trace (`PageDocument.extras`): the pictures
/// of an MNIST model's trace (`"images"`, drawn by Resources/images.js) and, with `--train N`,
/// the timeline of N optimizer steps (`"timeline"`, drawn by Resources/timeline.js).
enum PageExtras {
    /// The flags of `--train` go together, and `--train` needs a network file (before the page's
    /// work starts).
    static func check(_ options: PageCommand.Options) throws {
        if options.train == nil, options.learningRate != nil || options.optimizer != nil {
            throw UsageError("--lr and --optimizer set the optimizer of --train N; give --train too")
        }
        if let steps = options.train {
            try NetworkStepper.checkWork(of: try LessonCatalog.network(options.file), steps: steps, flag: "--train")
        }
    }

    /// Returns the timeline's divergence (`NetworkStepper.divergence`), for `write` to report.
    static func add(to document: inout PageDocument, _ options: PageCommand.Options) throws -> String? {
        if DigitImages.looksLikeDigits(document.trace) {
            let subject = try LessonCatalog.subject(options.file, dataOption: options.data)
            let gradient = try (subject.computation as? ModelComputation)?.inputGradient()
            // Lesson 8's batch: the first test images.
            let count = document.trace.nodes.first { $0.role == .input }?.shape.dimensions.first ?? 0
            let names = (0..<count).map { "test image \($0)" }
            document.extras.append(("images", try DigitImages(document.trace, inputGradient: gradient, names: names).json))
        }
        guard let steps = options.train else { return nil }
        let network = try LessonCatalog.network(options.file)
        let stepper = NetworkStepper(network, kind: options.optimizer ?? .sgd, rate: options.learningRate)
        document.extras.append(("timeline", try TrainingTimeline(stepper, steps: steps).json))
        return stepper.divergence
    }

    /// Writes the page and says where, with its steps and, when it is a megabyte or more, its
    /// size; then, as `trace` and `explain` say it, a value that is not finite or a failed check
    /// (exit 1: the page is worth looking at all the same). `page` and `mnist trace --page` end here.
    static func write(
        _ document: PageDocument, to path: String, _ invocation: Invocation, timelineDivergence: String? = nil
    ) throws -> Int32 {
        try invocation.refuseOverwritingInput(path, flag: "-o")
        let bytes = Array(document.html.utf8)
        try FileIO.writeAtomically(bytes, to: path, creatingFolders: true)
        // The size when it is worth a thought (a megabyte or more), to two digits: the
        // page's own scripts change the last kilobytes.
        let size = bytes.count >= 1 << 20
            ? ", " + NumberFormat.significant(Double(bytes.count) / Double(1 << 20), digits: 2) + " MB" : ""
        invocation.out.line("wrote \(path) (\(document.steps.count) steps\(size)); open it in a browser")
        if let finding = document.trace.nonFiniteFinding() {
            invocation.err.line("backprop: " + finding.message)
            return ExitCode.failure
        }
        if document.report.failed {
            invocation.err.line("backprop: " + CheckText().verdictLines(document.report).joined(separator: "; "))
            return ExitCode.failure
        }
        if let timelineDivergence {
            invocation.err.line("backprop: --train: " + timelineDivergence)
            return ExitCode.failure
        }
        return ExitCode.success
    }
}
