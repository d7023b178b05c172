import Datasets
import Engine
import Kernels
import NN
import Training

/// One epoch of a convolutional model on all 60,000 MNIST training images, then the 10,000 test
/// images evaluated, timed as `torch_cnn.py` times its epochs (training and test evaluation; data
/// loading before): the `cnn` and `cnn-wide` works of `backprop bench`.
public struct ConvolutionalEpoch: Sendable {
    /// Wall seconds of each epoch, training and test evaluation.
    public var seconds: [Double] = []
    /// Wall seconds of the training part alone.
    public var trainingSeconds: [Double] = []
    /// Test accuracy after each epoch.
    public var testAccuracy: [Double] = []
    /// Images trained on per epoch, and test images evaluated.
    public let trainingImages: Int
    public let testImages: Int
    /// Floating-point operations of one epoch (training and test), as dense products count them.
    public let flops: Double

    /// Trains a new `kind` model (seed `seed`, Adam 0.001, batch 32, no validation split) for
    /// `epochs` epochs, evaluating the test images after each, with subnormals flushed as
    /// `mnist train` runs unless `flushesSubnormals` is false, and each parameter updated inside
    /// backward unless `updatesInsideBackward` is false, the gradient elements no backward reads
    /// left out unless `skipsUnreadGradientElements` is false. `clock` reads seconds.
    public static func measure(
        _ mnist: MNIST, kind: ModelKind = .cnn, epochs: Int = 1, seed: Int = 1, trainingLimit: Int? = nil,
        flushesSubnormals: Bool = true, updatesInsideBackward: Bool = true, skipsUnreadGradientElements: Bool = true,
        clock: () -> Double
    ) throws -> ConvolutionalEpoch {
        var configuration = TrainingConfiguration()
        configuration.model = kind.rawValue
        configuration.epochs = epochs
        configuration.validationSplit = 0
        configuration.seed = seed
        var train = ImageDataset(mnist.train)
        if let trainingLimit { train = train.prefix(trainingLimit) }
        let test = ImageDataset(mnist.test)
        let trainer = try Trainer(configuration: configuration)
        trainer.updatesInsideBackward = updatesInsideBackward
        trainer.tape.skipsUnreadGradientElements = skipsUnreadGradientElements
        let perImage = trainer.model.flopsPerImage
        var result = ConvolutionalEpoch(
            trainingImages: train.count, testImages: test.count,
            flops: Double(train.count) * perImage.training + Double(test.count) * perImage.forward)
        try SubnormalMode.flushingToZero(flushesSubnormals) {
            try measureEpochs(trainer, train: train, test: test, epochs: epochs, into: &result, clock: clock)
        }
        return result
    }

    private static func measureEpochs(
        _ trainer: Trainer, train: ImageDataset, test: ImageDataset, epochs: Int, into result: inout ConvolutionalEpoch,
        clock: () -> Double
    ) throws {
        for _ in 0..<epochs {
            let start = clock()
            _ = try trainer.trainEpoch(train)
            let trained = clock()
            let evaluation = try trainer.inference.evaluate(test)
            let end = clock()
            result.seconds.append(end - start)
            result.trainingSeconds.append(trained - start)
            result.testAccuracy.append(evaluation.accuracy)
        }
    }
}
