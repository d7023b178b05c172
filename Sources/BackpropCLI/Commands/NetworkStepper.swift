import Engine
import Languages
import NN
import Support
import Training

/// The optimizer steps of `backprop step`, which `backprop page --train` records as a timeline:
/// the network's parameters, the update rule holding them, and one step at a time (a forward and
/// backward pass at the current parameters, then the update).
final class NetworkStepper {
    let network: Network
    let kind: OptimizerKind
    /// The learning rate η.
    let rate: Double
    /// The parameters the optimizer updates in place.
    let parameters: [Parameter<Double>]
    let optimizer: any Optimizer<Double>

    /// A stepper at the network's declared parameters; `rate` nil is the optimizer's default.
    init(_ network: Network, kind: OptimizerKind, rate: Double?) {
        self.network = network
        self.kind = kind
        self.rate = rate ?? kind.defaultLearningRate
        parameters = network.makeParameters()
        switch kind {
        case .sgd: optimizer = SGD(parameters, learningRate: self.rate)
        case .momentum: optimizer = Momentum(parameters, learningRate: self.rate)
        case .adam: optimizer = Adam(parameters, learningRate: self.rate)
        }
    }

    /// `SGD`, `momentum` or `Adam`, for sentences.
    var optimizerName: String { ["sgd": "SGD", "momentum": "momentum", "adam": "Adam"][kind.rawValue] ?? kind.rawValue }

    /// The update rule, a line at a time, with the optimizer's constants written by `n`.
    func rule(_ n: (Double) -> String) -> [String] {
        switch optimizer {
        case let momentum as Momentum<Double>:
            ["v ← μ·v − η·dθ;  θ ← θ + v", "μ = \(n(momentum.momentum)); v starts at 0"]
        case let adam as Adam<Double>:
            [
                "m ← β1·m + (1 − β1)·dθ;  v ← β2·v + (1 − β2)·dθ²;  θ ← θ − η·m̂/(√(v̂) + ε̂)",
                "m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), ε̂ = ε/√(1 − β2ᵗ) at step t",
                "β1 = \(n(adam.beta1)), β2 = \(n(adam.beta2)), ε = \(n(adam.epsilon)); m and v start at 0",
            ]
        default: ["θ ← θ − η·dθ"]
        }
    }

    /// One step: runs the network forward and backward at the current parameters, shows the run
    /// to `before` (the parameters hold their values and gradients before the update), then
    /// updates them.
    func step(before: (NetworkRun) throws -> Void = { _ in }) throws {
        let run = try network.run(parameters: parameters)
        try before(run)
        optimizer.step()
    }

    /// The loss at the current parameters (forward only).
    func loss() throws -> Double { try network.run(parameters: parameters, backward: false).lossValue }
}
