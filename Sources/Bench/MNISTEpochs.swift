import Engine
import Kernels
import NN

/// TEMPORARY until the Training loop lands on main: the fit loop's work for one epoch, written
/// directly over the engine (shuffle, per step tape.reset / input from bytes / loss / backward /
/// Adam step; then validation in inference mode with batches of 1000).
final class MNISTEpochs {
    let model: Sequential<Float>
    let optimizer: Adam<Float>
    let tape = Tape<Float>()
    let evaluationTape = Tape<Float>()
    var generator: SeededGenerator
    var order: [Int] = []
    let labelBuffer: UnsafeMutableBufferPointer<Int32>
    let batchSize: Int

    init(kind: ModelKind, seed: UInt64, batchSize: Int = 32) {
        model = kind.make(seed: seed)
        optimizer = Adam(model.parameters)
        generator = SeededGenerator(seed: seed &+ 1)
        self.batchSize = batchSize
        labelBuffer = .allocate(capacity: max(batchSize, 1000))
        labelBuffer.initialize(repeating: 0)
    }

    deinit { labelBuffer.deallocate() }

    /// One epoch over images[0..<count]; returns the mean training loss.
    func trainEpoch(images: UnsafePointer<UInt8>, labels: UnsafePointer<UInt8>, count: Int) throws -> Double {
        if order.count != count { order = Array(0..<count) }
        for i in 0..<count { order[i] = i }
        generator.shuffle(&order)
        tape.isTraining = true
        var total = 0.0
        var step = 0
        while step * batchSize < count {
            let first = step * batchSize, size = min(batchSize, count - first)
            tape.reset()
            let x = order.withUnsafeBufferPointer { order in
                tape.input("x", shape: Shape(size, 784)) { buffer in
                    for r in 0..<size {
                        Float.convert(images + order[first + r] * 784, scale: 1 / 255, buffer.baseAddress! + r * 784, 784)
                    }
                }
            }
            for r in 0..<size { labelBuffer[r] = Int32(labels[order[first + r]]) }
            let (_, loss) = try model.loss(x, labels: UnsafeBufferPointer(rebasing: labelBuffer[0..<size]), on: tape)
            try tape.backward(from: loss)
            optimizer.step()
            total += Double(tape.scalar(loss)) * Double(size)
            step += 1
        }
        return total / Double(count)
    }

    /// Accuracy on images[0..<count] in batches of 1000.
    func accuracy(images: UnsafePointer<UInt8>, labels: UnsafePointer<UInt8>, count: Int, batch: Int = 1000) throws -> Double {
        evaluationTape.isTraining = false
        var correct = 0
        var first = 0
        while first < count {
            let size = min(batch, count - first)
            evaluationTape.reset()
            let x = evaluationTape.input("x", shape: Shape(size, 784)) { buffer in
                Float.convert(images + first * 784, scale: 1 / 255, buffer.baseAddress!, size * 784)
            }
            let logits = try model.logits(x, on: evaluationTape)
            let z = evaluationTape.node(logits).value.pointer
            for r in 0..<size {
                var best = 0
                for j in 1..<10 where z[r * 10 + j] > z[r * 10 + best] { best = j }
                if best == Int(labels[first + r]) { correct += 1 }
            }
            first += size
        }
        return Double(correct) / Double(count)
    }
}
