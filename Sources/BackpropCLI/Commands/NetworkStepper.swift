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

    /// The most work `--steps N` and `--train N` may ask for: N times the size of one step (the
    /// network's operations, plus one for every thousand numbers its values hold). It keeps the
    /// time bounded on a large network (a network of 50000 operations takes at most about 200 steps),
    /// and far from the lessons' networks, which take every N the flags allow.
    static let workBudget = 10_000_000

    /// The size of one step of `network`, as `workBudget` counts it.
    static func stepSize(of network: Network) throws -> Int {
        let nodes = try network.run(backward: false).trace().nodes
        return nodes.count + nodes.reduce(0) { $0 + $1.value.count } / 1000
    }

    /// Refuses `steps` (the value of `flag`) when it would take more than `workBudget`, naming
    /// the most steps this network may take.
    static func checkWork(of network: Network, steps: Int, flag: String) throws {
        let size = try stepSize(of: network)
        guard steps > workBudget / size else { return }
        throw UsageError(
            "\(flag) \(steps) is too many steps for \(network.file) (its steps have \(size) operations, counting a "
                + "thousand numbers as one; N × that may be at most \(workBudget)): give \(flag) \(max(1, workBudget / size)) or fewer",
            isOutOfRange: true)
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
        stepsTaken += 1
        if divergence == nil {
            if !run.lossValue.isFinite {
                let word = Self.word(run.lossValue)
                divergence = stepsTaken == 1
                    ? "the \(network.lossName) is \(word) at the declared parameters ('backprop trace' shows where it comes from)"
                    : diverged("the \(network.lossName) is \(word) before step \(stepsTaken)")
            } else if let p = parameters.first(where: { !Self.isFinite($0) }) {
                divergence = diverged("\(p.name) is no longer finite after step \(stepsTaken)")
            }
        }
    }

    /// The loss at the current parameters (forward only).
    func loss() throws -> Double {
        let value = try network.run(parameters: parameters, backward: false).lossValue
        if divergence == nil, !value.isFinite {
            divergence = diverged("the \(network.lossName) is \(Self.word(value)) after step \(stepsTaken)")
        }
        return value
    }

    /// The steps taken so far.
    private(set) var stepsTaken = 0
    /// One line for standard error when the loss or a parameter stopped being finite (the steps
    /// diverged, or the network's own numbers are not finite): what was first, and when; else
    /// nil. 'step' and 'page --train' then exit with 1, as 'trace' does for a value that is not finite.
    private(set) var divergence: String?

    private func diverged(_ what: String) -> String {
        "the steps diverged: \(what) (η = \(NumberFormat.compact(rate)); a smaller --lr may help)"
    }

    static func word(_ x: Double) -> String { x.isNaN ? "NaN" : x > 0 ? "inf" : "-inf" }

    static func isFinite(_ p: Parameter<Double>) -> Bool {
        UnsafeBufferPointer(start: p.value.pointer, count: p.count).allSatisfy(\.isFinite)
    }
}
