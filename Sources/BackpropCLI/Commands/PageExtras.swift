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
        if options.train != nil { _ = try LessonCatalog.network(options.file) }
    }

    static func add(to document: inout PageDocument, _ options: PageCommand.Options) throws {
        if DigitImages.looksLikeDigits(document.trace) {
            let subject = try LessonCatalog.subject(options.file, dataOption: options.data)
            let gradient = try (subject.computation as? ModelComputation)?.inputGradient()
            // Lesson 8's batch: the first test images.
            let count = document.trace.nodes.first { $0.role == .input }?.shape.dimensions.first ?? 0
            let names = (0..<count).map { "test image \($0)" }
            document.extras.append(("images", try DigitImages(document.trace, inputGradient: gradient, names: names).json))
        }
        guard let steps = options.train else { return }
        let network = try LessonCatalog.network(options.file)
        let stepper = NetworkStepper(network, kind: options.optimizer ?? .sgd, rate: options.learningRate)
        document.extras.append(("timeline", try TrainingTimeline(stepper, steps: steps).json))
    }

    /// Writes the page and says where, its steps and its size.
    static func write(_ document: PageDocument, to path: String, _ invocation: Invocation) throws -> Int32 {
        let bytes = Array(document.html.utf8)
        try FileIO.writeAtomically(bytes, to: path, creatingFolders: true)
        let size = bytes.count >= 1 << 20
            ? NumberFormat.significant(Double(bytes.count) / Double(1 << 20), digits: 3) + " MB"
            : "\((bytes.count + 1023) / 1024) KB"
        invocation.out.line("wrote \(path) (\(document.steps.count) steps, \(size)); open it in a browser")
        return ExitCode.success
    }
}
