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
    /// The flags of `--train` go together.
    static func check(_ options: PageCommand.Options) throws {
        if options.train == nil, options.learningRate != nil || options.optimizer != nil {
            throw UsageError("--lr and --optimizer set the optimizer of --train N; give --train too")
        }
    }

    static func add(to document: inout PageDocument, _ options: PageCommand.Options) throws {
        if DigitImages.looksLikeDigits(document.trace) {
            let subject = try LessonCatalog.subject(options.file, dataOption: options.data)
            let gradient = try (subject.computation as? ModelComputation)?.inputGradient()
            document.extras.append(("images", try DigitImages(document.trace, inputGradient: gradient).json))
        }
        guard let steps = options.train else { return }
        let network = try LessonCatalog.network(options.file)
        let stepper = NetworkStepper(network, kind: options.optimizer ?? .sgd, rate: options.learningRate)
        document.extras.append(("timeline", try TrainingTimeline(stepper, steps: steps).json))
    }
}
