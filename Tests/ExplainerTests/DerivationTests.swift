import Engine
import Explainer
import Languages
import Testing

/// The explainer's derivation (each op's gradient expression evaluated by its own loops) against
/// the tape's backward kernels, node by node, for networks that use every op.
@Suite struct DerivationTests {
    static let networks: [(String, String)] = [
        ("sigmoid, matmul, bias, pow, scale", """
            input x = [[0.05, 0.10], [0.3, -0.2]]
            target t = [[0.01, 0.99], [0.5, 0.5]]
            param W1 = [[0.15, 0.25], [0.20, 0.30]]
            param b1 = [0.35, 0.35]
            h = sigmoid(x @ W1 + b1)
            loss = 0.5 * sum((h - t) ^ 2)
            """),
        ("softmax cross-entropy, relu, tanh", """
            input x = [[1.0, 2.0, -1.0], [0.5, -1.5, 0.3]]
            labels y = [2, 0]
            param W = [[0.2, -0.5, 0.1], [0.4, 0.3, -0.2], [-0.3, 0.6, 0.5]]
            param v = [[0.7, -0.1, 0.2], [0.3, 0.5, -0.4], [0.2, 0.1, 0.6]]
            a = relu(x @ W)
            loss = cross_entropy(tanh(a) @ v, y)
            """),
        ("log_softmax, softmax, exp, log, mean axis, transpose, multiply", """
            input x = [[0.5, -0.3, 0.8], [1.2, 0.1, -0.6]]
            param W = [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]]
            z = x @ W
            p = softmax(transpose(z))
            q = log_softmax(z) * exp(z)
            loss = sum(mean(q, axis=1)) + sum(log(p + 1)) + mean(p * p)
            """),
        ("batch normalization, mse, reshape, division", """
            input x = [[1.0, -0.5, 2.0], [0.3, 0.8, -1.2], [-0.7, 1.5, 0.4], [2.2, -0.1, 0.9]]
            target t = [[0.5, -1.0, 0.2, 0.1], [0.6, 1.1, 1.2, 0.1], [-0.8, -0.4, 0.9, 0.3]]
            param W = [[0.6, -0.2, 0.3], [0.1, 0.5, -0.4], [-0.3, 0.2, 0.7]]
            param gamma = [1.0, 1.5, 0.5]
            param beta = [0.0, 0.1, -0.2]
            y = batchnorm(x @ W, gamma, beta)
            r = reshape(y, [3, 4])
            loss = mse(r / 2, t) + sum(mean(y, axis=0))
            """),
        ("a value used twice", """
            input x = [[1.5, -2.0]]
            param w = [[0.7, -1.1]]
            s = w * w
            loss = sum(s * w + w)
            """),
    ]

    @Test(arguments: networks)
    func derivationAgreesWithBackward(name: String, source: String) throws {
        let trace = try Network(source: source, file: "\(name).net").run().trace()
        let derivation = try Derivation(trace: trace)
        var compared = 0
        for node in trace.nodes {
            guard let derived = derivation.gradient(of: node.id) else { continue }
            let backward = try #require(node.gradient, "\(node.name) has a derived gradient but no backward one")
            #expect(derived.count == backward.count)
            for (d, b) in zip(derived, backward) {
                #expect(abs(d - b) <= 1e-12 * max(1, abs(b)), "\(name): d\(node.name): derived \(d), backward \(b)")
            }
            compared += 1
        }
        #expect(compared >= 4)
    }

    @Test func aValueUsedTwiceGetsBothContributions() throws {
        // loss = Σ w³ + w: dw = 3w² + 1, from two consumers (the product s·w and the sum's + w)
        // plus the two inputs of s = w ⊙ w.
        let trace = try Network(source: Self.networks[4].1, file: "twice.net").run().trace()
        let derivation = try Derivation(trace: trace)
        let w = try #require(trace.node(named: "w"))
        let step = try #require(derivation.steps[w.id])
        #expect(step.contributions.count == 4)
        #expect(zip(step.gradient, [0.7, -1.1]).allSatisfy { abs($0 - (3 * $1 * $1 + 1)) < 1e-14 })
    }

    @Test func withoutBackwardThereIsNothingToDerive() throws {
        let network = try Network(source: Self.networks[0].1, file: "t.net")
        #expect(throws: DerivationError.self) { try Derivation(trace: try network.run(backward: false).trace()) }
    }
}
