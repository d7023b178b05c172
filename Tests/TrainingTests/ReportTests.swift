import Engine
import Foundation
import Testing

@testable import Training

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ReportTests {
    let history = [
        EpochMetrics(
            epoch: 1, loss: 0.26051, accuracy: 0.92541, validationLoss: 0.14362, validationAccuracy: 0.95883,
            seconds: 2.314),
        EpochMetrics(
            epoch: 2, loss: 0.11502, accuracy: 0.96610, validationLoss: 0.10991, validationAccuracy: 0.96742,
            seconds: 12.6),
    ]

    @Test func theProgressBarFillsAsKerasDraws() {
        #expect(ProgressText.bar(step: 0, steps: 1500) == "[" + String(repeating: ".", count: 30) + "]")
        #expect(
            ProgressText.bar(step: 750, steps: 1500) == "[" + String(repeating: "=", count: 14) + ">"
                + String(repeating: ".", count: 15) + "]")
        #expect(ProgressText.bar(step: 1500, steps: 1500) == "[" + String(repeating: "=", count: 30) + "]")
        #expect(
            ProgressText.barLine(step: 32, steps: 1500, seconds: 0.4, loss: 0.31011, accuracy: 0.91124)
                == "  32/1500 [..............................] - 0.4s - loss: 0.3101 - accuracy: 0.9112")
    }

    @Test func anEpochLineHasFourSignificantDigitsAndOptionalSeconds() {
        #expect(
            ProgressText.epochLine(history[0], epochs: 10, timing: true)
                == "epoch 1/10 - loss: 0.2605 - accuracy: 0.9254 - val_loss: 0.1436 - val_accuracy: 0.9588 - 2.3s")
        #expect(ProgressText.epochLine(history[1], epochs: 10, timing: false).hasSuffix("val_accuracy: 0.9674"))
        #expect(ProgressText.secondsText(12.6) == "13s")
        #expect(
            ProgressText.checkpointLine(
                epoch: 1, monitor: "val_accuracy", previous: nil, current: 0.95883, saved: true, path: "ck.safetensors")
                == "epoch 1: val_accuracy improved from -inf to 0.9588, saved ck.safetensors")
        #expect(
            ProgressText.checkpointLine(
                epoch: 3, monitor: "val_accuracy", previous: 0.9674, current: 0.96, saved: false, path: "x")
                == "epoch 3: val_accuracy did not improve from 0.9674")
    }

    @Test func theCSVLogHasOneRowPerEpoch() {
        #expect(
            MetricsCSV.text(history) == """
                epoch,loss,accuracy,val_loss,val_accuracy,seconds
                1,0.26051,0.92541,0.14362,0.95883,2.314
                2,0.11502,0.9661,0.10991,0.96742,12.6

                """)
    }

    @Test func theSummaryLeavesOutSecondsWithoutTiming() {
        var configuration = TrainingConfiguration()
        configuration.epochs = 2
        let summary = TrainingSummary(
            configuration: configuration, history: history, resumedAfter: 0, best: (2, 0.96742),
            monitor: "val_accuracy", checkpoint: "ck.safetensors",
            test: Evaluation(count: 4, loss: 0.5, correct: 3, confusion: [[1, 0], [1, 2]]), stopped: nil,
            totalSeconds: 15)
        let text = summary.json(timing: false).serialized()
        #expect(!text.contains("seconds"))
        #expect(
            text.hasPrefix(
                #"{"config":{"model":"mlp","optimizer":"adam","learning_rate":0.001,"batch_size":32,"epochs":2,"#))
        #expect(text.contains(#""best":{"monitor":"val_accuracy","epoch":2,"value":0.96742}"#))
        #expect(text.hasSuffix(#""test":{"loss":0.5,"accuracy":0.75,"count":4}}"#))
        #expect(summary.json(timing: true).serialized().contains(#""seconds":{"total":15,"per_epoch":7.457}"#))
    }

    @Test func thePlotIsWellFormedSVGWithBothCurves() throws {
        let svg = TrainingPlot.svg(history, title: "mlp <adam>")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("mlp &lt;adam&gt;"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 8)  // 2 epochs × 2 series × 2 panels
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        // One epoch and no validation still draw.
        let single = TrainingPlot.svg(
            [EpochMetrics(epoch: 1, loss: 1, accuracy: 1, validationLoss: nil, validationAccuracy: nil, seconds: 0)],
            title: "t")
        #expect(XMLParser(data: Data(single.utf8)).parse())
        #expect(!single.contains("validation"))
        #expect(TrainingPlot.niceTicks(0, 0.93, count: 5) == [0, 0.5, 1])
        #expect(TrainingPlot.niceTicks(0.9254, 0.9674, count: 5).map { ($0 * 100).rounded() } == [92, 94, 96, 98])
    }
}
