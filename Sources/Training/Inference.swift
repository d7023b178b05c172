import Engine
import Kernels
import NN

/// Runs a model in inference mode (batch normalization on its running averages) over images
/// kept as bytes, on a tape reused from batch to batch.
public final class InferenceRunner {
    public let model: Sequential<Float>
    public let batchSize: Int
    public let tape = Tape<Float>()
    private let labelBuffer: UnsafeMutableBufferPointer<Int32>

    public init(model: Sequential<Float>, batchSize: Int = 1000) {
        precondition(batchSize > 0, "batch size must be positive")
        self.model = model
        self.batchSize = batchSize
        labelBuffer = .allocate(capacity: batchSize)
        labelBuffer.initialize(repeating: 0)
    }

    deinit { labelBuffer.deallocate() }

    /// Mean loss, accuracy and confusion matrix over `data`.
    public func evaluate(_ data: ImageDataset) throws(TrainingError) -> Evaluation {
        tape.isTraining = false
        let flat = takesFlatInput(model)
        var classes = 0
        var confusion: [[Int]] = []
        var lossTotal = 0.0
        var correct = 0
        var first = 0
        while first < data.count {
            let size = min(batchSize, data.count - first)
            tape.reset()
            let x = feed(data, rows: first..<(first + size), flat: flat, order: nil, on: tape)
            for r in 0..<size { labelBuffer[r] = Int32(data.labels[data.start + first + r]) }
            let result: (logits: Variable, loss: Variable)
            do {
                result = try model.loss(x, labels: UnsafeBufferPointer(rebasing: labelBuffer[0..<size]), on: tape)
            } catch {
                throw TrainingError(.engine, "evaluating \(model.name): \(error)")
            }
            if classes == 0 {
                classes = tape.shape(of: result.logits)[1]
                confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
            }
            lossTotal += Double(tape.scalar(result.loss)) * Double(size)
            let z = tape.node(result.logits).value.pointer
            for r in 0..<size {
                let predicted = argmax(z + r * classes, classes)
                let label = Int(labelBuffer[r])
                if predicted == label { correct += 1 }
                confusion[label][predicted] += 1
            }
            first += size
        }
        return Evaluation(
            count: data.count, loss: data.count == 0 ? 0 : lossTotal / Double(data.count), correct: correct,
            confusion: confusion)
    }

    /// The model's class probabilities (softmax of the logits) for one image of bytes.
    public func probabilities(_ image: some Collection<UInt8>, rows: Int, cols: Int) throws(TrainingError) -> [Double] {
        precondition(image.count == rows * cols, "one image of rows×cols bytes")
        tape.isTraining = false
        tape.reset()
        let bytes = Array(image)
        let x = tape.input("x", shape: Shape(1, rows, cols)) { buffer in
            bytes.withUnsafeBufferPointer {
                Float.convert($0.baseAddress!, scale: 1 / 255, buffer.baseAddress!, bytes.count)
            }
        }
        do {
            let logits = try model.logits(x, on: tape)
            let p = try tape.softmax(logits, name: "probabilities")
            return tape.value(of: p).elements.map(Double.init)
        } catch {
            throw TrainingError(.engine, "running \(model.name): \(error)")
        }
    }
}

/// Whether a model takes its images already flat, (batch, rows·cols): true when its first layer is
/// a `Flatten`, which then records nothing. Other models (a CNN) take (batch, rows, cols).
func takesFlatInput(_ model: Sequential<Float>) -> Bool {
    model.layers.first is Flatten<Float>
}

/// Records the input node for images `rows` of `data` (through `order` when given: row r is image
/// `order[r]`), converting bytes to floats in [0, 1] straight into the node's buffer.
func feed(
    _ data: ImageDataset, rows: Range<Int>, flat: Bool, order: UnsafePointer<Int>?, on tape: Tape<Float>
) -> Variable {
    let scale: Float = 1 / 255
    let features = data.pixelsPerImage
    let shape = flat ? Shape(rows.count, features) : Shape(rows.count, data.rows, data.cols)
    return data.pixels.withUnsafeBufferPointer { pixels in
        tape.input("x", shape: shape) { buffer in
            let source = pixels.baseAddress! + data.start * features
            let target = buffer.baseAddress!
            if let order {
                // A shuffled batch: one gather kernel (on the kernel threads when worth it).
                Float.convertRows(
                    source, rows: order + rows.lowerBound, count: rows.count, width: features, scale: scale, target)
            } else {
                Float.convert(source + rows.lowerBound * features, scale: scale, target, rows.count * features)
            }
        }
    }
}
