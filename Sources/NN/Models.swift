import Engine

/// The Keras tutorial's models, built from the engine's layers with Keras's default
/// initialization (Glorot-uniform weights, zero biases) so that results compare with the peers.
public enum ModelKind: String, Sendable, CaseIterable {
    /// Flatten → Dense(128, ReLU) → Dense(10, softmax): the Keras tutorial's model.
    case mlp
    /// The same with batch normalization after the hidden layer.
    case mlpBN = "mlp-bn"
    /// Flatten → Dense(512, ReLU) → Dense(256, ReLU) → Dense(10, softmax): the Keras tutorial's wider model.
    case mlpWide = "mlp-wide"
    /// conv 3×3×16 ReLU → max-pool 2 → conv 3×3×32 ReLU → max-pool 2 → Dense 128 ReLU → dropout 0.5 → Dense 10:
    /// `cnn-wide` with half the filters, a quarter of its work (see Sources/Training/README.md, "The CNN").
    case cnn
    /// conv 3×3×32 ReLU → max-pool 2 → conv 3×3×64 ReLU → max-pool 2 → Dense 128 ReLU → dropout 0.5 → Dense 10:
    /// the network of the PyTorch comparison script (torch_cnn.py).
    case cnnWide = "cnn-wide"

    public var summary: String {
        switch self {
        case .mlp: "Flatten → Dense 128 ReLU → Dense 10 softmax (the Keras tutorial's model)"
        case .mlpBN: "Flatten → Dense 128 ReLU → BatchNormalization → Dense 10 softmax"
        case .mlpWide: "Flatten → Dense 512 ReLU → Dense 256 ReLU → Dense 10 softmax"
        case .cnn: "Conv 3×3×16 ReLU → MaxPool 2 → Conv 3×3×32 ReLU → MaxPool 2 → Dense 128 ReLU → Dropout 0.5 → Dense 10 softmax"
        case .cnnWide: "Conv 3×3×32 ReLU → MaxPool 2 → Conv 3×3×64 ReLU → MaxPool 2 → Dense 128 ReLU → Dropout 0.5 → Dense 10 softmax"
        }
    }

    /// A new model for 28×28 images and 10 classes, initialized from `seed`.
    public func make<T: KernelScalar>(seed: UInt64, as: T.Type = T.self) -> Sequential<T> {
        var generator = SeededGenerator(seed: seed)
        let layers: [any Layer<T>]
        switch self {
        case .mlp:
            layers = [
                Flatten(),
                Dense(784, 128, activation: .relu, index: 1, generator: &generator),
                Dense(128, 10, index: 2, generator: &generator),
            ]
        case .mlpBN:
            layers = [
                Flatten(),
                Dense(784, 128, activation: .relu, index: 1, generator: &generator),
                BatchNormalization(features: 128, index: 1),
                Dense(128, 10, index: 2, generator: &generator),
            ]
        case .mlpWide:
            layers = [
                Flatten(),
                Dense(784, 512, activation: .relu, index: 1, generator: &generator),
                Dense(512, 256, activation: .relu, index: 2, generator: &generator),
                Dense(256, 10, index: 3, generator: &generator),
            ]
        case .cnn: layers = Self.convolutional(16, 32, generator: &generator)
        case .cnnWide: layers = Self.convolutional(32, 64, generator: &generator)
        }
        return Sequential(name: rawValue, inputShape: Shape(28, 28), layers: layers)
    }

    /// conv 3×3×`first` ReLU → max-pool 2 → conv 3×3×`second` ReLU → max-pool 2 → Dense 128 ReLU
    /// → dropout 0.5 (training only) → Dense 10, on 28×28 images: 26×26, 13×13, 11×11, 5×5 (the last row and column dropped).
    /// Each convolution layer pools before its bias and ReLU: the same function (see
    /// `Conv2DLayer`), with the elementwise work on the pooled maps.
    private static func convolutional<T: KernelScalar>(
        _ first: Int, _ second: Int, generator: inout SeededGenerator
    ) -> [any Layer<T>] {
        [
            AddChannelAxis(),
            Conv2DLayer(1, first, size: 3, pool: 2, index: 1, generator: &generator),
            Conv2DLayer(first, second, size: 3, pool: 2, index: 2, generator: &generator),
            Flatten(),
            Dense(5 * 5 * second, 128, activation: .relu, index: 3, generator: &generator),
            DropoutLayer(rate: 0.5, index: 3),
            Dense(128, 10, index: 4, generator: &generator),
        ]
    }


    /// Whether the model takes images as (batch, 28, 28) and convolves them.
    public var isConvolutional: Bool { self == .cnn || self == .cnnWide }
}
