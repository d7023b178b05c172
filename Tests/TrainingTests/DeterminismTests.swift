import Engine
import Kernels
import NN
import Testing

@testable import Training

/// The same seed gives bit-identical weights after training, whatever the number of threads: the
/// kernels cut their work by a fixed partition and never split a sum, so the threads only change
/// who computes an element, not how. Here with every kernel forced onto the parallel path.
@Suite(.serialized) struct DeterminismTests {
    /// 28×28 images that look like MNIST to the kernels: a blob of strokes in the middle (about
    /// a fifth of the pixels lit), the border blank, the strokes placed by the label.
    static func digits(count: Int, seed: UInt64) -> ImageDataset {
        var generator = SeededGenerator(seed: seed)
        var pixels = [UInt8](repeating: 0, count: count * 784)
        var labels: [UInt8] = []
        for image in 0..<count {
            let label = generator.index(below: 10)
            labels.append(UInt8(label))
            for _ in 0..<150 {
                let row = 4 + generator.index(below: 20), column = 4 + generator.index(below: 20)
                let lit = (row + column + label) % 3 == 0 || generator.index(below: 4) == 0
                if lit { pixels[image * 784 + row * 28 + column] = UInt8(1 + generator.index(below: 255)) }
            }
        }
        return ImageDataset(pixels: pixels, labels: labels, rows: 28, cols: 28)
    }

    /// Trains the tutorial's model for two short epochs and returns every weight's bits.
    static func train(threads: Int, minimumParallelWork: Int, flushesSubnormals: Bool = true) throws -> [String: [UInt32]] {
        let savedThreads = KernelThreads.count, savedWork = KernelThreads.minimumParallelWork
        KernelThreads.count = threads
        KernelThreads.minimumParallelWork = minimumParallelWork
        defer {
            KernelThreads.count = savedThreads
            KernelThreads.minimumParallelWork = savedWork
        }
        var configuration = TrainingConfiguration()
        configuration.epochs = 2
        configuration.seed = 4
        let trainer = try Trainer(configuration: configuration)
        trainer.flushesSubnormals = flushesSubnormals
        let data = digits(count: 160, seed: 11)
        let (train, validation) = data.splitValidation(0.2)
        try trainer.fit(train: train, validation: validation)
        return Dictionary(
            uniqueKeysWithValues: trainer.model.savedTensors.map { ($0.name, $0.value.array.map(\.bitPattern)) })
    }

    /// Training flushes subnormals by default (Kernels' SubnormalMode, on every thread of its
    /// jobs), so the test above runs with it; with IEEE subnormals kept it holds too.
    @Test func sameWeightsWithOneOrTwoThreadsKeepingSubnormals() throws {
        #expect(try Trainer(configuration: TrainingConfiguration()).flushesSubnormals)
        let one = try Self.train(threads: 1, minimumParallelWork: 0, flushesSubnormals: false)
        let two = try Self.train(threads: 2, minimumParallelWork: 0, flushesSubnormals: false)
        for name in one.keys.sorted() { #expect(one[name] == two[name], "\(name) differs between 1 and 2 threads") }
    }

    @Test func sameWeightsWithOneOrTwoThreads() throws {
        let one = try Self.train(threads: 1, minimumParallelWork: 0)
        let two = try Self.train(threads: 2, minimumParallelWork: 0)
        let twoDefault = try Self.train(threads: 2, minimumParallelWork: KernelThreads.minimumParallelWork)
        #expect(one.keys.sorted() == ["W1", "W2", "b1", "b2"])
        for name in one.keys.sorted() {
            #expect(one[name] == two[name], "\(name) differs between 1 and 2 threads")
            #expect(one[name] == twoDefault[name], "\(name) differs with the default parallel threshold")
        }
        // And training did move the weights.
        let initial = ModelKind.mlp.make(seed: 4, as: Float.self)
        #expect(initial.parameters[0].value.array.map(\.bitPattern) != one["W1"])
    }

    /// Updating each parameter inside backward, as soon as its gradient is final, gives the
    /// weights and optimizer state of updating after backward, bit for bit, and leaving out the
    /// gradient elements no backward reads gives those of computing them all: every model (batch
    /// norm's running averages and the CNN's shared layers included) with every optimizer.
    @Test(arguments: [ModelKind.mlp, .mlpBN, .mlpWide, .cnn])
    func updatingInsideBackwardAndSkippingUnreadGradientsChangeNoBit(model: ModelKind) throws {
        for optimizer in OptimizerKind.allCases {
            var configuration = TrainingConfiguration()
            configuration.model = model.rawValue
            configuration.optimizer = optimizer
            configuration.epochs = 1
            configuration.batchSize = 16
            configuration.seed = 3
            let data = Self.digits(count: model == .cnn ? 48 : 96, seed: 12)
            let (train, validation) = data.splitValidation(0.25)
            var results: [[String: [UInt32]]] = []
            for (inside, skipping) in [(true, true), (false, true), (true, false)] {
                let trainer = try Trainer(configuration: configuration)
                trainer.updatesInsideBackward = inside
                trainer.tape.skipsUnreadGradientElements = skipping
                try trainer.fit(train: train, validation: validation)
                var tensors = trainer.model.savedTensors.map { ($0.name, $0.value.array.map(\.bitPattern)) }
                tensors += trainer.optimizer.stateTensors.map { ($0.name, $0.tensor.elements.map(\.bitPattern)) }
                results.append(Dictionary(uniqueKeysWithValues: tensors))
            }
            for other in 1..<results.count {
                #expect(results[0].count == results[other].count)
                for name in results[other].keys.sorted() {
                    #expect(results[0][name] == results[other][name], "\(model.rawValue), \(optimizer), run \(other): \(name) differs")
                }
            }
            // And the weights moved.
            let initial = model.make(seed: 3, as: Float.self)
            #expect(initial.parameters[0].value.array.map(\.bitPattern) != results[0][initial.parameters[0].name])
        }
    }
}
