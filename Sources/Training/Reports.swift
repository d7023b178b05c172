import Engine
import Support

/// The text of training progress, as Keras prints it: a bar per epoch on a terminal, one line
/// per epoch otherwise. Losses and accuracies have four decimals (`metric`).
public enum ProgressText {
    /// `[=========>....................]`: `width` cells, `=` done, `>` where the epoch is.
    public static func bar(step: Int, steps: Int, width: Int = 30) -> String {
        let done = steps == 0 ? width : min(width, step * width / steps)
        var cells = String(repeating: "=", count: done)
        if done < width {
            if done > 0 { cells.removeLast() }
            cells += done > 0 ? ">" : ""
            cells += String(repeating: ".", count: width - cells.count)
        }
        return "[" + cells + "]"
    }

    /// Keras's line on a terminal, during an epoch or at its end (then with validation):
    /// ` 812/1500 [===============>..............] - 1s - loss: 0.3101 - accuracy: 0.9112`.
    ///
    /// With a `width`, the line fits it: first the bar shrinks (to 10 cells), then the time goes,
    /// then the metrics from the last; then the bar, and what still does not fit is cut.
    public static func barLine(
        step: Int, steps: Int, seconds: Double?, loss: Double, accuracy: Double,
        validation: (loss: Double, accuracy: Double)? = nil, width: Int? = nil
    ) -> String {
        let stepsText = String(steps)
        let stepText = String(repeating: " ", count: max(0, stepsText.count - String(step).count)) + String(step)
        let counter = "\(stepText)/\(stepsText)"
        var metrics = ["loss: \(metric(loss))", "accuracy: \(metric(accuracy))"]
        if let validation {
            metrics += ["val_loss: \(metric(validation.loss))", "val_accuracy: \(metric(validation.accuracy))"]
        }
        var time = seconds.map(secondsText)
        func line(bar cells: Int) -> String {
            var line = counter
            if cells > 0 { line += " " + bar(step: step, steps: steps, width: cells) }
            for field in [time].compactMap({ $0 }) + metrics { line += " - " + field }
            return line
        }
        guard let width else { return line(bar: 30) }
        while true {
            // The bar gives up what is missing, down to 10 cells.
            let cells = 30 - max(0, line(bar: 30).count - width)
            if cells >= 10 { return line(bar: cells) }
            if time != nil {
                time = nil
            } else if !metrics.isEmpty {
                metrics.removeLast()
            } else {
                break
            }
        }
        return String(line(bar: 0).prefix(max(0, width)))
    }

    /// A loss or an accuracy as Keras prints it: four decimals (`0.2840`).
    public static func metric(_ x: Double) -> String { NumberFormat.fixed(x, 4) }

    /// The line per epoch when the output is not a terminal:
    /// `epoch 3/10 - loss: 0.0712 - accuracy: 0.9787 - val_loss: 0.0893 - val_accuracy: 0.9731 - 1.52s`.
    public static func epochLine(_ metrics: EpochMetrics, epochs: Int, timing: Bool) -> String {
        var line =
            "epoch \(metrics.epoch)/\(epochs) - loss: \(metric(metrics.loss)) - accuracy: \(metric(metrics.accuracy))"
        if let loss = metrics.validationLoss, let accuracy = metrics.validationAccuracy {
            line += " - val_loss: \(metric(loss)) - val_accuracy: \(metric(accuracy))"
        }
        if timing { line += " - \(secondsText(metrics.seconds))" }
        return line
    }

    /// `2.5s`, `0.41s`, `12s`, `0s`: whole seconds from 10 up, else two significant digits,
    /// nothing below a hundredth.
    public static func secondsText(_ seconds: Double) -> String {
        if seconds >= 10 { return "\(Int(seconds.rounded()))s" }
        if seconds < 0.01 { return "0s" }
        return NumberFormat.significant(seconds, digits: 2) + "s"
    }

    /// What `save_best_only` did at the end of an epoch, as Keras's ModelCheckpoint says it.
    public static func checkpointLine(
        epoch: Int, monitor: String, previous: Double?, current: Double, saved: Bool, path: String
    ) -> String {
        if saved {
            let from = previous.map(NumberFormat.brief) ?? "-inf"
            return "epoch \(epoch): \(monitor) improved from \(from) to \(NumberFormat.brief(current)), saved \(path)"
        }
        return "epoch \(epoch): \(monitor) did not improve from \(NumberFormat.brief(previous ?? current))"
    }
}

/// The per-epoch metrics as CSV, one row per epoch (Keras's CSVLogger, 1-based epochs, every
/// number at full precision).
public enum MetricsCSV {
    public static let header = "epoch,loss,accuracy,val_loss,val_accuracy,seconds"

    public static func text(_ history: [EpochMetrics]) -> String {
        var lines = [header]
        for m in history {
            let cells = [
                String(m.epoch), "\(m.loss)", "\(m.accuracy)", m.validationLoss.map { "\($0)" } ?? "",
                m.validationAccuracy.map { "\($0)" } ?? "", "\(m.seconds)",
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The one JSON object `mnist train --json` prints at the end.
public struct TrainingSummary: Sendable {
    public var configuration: TrainingConfiguration
    public var history: [EpochMetrics]
    /// The epoch the run resumed after (0 for a fresh run).
    public var resumedAfter: Int
    public var best: (epoch: Int, value: Double)?
    public var monitor: String
    public var checkpoint: String?
    public var test: Evaluation?
    /// Set when training stopped early (a NaN loss).
    public var stopped: String?
    public var totalSeconds: Double

    public init(
        configuration: TrainingConfiguration, history: [EpochMetrics], resumedAfter: Int,
        best: (epoch: Int, value: Double)?, monitor: String, checkpoint: String?, test: Evaluation?,
        stopped: String?, totalSeconds: Double
    ) {
        self.configuration = configuration
        self.history = history
        self.resumedAfter = resumedAfter
        self.best = best
        self.monitor = monitor
        self.checkpoint = checkpoint
        self.test = test
        self.stopped = stopped
        self.totalSeconds = totalSeconds
    }

    /// The epochs this run trained (not those of the checkpoint it resumed).
    var trainedEpochs: [EpochMetrics] { history.filter { $0.epoch > resumedAfter } }

    /// The report's closing lines for people: the test figures, the best checkpoint kept, and
    /// (with `timing`) the seconds per epoch and in all.
    public func lines(timing: Bool) -> [String] {
        func n(_ x: Double) -> String { NumberFormat.significant(x, digits: 4) }
        var lines: [String] = []
        if let test { lines.append("test: loss: \(n(test.loss)) - accuracy: \(n(test.accuracy)) (\(test.count) images)") }
        if let best, let checkpoint {
            lines.append("best \(monitor) \(n(best.value)) at epoch \(best.epoch), kept in \(checkpoint)")
        }
        let trained = trainedEpochs
        if timing, !trained.isEmpty {
            let perEpoch = trained.map(\.seconds).reduce(0, +) / Double(trained.count)
            lines.append(
                "\(ProgressText.secondsText(perEpoch)) per epoch, \(ProgressText.secondsText(totalSeconds)) in all")
        }
        return lines
    }

    /// With `timing` false, no seconds anywhere (for output that must be the same on every run).
    public func json(timing: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("config", configuration.json),
            ("resumed_after_epoch", .integer(resumedAfter)),
            ("epochs", .array(history.map { $0.json(timing: timing) })),
            (
                "best",
                best.map {
                    .object([
                        ("monitor", .string(monitor)), ("epoch", .integer($0.epoch)), ("value", .number($0.value)),
                    ])
                }
                    ?? .null
            ),
            ("checkpoint", checkpoint.map { .string($0) } ?? .null),
            ("stopped", stopped.map { .string($0) } ?? .null),
            (
                "test",
                test.map {
                    .object([
                        ("loss", .number($0.loss)), ("accuracy", .number($0.accuracy)), ("count", .integer($0.count)),
                    ])
                }
                    ?? .null
            ),
        ]
        if timing {
            let trained = trainedEpochs
            let epochSeconds = trained.map(\.seconds).reduce(0, +)
            members.append(
                (
                    "seconds",
                    .object([
                        ("total", .number(totalSeconds)),
                        ("per_epoch", trained.isEmpty ? .null : .number(epochSeconds / Double(trained.count))),
                    ])
                ))
        }
        return .object(members)
    }
}
