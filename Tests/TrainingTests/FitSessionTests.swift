import Engine
import Foundation
import Support
import Testing

@testable import Training

/// The fit session behind `mnist train`: the epoch loop with save_best_only, the reports, the
/// final model, the summary; and the progress text it drives.
@Suite struct FitSessionTests {
    let data = Fixtures.images(count: 100)

    func session(
        _ configuration: TrainingConfiguration, outputs: FitOutputs = FitOutputs(),
        resuming: (checkpoint: Checkpoint, source: String)? = nil
    ) throws -> FitSession {
        let (train, validation) = data.splitValidation(0.2)
        return try FitSession(
            trainer: Fixtures.trainer(configuration), train: train, validation: validation, resuming: resuming,
            test: Fixtures.images(count: 30, seed: 8), outputs: outputs)
    }

    @Test func aSessionTrainsAsTheTrainerDoesAndKeepsTheBestEpoch() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outputs = FitOutputs(
            checkpoint: directory + "/best.safetensors", finalModel: directory + "/final.safetensors",
            log: directory + "/log.csv")
        let configuration = Fixtures.configuration(epochs: 4)
        let fit = try session(configuration, outputs: outputs)
        #expect(fit.monitor == "val_accuracy" && fit.resumedAfter == 0)
        var lines: [String] = []
        let summary = try fit.run { event in
            switch event {
            case .epochEnded(let metrics, let checkpoint): lines.append("\(metrics.epoch): \(checkpoint ?? "-")")
            case .finalModelSaved(let epoch, let path): lines.append("final \(epoch) \(path == outputs.finalModel)")
            default: break
            }
        }
        // The same run on a bare trainer gives the same history.
        let (train, validation) = data.splitValidation(0.2)
        let plain = Fixtures.trainer(configuration)
        try plain.fit(train: train, validation: validation)
        func untimed(_ history: [EpochMetrics]) -> [EpochMetrics] {
            history.map {
                var metrics = $0
                metrics.seconds = 0
                return metrics
            }
        }
        #expect(untimed(summary.history) == untimed(plain.history))
        #expect(lines.count == 5 && lines[0] == "1: epoch 1: val_accuracy improved from -inf to \(NumberFormat.brief(plain.history[0].monitored)), saved \(directory)/best.safetensors")
        #expect(lines[4] == "final 4 true")
        #expect(summary.checkpoint == outputs.checkpoint && summary.stopped == nil && summary.test?.count == 30)
        let best = try Checkpoint.read(from: directory + "/best.safetensors")
        #expect(best.epoch == plain.best?.epoch && best.best?.value == plain.history.map(\.monitored).max())
        #expect(try Checkpoint.read(from: directory + "/final.safetensors").epoch == 4)
        #expect(try String(contentsOfFile: directory + "/log.csv", encoding: .utf8) == MetricsCSV.text(summary.history))
    }

    @Test func aNonFiniteLossStopsTheSessionAndSaysWhichCheckpointIsKept() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fit = try session(
            Fixtures.configuration(epochs: 3, optimizer: .sgd, learningRate: 1e30),
            outputs: FitOutputs(checkpoint: directory + "/ck.safetensors"))
        let summary = try fit.run { _ in }
        let stopped = try #require(summary.stopped)
        #expect(stopped.hasPrefix("epoch 1, step "))
        #expect(stopped.hasSuffix("training stopped before this step's update; no checkpoint was written"))
        #expect(summary.test == nil && summary.checkpoint == nil && summary.history.isEmpty)
    }

    @Test func aResumedRunKeepsItsRecipeAndTakesOnlyTheEpochCount() throws {
        var saved = TrainingConfiguration()
        saved.batchSize = 50
        saved.limit = 100
        var given = RecipeChoices()
        given.epochs = 3
        given.seed = 1
        given.optimizer = .adam
        #expect(try saved.resumed(with: given, source: "ck").epochs == 3)
        given.batchSize = 32
        #expect(
            throws: TrainingError(
                .data, "--batch-size 32 differs from the batch size 50 of the run in ck; a resumed run keeps its recipe")
        ) { try saved.resumed(with: given, source: "ck") }
        given = RecipeChoices()
        given.model = "cnn"
        #expect(throws: TrainingError(.data, "ck is a checkpoint of model mlp, not cnn")) {
            try saved.resumed(with: given, source: "ck")
        }
        given = RecipeChoices()
        given.learningRate = 0.01
        #expect(
            throws: TrainingError(
                .data, "--lr 0.01 differs from the learning rate 0.001 of the run in ck; a resumed run keeps its recipe")
        ) { try saved.resumed(with: given, source: "ck") }
        given = RecipeChoices()
        given.limit = 7
        given.validationSplit = 0.5
        let fresh = given.applied(to: TrainingConfiguration())
        #expect(fresh.limit == 7 && fresh.validationSplit == 0.5 && fresh.batchSize == 32 && fresh.epochs == 10)
    }

    @Test func theSummaryLinesNameTheTestTheBestAndTheSeconds() {
        let history = [
            EpochMetrics(epoch: 1, loss: 0.5, accuracy: 0.8, validationLoss: 0.4, validationAccuracy: 0.85, seconds: 2),
            EpochMetrics(epoch: 2, loss: 0.3, accuracy: 0.9, validationLoss: 0.35, validationAccuracy: 0.875, seconds: 3),
        ]
        let summary = TrainingSummary(
            configuration: TrainingConfiguration(), history: history, resumedAfter: 1, best: (2, 0.875),
            monitor: "val_accuracy", checkpoint: "ck", test: Evaluation(count: 100, loss: 0.25, correct: 91, confusion: []),
            stopped: nil, totalSeconds: 12.4)
        #expect(
            summary.lines(timing: true) == [
                "test: loss: 0.25 - accuracy: 0.91 (100 images)", "best val_accuracy 0.875 at epoch 2, kept in ck",
                "3s per epoch, 12s in all",
            ])
        #expect(summary.lines(timing: false).count == 2)
    }
}

@Suite struct FitProgressTests {
    let metrics = EpochMetrics(
        epoch: 1, loss: 0.31011, accuracy: 0.91124, validationLoss: 0.2, validationAccuracy: 0.95, seconds: 1.5)

    @Test func offATerminalEachEpochIsOneLine() {
        var progress = FitProgress(terminal: false, timing: false)
        #expect(progress.text(for: .epochStarted(epoch: 1, epochs: 3, steps: 10)) == nil)
        #expect(progress.text(for: .stepEnded(step: 1, steps: 10, loss: 1, accuracy: 0.5)) == nil)
        #expect(
            progress.text(for: .epochEnded(metrics, checkpoint: "saved"))
                == "epoch 1/3 - loss: 0.3101 - accuracy: 0.9112 - val_loss: 0.2000 - val_accuracy: 0.9500\nsaved\n")
        #expect(progress.text(for: .warning("w")) == nil)
        #expect(progress.text(for: .finalModelSaved(epoch: 3, path: "f")) == "saved the final model (epoch 3) to f\n")
    }

    @Test func onATerminalTheBarIsRedrawnInPlaceAtMostEveryTenthOfASecond() {
        var progress = FitProgress(terminal: true, timing: false, width: 120)
        #expect(progress.text(for: .epochStarted(epoch: 2, epochs: 3, steps: 10)) == "Epoch 2/3\n")
        let first = progress.text(for: .stepEnded(step: 1, steps: 10, loss: 1, accuracy: 0.5))
        #expect(first == "\r 1/10 [==>" + String(repeating: ".", count: 27) + "] - loss: 1.0000 - accuracy: 0.5000")
        // Right after the first step: too soon to draw again. The last step is left to the end.
        #expect(progress.text(for: .stepEnded(step: 2, steps: 10, loss: 1, accuracy: 0.5)) == nil)
        #expect(progress.text(for: .stepEnded(step: 10, steps: 10, loss: 1, accuracy: 0.5)) == nil)
        let end = progress.text(for: .epochEnded(metrics, checkpoint: nil))
        #expect(
            end
                == "\r10/10 [==============================] - loss: 0.3101 - accuracy: 0.9112 - val_loss: 0.2000"
                + " - val_accuracy: 0.9500\n"
        )
        // At 80 columns the last line takes 79: val_accuracy goes and the bar gives up 12 cells.
        var narrow = FitProgress(terminal: true, timing: false)
        _ = narrow.text(for: .epochStarted(epoch: 2, epochs: 3, steps: 10))
        #expect(
            narrow.text(for: .epochEnded(metrics, checkpoint: nil))
                == "\r10/10 [" + String(repeating: "=", count: 18) + "] - loss: 0.3101 - accuracy: 0.9112 - val_loss: 0.2000\n")
    }
}

@Suite struct FitSessionResumeTests {
    @Test func aResumedSessionContinuesFromItsCheckpointAndSaysSo() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ck.safetensors"
        let (train, validation) = Fixtures.images(count: 100).splitValidation(0.2)
        let test = Fixtures.images(count: 20, seed: 8)
        let first = try FitSession(
            trainer: Fixtures.trainer(Fixtures.configuration(epochs: 2)), train: train, validation: validation,
            resuming: nil, test: test, outputs: FitOutputs(checkpoint: path))
        let before = try first.run { _ in }
        let best = try #require(before.best)

        let checkpoint = try Checkpoint.read(from: path)
        var choices = RecipeChoices()
        choices.epochs = 3
        let configuration = try checkpoint.configuration.resumed(with: choices, source: path)
        let resumed = try FitSession(
            trainer: Fixtures.trainer(configuration), train: train, validation: validation,
            resuming: (checkpoint, path), test: test, outputs: FitOutputs(checkpoint: path))
        #expect(resumed.resumedAfter == checkpoint.epoch)
        #expect(
            resumed.introduction.last
                == "resuming \(path) after epoch \(checkpoint.epoch) of 3 (best val_accuracy \(NumberFormat.brief(best.value)) at epoch \(best.epoch))"
        )
        var lines: [String] = []
        let summary = try resumed.run { event in
            if case .epochEnded(_, let line?) = event { lines.append(line) }
        }
        #expect(summary.resumedAfter == checkpoint.epoch && summary.history.map(\.epoch) == Array(1...3))
        let last = summary.history[2].monitored
        let improved = last > best.value
        #expect(
            lines == [
                improved
                    ? "epoch 3: val_accuracy improved from \(NumberFormat.brief(best.value)) to \(NumberFormat.brief(last)), saved \(path)"
                    : "epoch 3: val_accuracy did not improve from \(NumberFormat.brief(best.value))"
            ])
        // The resumed checkpoint's best stays named even when this run saved nothing better.
        #expect(summary.checkpoint == path)
        #expect(try Checkpoint.read(from: path).epoch == (improved ? 3 : checkpoint.epoch))
    }
}
