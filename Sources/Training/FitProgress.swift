/// What `mnist train` shows of a fit session as it runs, as text to write: on a terminal Keras's
/// bar, fitted to the width, redrawn in place at most every 100 ms and ended with the epoch's
/// figures on one clean line; otherwise one line per epoch. Then the checkpoint line, and the
/// final model's.
public struct FitProgress {
    /// Draw the bar (a terminal) rather than a line per epoch.
    public let terminal: Bool
    /// Show seconds (false for output that must be the same on every run).
    public let timing: Bool
    /// Columns of the terminal: the bar line takes one less (so that the cursor never wraps) and
    /// drops fields to fit rather than wrap.
    public let width: Int
    /// The bar is redrawn at most this often (the first step and the epoch's end always are).
    public var redrawInterval: Duration = .milliseconds(100)

    private var epochs = 0
    private var steps = 0
    private var barStarted = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now
    /// The length of the bar line drawn last, to blank what a shorter one would leave behind.
    private var drawnWidth = 0

    public init(terminal: Bool, timing: Bool, width: Int = 80) {
        self.terminal = terminal
        self.timing = timing
        self.width = width
    }

    private var lineWidth: Int { max(1, width - 1) }

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
            guard step == 1 || now - lastDrawn >= redrawInterval else { return nil }
            lastDrawn = now
            let seconds = timing ? Training.seconds(since: barStarted) : nil
            return redraw(
                ProgressText.barLine(
                    step: step, steps: steps, seconds: seconds, loss: loss, accuracy: accuracy, width: lineWidth))
        case .epochEnded(let metrics, let checkpoint):
            var text: String
            if terminal {
                let validation = metrics.validationLoss.map { ($0, metrics.validationAccuracy ?? 0) }
                text = redraw(
                    ProgressText.barLine(
                        step: steps, steps: steps, seconds: timing ? metrics.seconds : nil, loss: metrics.loss,
                        accuracy: metrics.accuracy, validation: validation, width: lineWidth), end: true)
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

    /// The bar line drawn over the previous one, padded with spaces to cover what is left of it
    /// (spaces rather than an erase sequence, which a dumb terminal would print).
    private mutating func redraw(_ line: String, end: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, drawnWidth - line.count))
        drawnWidth = end ? 0 : line.count
        return "\r" + line + padding + (end ? "\n" : "")
    }
}
