/// What `mnist train` shows of a fit session as it runs, as text to write: on a terminal Keras's
/// bar, redrawn in place at most every 100 ms and ended with the epoch's figures; otherwise one
/// line per epoch. Then the checkpoint line, and the final model's.
public struct FitProgress {
    /// Draw the bar (a terminal) rather than a line per epoch.
    public let terminal: Bool
    /// Show seconds (false for output that must be the same on every run).
    public let timing: Bool

    private var epochs = 0
    private var steps = 0
    private var barStarted = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now
    /// The length of the bar line drawn last, to blank what a shorter one would leave behind.
    private var drawnWidth = 0

    public init(terminal: Bool, timing: Bool) {
        self.terminal = terminal
        self.timing = timing
    }

    /// The text to write for `event`, or nil when nothing changes on screen.
    public mutating func text(for event: FitEvent) -> String? {
        switch event {
        case .epochStarted(let epoch, let epochs, let steps):
            self.epochs = epochs
            self.steps = steps
            guard terminal else { return nil }
            barStarted = ContinuousClock.now
            lastDrawn = barStarted
            return "Epoch \(epoch)/\(epochs)\n"
        case .stepEnded(let step, let steps, let loss, let accuracy):
            guard terminal, step < steps else { return nil }
            let now = ContinuousClock.now
            guard step == 1 || now - lastDrawn >= .milliseconds(100) else { return nil }
            lastDrawn = now
            let seconds = timing ? Training.seconds(since: barStarted) : nil
            return redraw(ProgressText.barLine(step: step, steps: steps, seconds: seconds, loss: loss, accuracy: accuracy))
        case .epochEnded(let metrics, let checkpoint):
            var text: String
            if terminal {
                let validation = metrics.validationLoss.map { ($0, metrics.validationAccuracy ?? 0) }
                text = redraw(
                    ProgressText.barLine(
                        step: steps, steps: steps, seconds: timing ? metrics.seconds : nil, loss: metrics.loss,
                        accuracy: metrics.accuracy, validation: validation), end: true)
            } else {
                text = ProgressText.epochLine(metrics, epochs: epochs, timing: timing) + "\n"
            }
            if let checkpoint { text += checkpoint + "\n" }
            return text
        case .finalModelSaved(let epoch, let path):
            return "saved the final model (epoch \(epoch)) to \(path)\n"
        case .warning:
            return nil
        }
    }

    /// The bar line drawn over the previous one, padded to cover it.
    private mutating func redraw(_ line: String, end: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, drawnWidth - line.count))
        drawnWidth = end ? 0 : line.count
        return "\r" + line + padding + (end ? "\n" : "")
    }
}
