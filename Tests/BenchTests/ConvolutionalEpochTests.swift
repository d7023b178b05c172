import Datasets
import NN
import Testing

@testable import Bench

/// The `cnn` work's measurement (one epoch of the CNN, then the test images), on a few fake 28×28 digits.
@Suite struct ConvolutionalEpochTests {
    @Test func measuresEpochsAndCountsTheirWork() throws {
        func split(_ count: Int, seed: UInt8) -> MNISTSplit {
            let images = (0..<(count * 784)).map { UInt8(truncatingIfNeeded: ($0 * 37 + Int(seed)) % 251) }
            return MNISTSplit(count: count, rows: 28, cols: 28, images: images, labels: (0..<count).map { UInt8($0 % 10) })
        }
        let mnist = MNIST(train: split(8, seed: 1), test: split(4, seed: 2))
        var ticks = 0.0
        let result = try ConvolutionalEpoch.measure(mnist, epochs: 2) {
            ticks += 1
            return ticks
        }
        #expect(result.trainingImages == 8 && result.testImages == 4)
        // Each epoch reads the clock three times: start, after training, after the test images.
        #expect(result.seconds == [2, 2] && result.trainingSeconds == [1, 1])
        #expect(result.testAccuracy.count == 2 && result.testAccuracy.allSatisfy { (0...1).contains($0) })
        let perImage = ModelKind.cnn.make(seed: 1, as: Float.self).flopsPerImage
        #expect(result.flops == 8 * perImage.training + 4 * perImage.forward)
    }
}
