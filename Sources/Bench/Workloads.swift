import Engine
import Kernels
import NN

/// The works `backprop bench` times, named as `--work` takes them.
public enum Work: String, CaseIterable, Sendable {
    /// One epoch of the Keras tutorial's model (784-128-10, Adam, batch 32, 48k train + 12k
    /// validation).
    case mlp = "mlp"
    /// The same epoch in batches of 256 (fewer, larger steps: the optimizer's share shrinks).
    case mlpBatch256 = "mlp-256"
    /// The whole `backprop mnist train --epochs 1` process: wall time and peak memory.
    case mlpProcess = "mlp-process"
    /// One epoch of the wide model (784-512-256-10).
    case mlpWide = "mlp-wide"
    /// The scalar engine on micrograd's demo.
    case moons = "moons"
    /// The gradient check of the tutorial's model, 50 samples per parameter.
    case gradcheck = "gradcheck"
    /// One epoch of the CNN (`--model cnn`) on all 60,000 training images, then the test set.
    case cnn = "cnn"
    /// Not a default: `cnn` with the peer's wider network (`--model cnn-wide`, conv 32 → 64), as
    /// `torch_cnn.py` runs it.
    case cnnWide = "cnn-wide"
    /// Not a goal: the tutorial model's kernels one by one, on one thread and on all (and Adam over the
    /// wide model's parameters, and its second layer's products).
    case kernels = "kernels"

    public var title: String {
        switch self {
        case .mlp: "784-128-10, Adam, batch 32, 48k train + 12k validation, per epoch"
        case .mlpBatch256: "784-128-10, Adam, batch 256, 48k train + 12k validation, per epoch"
        case .mlpProcess: "whole process: mnist train --epochs 1, incl. loading and verifying MNIST"
        case .mlpWide: "784-512-256-10, Adam, batch 32, 48k train + 12k validation, per epoch"
        case .moons: "scalar engine: micrograd demo, MLP 2-16-16-1, 100 moons, 100 SGD steps"
        case .gradcheck: "mnist gradcheck on the tutorial's model, 50 samples per parameter (whole command)"
        case .cnn: "CNN conv 3×3×16-pool-conv 3×3×32-pool-128-10 (--model cnn), Adam, batch 32, 60k train + 10k test, per epoch"
        case .cnnWide: "CNN conv 3×3×32-pool-conv 3×3×64-pool-128-10 (--model cnn-wide, torch_cnn.py's network), per epoch"
        case .kernels: "the tutorial model's kernels (and the wide model's Adam and second layer) alone, microseconds a call on 1 thread and on all"
        }
    }

    /// The goal in seconds.
    public var goalSeconds: Double {
        switch self {
        case .mlp: 0.15
        case .mlpBatch256: 0.15
        case .mlpProcess: 1.0
        case .mlpWide: 0.5
        case .moons: 0.25
        case .gradcheck: 2.0
        case .cnn: 5.0
        case .cnnWide: .infinity
        case .kernels: .infinity
        }
    }

    /// The work in a few words, for the table (the `--work` name is for typing).
    public var phrase: String {
        switch self {
        case .mlp: "the tutorial's model, batch 32"
        case .mlpBatch256: "the tutorial's model, batch 256"
        case .mlpProcess: "the whole training process"
        case .mlpWide: "the wide model 784-512-256-10"
        case .moons: "the scalar engine (micrograd's demo)"
        case .gradcheck: "the gradient check"
        case .cnn: "the CNN"
        case .cnnWide: "PyTorch's CNN"
        case .kernels: "the kernels one by one"
        }
    }

    /// The model, its layer sizes and the batch size of an MLP work.
    var perceptron: (kind: ModelKind, sizes: [Int], batchSize: Int)? {
        switch self {
        case .mlp: (.mlp, [784, 128, 10], 32)
        case .mlpBatch256: (.mlp, [784, 128, 10], 256)
        case .mlpWide: (.mlpWide, [784, 512, 256, 10], 32)
        default: nil
        }
    }

    /// Whether the work has a goal (`cnn-wide` and `kernels` are measurements only).
    public var hasGoal: Bool { goalSeconds.isFinite }

    /// The default works: those with a goal.
    public static var goals: [Work] { [.mlp, .mlpBatch256, .mlpProcess, .mlpWide, .moons, .gradcheck, .cnn] }

    /// The peak memory goal of the whole process, in bytes.
    public static let processMemoryGoal = 300 * 1_000_000
}

/// The measured outcome of one work.
public struct WorkResult: Sendable {
    public let work: Work
    /// Wall-clock seconds of each repetition (per epoch for the training works).
    public let seconds: [Double]
    /// Processor seconds (user and system, all threads) of each repetition, when measured in this
    /// process: on a machine shared with other work it shows what the wall time cannot.
    public let cpuSeconds: [Double]?
    /// Samples processed in one repetition (training plus evaluation images, points × steps, ...);
    /// nil for a work that is a set of separate timings (`kernels`).
    public let samples: Int?
    /// Floating-point operations of one repetition as dense products would count them, when
    /// the work is mostly matrix products.
    public let flops: Double?
    /// Further figures: accuracy, peak memory, allocations per step.
    public var notes: [(String, String)] = []
    /// Extra machine-readable figures.
    public var figures: [(String, Double)] = []
    /// Whether the goal beyond time (memory) is met, when there is one.
    public var memoryMet: Bool? = nil

    public var median: Double { Statistics.median(seconds) }
    public var cpuMedian: Double? { cpuSeconds.map(Statistics.median) }
    public var samplesPerSecond: Double? { samples.map { Double($0) / median } }
    public var gflops: Double? { flops.map { $0 / median / 1e9 } }
    public var met: Bool { median <= work.goalSeconds && (memoryMet ?? true) }
}

public enum Statistics {
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Dense floating-point operations of a multilayer perceptron, per sample: forward 2·in·out per
/// layer; training adds the weight gradient (2·in·out per layer) and the input gradient of every
/// layer but the first (the images need none). Elementwise work is left out (under 1%).
public func perceptronFlops(_ sizes: [Int], training: Bool) -> Double {
    var total = 0.0
    for layer in 1..<sizes.count {
        let product = 2.0 * Double(sizes[layer - 1] * sizes[layer])
        total += product
        if training { total += product + (layer > 1 ? product : 0) }
    }
    return total
}
