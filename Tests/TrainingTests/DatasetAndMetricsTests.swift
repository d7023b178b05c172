import Engine
import Support
import Testing

@testable import Training

@Suite struct DatasetAndMetricsTests {
    @Test func theValidationSplitTakesTheLastFractionAsKerasDoes() {
        let data = Fixtures.images(count: 10)
        let (train, validation) = data.splitValidation(0.2)
        #expect(train.count == 8 && validation.count == 2)
        #expect(validation.start == 8)
        #expect(validation.label(0) == data.label(8))
        #expect(Array(validation.image(1)) == Array(data.image(9)))
        // ⌊7 · 0.75⌋ = 5 training images.
        let (train7, validation7) = data.prefix(7).splitValidation(0.25)
        #expect(train7.count == 5 && validation7.count == 2)
        #expect(data.splitValidation(0).validation.count == 0)
        #expect(data.prefix(100).count == 10)
        #expect(data.labelCounts().reduce(0, +) == 10)
    }

    @Test func perClassAccuracyReadsTheConfusionMatrix() {
        let evaluation = Evaluation(count: 6, loss: 0.5, correct: 4, confusion: [[2, 1, 0], [0, 2, 0], [0, 1, 0]])
        #expect(evaluation.accuracy == 4.0 / 6.0)
        #expect(evaluation.perClassAccuracy == [2.0 / 3.0, 1.0, 0.0])
        let empty = Evaluation(count: 0, loss: 0, correct: 0, confusion: [[0, 0], [0, 0]])
        #expect(empty.perClassAccuracy == [nil, nil])
    }

    @Test func epochMetricsRoundTripThroughJSON() throws {
        let metrics = EpochMetrics(
            epoch: 3, loss: 0.25, accuracy: 0.9125, validationLoss: 0.3, validationAccuracy: 0.875, seconds: 1.5)
        let text = metrics.json().serialized()
        #expect(text == #"{"epoch":3,"loss":0.25,"accuracy":0.9125,"val_loss":0.3,"val_accuracy":0.875,"seconds":1.5}"#)
        #expect(EpochMetrics(json: try JSONValue.parse(Array(text.utf8))) == metrics)
        #expect(metrics.json(timing: false).serialized().contains("seconds") == false)
        let noValidation = EpochMetrics(
            epoch: 1, loss: 1, accuracy: 0.5, validationLoss: nil, validationAccuracy: nil, seconds: 0)
        #expect(noValidation.monitored == 0.5)
    }

    @Test func theInferenceRunnerCountsEveryImageOnceAcrossBatches() throws {
        let data = Fixtures.images(count: 37)
        let runner = InferenceRunner(model: Fixtures.model(), batchSize: 16)
        let evaluation = try runner.evaluate(data)
        #expect(evaluation.count == 37)
        #expect(evaluation.confusion.flatMap { $0 }.reduce(0, +) == 37)
        #expect(evaluation.confusion.map { $0.reduce(0, +) } == data.labelCounts())
        #expect(evaluation.correct == (0..<10).map { evaluation.confusion[$0][$0] }.reduce(0, +))
        // The same images one at a time give the same mean loss.
        let single = try InferenceRunner(model: runner.model, batchSize: 1).evaluate(data)
        #expect(abs(single.loss - evaluation.loss) < 1e-6)
        #expect(single.confusion == evaluation.confusion)
        let p = try runner.probabilities(data.image(0), rows: 4, cols: 4)
        #expect(p.count == 10 && abs(p.reduce(0, +) - 1) < 1e-6)
    }
}
