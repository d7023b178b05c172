import Datasets
import Engine
import Foundation
import NN
import Support
import Testing

@testable import Training

@Suite struct TrainerTests {
    @Test func trainingLearnsTheToyTaskAndReportsKerasStyleMetrics() throws {
        let data = Fixtures.images(count: 200)
        let (train, validation) = data.splitValidation(0.2)
        let trainer = Fixtures.trainer(Fixtures.configuration(epochs: 8))
        var events: [String] = []
        try trainer.fit(
            train: train, validation: validation,
            onEvent: { event in
                switch event {
                case .epochStarted(let epoch, let epochs, let steps): events.append("start \(epoch)/\(epochs) \(steps)")
                case .stepEnded(let step, let steps, _, _): if step == steps { events.append("last step \(step)") }
                case .epochEnded(let metrics, let saved): events.append("end \(metrics.epoch) \(saved)")
                }
            })
        // 160 images in batches of 8: 20 steps. No checkpoint writer: nothing is saved.
        #expect(events.prefix(3) == ["start 1/8 20", "last step 20", "end 1 false"])
        #expect(trainer.epochsCompleted == 8)
        #expect(trainer.history.count == 8)
        #expect(trainer.optimizer.stepCount == 160)
        let last = trainer.history[7]
        #expect(last.loss < trainer.history[0].loss)
        #expect(last.accuracy > 0.9)
        #expect((last.validationAccuracy ?? 0) > 0.9)
        // The validation figures are the inference runner's on the validation images.
        let check = try trainer.inference.evaluate(validation)
        #expect(check.accuracy == last.validationAccuracy)
        #expect(check.loss == last.validationLoss)
        #expect(trainer.best?.value == trainer.history.map(\.monitored).max())
    }

    @Test func aRunIsRepeatableFromItsSeed() throws {
        let data = Fixtures.images(count: 64)
        func run() throws -> [String: [Float]] {
            let trainer = Fixtures.trainer(Fixtures.configuration(epochs: 2))
            try trainer.fit(train: data, validation: nil)
            return Fixtures.weights(trainer.model)
        }
        #expect(try run() == run())
    }

    @Test(arguments: [(OptimizerKind.adam, false), (.momentum, false), (.sgd, true), (.adam, true)])
    func aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(optimizer: OptimizerKind, batchNorm: Bool) throws {
        let data = Fixtures.images(count: 90)
        let (train, validation) = data.splitValidation(0.2)
        let configuration = Fixtures.configuration(epochs: 3, batchSize: 7, optimizer: optimizer, batchNorm: batchNorm)

        let uninterrupted = Fixtures.trainer(configuration, batchNorm: batchNorm)
        try uninterrupted.fit(train: train, validation: validation)

        // Stop after one epoch, go through the file format, continue in a new trainer.
        var first = configuration
        first.epochs = 1
        let stopped = Fixtures.trainer(first, batchNorm: batchNorm)
        try stopped.fit(train: train, validation: validation)
        let bytes = stopped.checkpoint().safeTensors.encoded()
        var checkpoint = try Checkpoint(SafeTensors(decoding: bytes, source: "ck"), source: "ck")
        #expect(checkpoint.epoch == 1)
        checkpoint.configuration.epochs = 3
        let resumed = Trainer(
            model: Fixtures.model(seed: 77, batchNorm: batchNorm), configuration: checkpoint.configuration,
            evaluationBatchSize: 16)
        try resumed.restore(checkpoint, source: "ck")
        try resumed.fit(train: train, validation: validation)

        #expect(Fixtures.weights(resumed.model) == Fixtures.weights(uninterrupted.model))
        #expect(resumed.optimizer.stepCount == uninterrupted.optimizer.stepCount)
        #expect(
            resumed.history
                == uninterrupted.history.map { m in
                    var copy = m
                    copy.seconds = resumed.history[m.epoch - 1].seconds
                    return copy
                })
        #expect(resumed.checkpoint().safeTensors.entries == uninterrupted.checkpoint().safeTensors.entries)
    }

    @Test func saveBestOnlyNeverReplacesABetterCheckpointAfterAResume() throws {
        let data = Fixtures.images(count: 80)
        let (train, validation) = data.splitValidation(0.25)
        var configuration = Fixtures.configuration(epochs: 2)
        configuration.validationSplit = 0.25
        let trainer = Fixtures.trainer(configuration)
        try trainer.fit(train: train, validation: validation)
        var checkpoint = trainer.checkpoint()
        // Pretend an earlier epoch reached a validation accuracy no later epoch can beat.
        checkpoint.best = (1, 1.5)
        checkpoint.configuration.epochs = 4
        let resumed = Trainer(model: Fixtures.model(), configuration: checkpoint.configuration, evaluationBatchSize: 16)
        try resumed.restore(checkpoint, source: "ck")
        var saves = 0
        try resumed.fit(train: train, validation: validation, save: { _ in saves += 1 })
        #expect(resumed.epochsCompleted == 4)
        #expect(saves == 0)
        #expect(resumed.best?.epoch == 1 && resumed.best?.value == 1.5)
    }

    @Test func aNonFiniteLossStopsBeforeTheUpdateAndNamesTheStep() throws {
        let data = Fixtures.images(count: 64)
        let trainer = Fixtures.trainer(Fixtures.configuration(epochs: 3, optimizer: .sgd, learningRate: 1e30))
        var saved: [Int] = []
        #expect {
            try trainer.fit(train: data, validation: nil, save: { saved.append($0.epochsCompleted) })
        } throws: { error in
            guard let error = error as? TrainingError, case .nonFiniteLoss(let epoch, let step, let steps) = error.kind
            else { return false }
            return epoch == 1 && step >= 2 && steps == 8
                && error.description.hasPrefix("epoch 1, step \(step)/8: the loss is ")
        }
        #expect(saved.isEmpty)
        #expect(trainer.epochsCompleted == 0)
    }

    @Test func restoringChecksTheModelAndTheOptimizerState() throws {
        let trainer = Fixtures.trainer(Fixtures.configuration())
        let checkpoint = trainer.checkpoint()
        // Another model.
        let bn = Trainer(model: Fixtures.model(batchNorm: true), configuration: Fixtures.configuration(batchNorm: true))
        #expect(throws: CheckpointError("ck", "is a checkpoint of model tiny, not tiny-bn")) {
            try bn.restore(checkpoint, source: "ck")
        }
        // A missing tensor, a wrong shape, a stray tensor.
        var missing = checkpoint
        missing.tensors.removeAll { $0.name == "b2" }
        #expect(throws: CheckpointError("ck", "has no tensor 'b2' (model tiny needs it)")) {
            try Fixtures.trainer(Fixtures.configuration()).restore(missing, source: "ck")
        }
        var reshaped = checkpoint
        reshaped.tensors[0].tensor = Tensor(zeros: Shape(16, 13))
        #expect(throws: CheckpointError("ck", "tensor 'W1' has shape (16x13) but model tiny needs (16x12)")) {
            try Fixtures.trainer(Fixtures.configuration()).restore(reshaped, source: "ck")
        }
        var stray = checkpoint
        stray.tensors.append(("W9", Tensor(zeros: Shape(1))))
        #expect(throws: CheckpointError("ck", "holds a tensor 'W9' that model tiny does not have")) {
            try Fixtures.trainer(Fixtures.configuration()).restore(stray, source: "ck")
        }
        // Adam state loaded into SGD, and SGD's (empty) state into Adam.
        #expect(throws: CheckpointError.self) {
            try Fixtures.trainer(Fixtures.configuration(optimizer: .sgd)).restore(checkpoint, source: "ck")
        }
        let sgd = Fixtures.trainer(Fixtures.configuration(optimizer: .sgd)).checkpoint()
        #expect(throws: CheckpointError("ck", "optimizer state 'W1.m' is missing")) {
            try Fixtures.trainer(Fixtures.configuration()).restore(sgd, source: "ck")
        }
    }
}

@Suite struct CheckpointFileTests {
    @Test func aCheckpointFileRoundTripsByteForByte() throws {
        let data = Fixtures.images(count: 40)
        let trainer = Fixtures.trainer(Fixtures.configuration(epochs: 1, batchNorm: true), batchNorm: true)
        try trainer.fit(train: data.prefix(32), validation: data.slice(32..<40))
        let directory = Fixtures.temporaryDirectory()
        let path = directory + "/ck.safetensors"
        try trainer.checkpoint().write(to: path)
        let bytes = try FileIO.readAll(path)
        let checkpoint = try Checkpoint.read(from: path)
        #expect(checkpoint.safeTensors.encoded() == bytes)
        #expect(checkpoint.epoch == 1)
        #expect(checkpoint.optimizerStep == 4)
        #expect(checkpoint.shufflerState == trainer.shuffler.stateWords)
        #expect(checkpoint.history == trainer.history)
        #expect(
            checkpoint.tensors.map(\.name) == [
                "W1", "b1", "gamma1", "beta1", "moving_mean1", "moving_variance1", "W2", "b2",
                "optimizer.W1.m", "optimizer.b1.m", "optimizer.gamma1.m", "optimizer.beta1.m", "optimizer.W2.m",
                "optimizer.b2.m",
                "optimizer.W1.v", "optimizer.b1.v", "optimizer.gamma1.v", "optimizer.beta1.v", "optimizer.W2.v",
                "optimizer.b2.v",
            ])
        let safe = try SafeTensors(decoding: bytes, source: path)
        #expect(
            safe.metadata.map(\.0) == [
                "format", "model", "optimizer", "learning_rate", "batch_size", "epochs", "validation_split", "seed",
                "epoch", "monitor", "best_value", "best_epoch", "shuffle_state", "optimizer_step", "history",
            ])
        #expect(safe.metadata("model") == "tiny-bn")
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["ck.safetensors"])
    }

    @Test func aSafetensorsFileOfAnotherToolIsNotTakenForACheckpoint() throws {
        let bytes = SafeTensors(metadata: [("format", "pt")], entries: []).encoded()
        #expect(
            throws: CheckpointError(
                "x", "checkpoint format is 'pt'; this version reads 'backprop-explorer checkpoint 1'")
        ) {
            try Checkpoint(SafeTensors(decoding: bytes, source: "x"), source: "x")
        }
        let bare = SafeTensors(metadata: [], entries: []).encoded()
        #expect(throws: CheckpointError.self) { try Checkpoint(SafeTensors(decoding: bare, source: "x"), source: "x") }
    }

    @Test func readingAMissingFileOrADirectorySaysSo() {
        #expect(
            throws: CheckpointError(
                "/nonexistent/ck.safetensors", "cannot read the checkpoint: no such file or directory")
        ) {
            try Checkpoint.read(from: "/nonexistent/ck.safetensors")
        }
        let directory = Fixtures.temporaryDirectory()
        #expect(throws: CheckpointError(directory, "cannot read the checkpoint: is a directory, not a file")) {
            try Checkpoint.read(from: directory)
        }
    }
}
