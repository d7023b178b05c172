import Datasets
import Engine
import Training

extension Harness {
    /// Small valid inputs to start a corpus from: the fuzzer mutates them into the interesting
    /// malformed ones much sooner than it would find the formats from nothing.
    var seeds: [(name: String, bytes: [UInt8])] {
        switch self {
        case .network:
            return [
                ("sigmoid.net", """
                input  x = [[0.05, 0.10]]
                target t = [[0.01, 0.99]]
                param W1 = [[0.15, 0.25], [0.20, 0.30]]
                param b1 = [0.35, 0.35]
                param W2 = glorot_uniform(2, 2, seed=1)
                z = sigmoid(x @ W1 + b1) @ W2
                loss = 0.5 * sum((sigmoid(z) - t) ^ 2)

                """),
                ("cross-entropy.net", """
                input  x = [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]
                labels y = [1, 0]
                param  W1 = he_uniform(3, 4, seed=2)
                param  b1 = full(4, value=0.1)
                h = dropout(relu(x @ W1 + b1), rate=0.5, seed=3)
                loss = cross_entropy(h @ transpose(uniform(2, 4)), y)

                """),
                ("conv.net", """
                input x = uniform(1, 4, 4, 1, seed=1)
                param K = normal(2, 2, 1, 2, std=0.5, seed=2)
                p = maxpool2d(relu(conv2d(x, K, stride=1, padding=same)), size=2)
                loss = mean(flatten(p) @ ones(8, 1))

                """),
                ("batchnorm.net", """
                input  x = [[1, 2], [3, 4], [5, 6]]
                target t = [[0.5], [0.1], [0.9]]
                param  g = ones(2)
                param  b = zeros(2)
                h = batchnorm(x, g, b, eps=0.001)
                s = sum(tanh(h) * exp(h / 10), axis=1)
                q = mean(log_softmax(reshape(h, [2, 3])), axis=0)
                loss = mse(sigmoid(s), t) + mean(log(1 + q ^ 2)) − 2^-3

                """),
            ].map { ($0.0, Array($0.1.utf8)) }
        case .expression:
            return [
                ("tanh.expr", "tanh(w*x + b)\nw=0.5, x=2, b=0.1"),
                ("mixed.expr", "sigmoid(a) * relu(b - 1) / exp(-c) + log(a) ^ 2\na=1.5, b=3, c=0.25"),
            ].map { ($0.0, Array($0.1.utf8)) }
        case .idx:
            let images = IDX.encode(dimensions: [2, 28, 28], data: (0..<(2 * 28 * 28)).map { UInt8($0 % 251) })
            let labels = IDX.encode(dimensions: [3], data: [1, 7, 3])
            // The first byte picks images (even) or labels (odd).
            return [
                ("images.idx", [0] + images), ("labels.idx", [1] + labels),
                ("images.idx.gz", [0] + Gzip.compress(images)), ("labels.idx.gz", [1] + Gzip.compress(labels)),
            ]
        case .checkpoint:
            // Every piece of metadata a checkpoint has, with tiny tensors (the model check refuses
            // their shapes, after everything else was read).
            var configuration = TrainingConfiguration()
            configuration.limit = 3
            let checkpoint = Checkpoint(
                configuration: configuration, epoch: 1, best: (1, 0.5), shufflerState: [1, 2, 3, 4], optimizerStep: 7,
                history: [],
                tensors: [
                    ("W1", Tensor<Float>(rows: [[0.5, -1], [2, 0]])), ("b1", Tensor<Float>(shape: Shape(2), elements: [0.1, 0.2])),
                    ("optimizer.W1.m", Tensor<Float>(zeros: Shape(2, 2))),
                ])
            return [("tiny.safetensors", checkpoint.safeTensors.encoded())]
        }
    }
}
