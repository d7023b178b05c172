import Engine
import Kernels
import NN

/// What to run.
public struct BenchOptions: Sendable {
    public var works: [Work] = Work.allCases
    /// Epochs per repetition of W1 and W2 (their time is per epoch).
    public var epochs = 1
    public var repetitions = 3
    /// The folder with the four MNIST .gz files.
    public var dataDirectory: String
    /// This tool's executable, for the whole-process work (W1P).
    public var executable: String
    public var seed: UInt64 = 1

    public init(dataDirectory: String, executable: String) {
        self.dataDirectory = dataDirectory
        self.executable = executable
    }
}

/// The outcome of a bench run.
public struct BenchReport: Sendable {
    public let machine: String
    public let threads: Int
    /// FLOP/s of the GEMM micro-kernel alone (dense, in L1): one thread, and every thread at once.
    public let peakOneThread: Double
    public let peakAllThreads: Double
    public var results: [WorkResult] = []
    /// The commands that run the same works in the peer frameworks.
    public let peerCommands: [(work: String, command: String)]
}

public enum Benchmark {
    /// Runs the chosen works and measures the peak; `log` gets a line as each part finishes.
    public static func run(
        _ options: BenchOptions, measurePeak: Bool = true, log: (String) -> Void
    ) throws -> BenchReport {
        let one = measurePeak ? KernelPeak.microKernelRate(threads: 1) : .nan
        let all = measurePeak ? KernelPeak.microKernelRate(threads: KernelThreads.count) : .nan
        var report = BenchReport(
            machine: Host.summary, threads: KernelThreads.count, peakOneThread: one, peakAllThreads: all,
            peerCommands: peerCommands(options))
        var mnist: RawMNIST?
        func data() throws -> RawMNIST {
            if let mnist { return mnist }
            let loaded = try RawMNIST.load(from: options.dataDirectory)
            mnist = loaded
            return loaded
        }
        for work in options.works {
            let result: WorkResult
            switch work {
            case .w1: result = try mnistEpochs(.w1, kind: .mlp, sizes: [784, 128, 10], data: data(), options)
            case .w2: result = try mnistEpochs(.w2, kind: .mlpWide, sizes: [784, 512, 256, 10], data: data(), options)
            case .w1Process: result = try wholeProcess(options)
            case .w3: result = moons(options)
            case .w4: result = try gradientCheck(data: data(), options)
            }
            report.results.append(result)
            log("\(work.rawValue): median \(formatFixed(result.median, 3)) s")
        }
        return report
    }

    // MARK: W1, W2

    static func mnistEpochs(
        _ work: Work, kind: ModelKind, sizes: [Int], data: RawMNIST, _ options: BenchOptions
    ) throws -> WorkResult {
        let trainCount = 48_000, validationCount = 12_000
        var perEpoch: [Double] = []
        var accuracy = 0.0
        var residentAfterEpoch: [Double] = []
        for _ in 0..<options.repetitions {
            let runner = MNISTEpochs(kind: kind, seed: options.seed)
            var total = 0.0
            try data.trainImages.withUnsafeBufferPointer { images in
                try data.trainLabels.withUnsafeBufferPointer { labels in
                    for _ in 0..<options.epochs {
                        let start = KernelPeak.now()
                        _ = try runner.trainEpoch(
                            images: images.baseAddress!, labels: labels.baseAddress!, count: trainCount)
                        accuracy = try runner.accuracy(
                            images: images.baseAddress! + trainCount * 784, labels: labels.baseAddress! + trainCount,
                            count: validationCount)
                        total += KernelPeak.now() - start
                        if let resident = Memory.residentBytes() { residentAfterEpoch.append(Double(resident)) }
                    }
                }
            }
            perEpoch.append(total / Double(options.epochs))
        }
        let flops =
            Double(trainCount) * perceptronFlops(sizes, training: true)
            + Double(validationCount) * perceptronFlops(sizes, training: false)
        var result = WorkResult(
            work: work, seconds: perEpoch, samples: trainCount + validationCount, flops: flops)
        result.notes.append(("validation accuracy", formatPercent(accuracy)))
        result.figures.append(("validation_accuracy", accuracy))
        if residentAfterEpoch.count > 1 {
            let megabytes = residentAfterEpoch.map { $0 / 1e6 }
            result.notes.append(
                ("resident memory after each epoch", megabytes.map { formatFixed($0, 1) + " MB" }.joined(separator: ", ")))
        }
        return result
    }

    // MARK: W1P

    static func wholeProcess(_ options: BenchOptions) throws -> WorkResult {
        var seconds: [Double] = []
        var peak = 0
        for _ in 0..<options.repetitions {
            let run = try ChildProcess.run(
                options.executable,
                ["bench", "--work", "W1", "--epochs", "1", "--repetitions", "1", "--data", options.dataDirectory,
                 "--no-peak"])
            guard run.status == 0 else { throw BenchError("the child process exited with status \(run.status)") }
            seconds.append(run.seconds)
            peak = max(peak, run.maximumResidentBytes)
        }
        var result = WorkResult(work: .w1Process, seconds: seconds, samples: 60_000, flops: nil)
        result.notes.append(("peak resident memory", formatFixed(Double(peak) / 1e6, 1) + " MB (goal ≤ 300 MB)"))
        result.figures.append(("peak_resident_bytes", Double(peak)))
        result.memoryMet = peak <= Work.processMemoryGoal
        return result
    }

    // MARK: W3

    static func moons(_ options: BenchOptions) -> WorkResult {
        let demo = MoonsDemo()
        var seconds: [Double] = []
        var history: [MoonsDemo.Step] = []
        for _ in 0..<options.repetitions {
            let start = KernelPeak.now()
            history = demo.run()
            seconds.append(KernelPeak.now() - start)
        }
        var result = WorkResult(work: .w3, seconds: seconds, samples: demo.points * demo.steps, flops: nil)
        if let first = history.first, let last = history.last {
            result.notes.append(
                ("loss, accuracy", "step 1: \(formatFixed(first.loss, 4)), \(formatPercent(first.accuracy)); "
                    + "step \(history.count): \(formatFixed(last.loss, 4)), \(formatPercent(last.accuracy))"))
            result.figures.append(("final_accuracy", last.accuracy))
        }
        result.notes.append(("micrograd (pure Python) on this work", "136 s in ../shared/bench/README.md"))
        return result
    }

    // MARK: W4

    static func gradientCheck(data: RawMNIST, _ options: BenchOptions) throws -> WorkResult {
        var seconds: [Double] = []
        var worst = 0.0
        var forwards = 0
        let images = 100
        for _ in 0..<options.repetitions {
            let start = KernelPeak.now()
            let outcome = try SeedGradientCheck.run(data: data, images: images, samples: 50, seed: options.seed)
            seconds.append(KernelPeak.now() - start)
            worst = outcome.worstRelativeError
            forwards = outcome.forwards
        }
        let flops = Double(forwards * images) * perceptronFlops([784, 128, 10], training: false)
        var result = WorkResult(work: .w4, seconds: seconds, samples: forwards * images, flops: flops)
        result.notes.append(("worst relative error away from kinks", formatScientific(worst)))
        result.figures.append(("worst_relative_error", worst))
        return result
    }

    // MARK: Peers

    static func peerCommands(_ options: BenchOptions) -> [(work: String, command: String)] {
        let data = options.dataDirectory
        var bench = "../shared/bench"
        if data.hasSuffix("data/mnist") { bench = String(data.dropLast("data/mnist".count)) + "bench" }
        let torch = "~/.cache/backprop-peers/torch/bin/python", keras = "~/.cache/backprop-peers/keras/bin/python"
        let epochs = max(options.epochs, 1)
        var commands: [(String, String)] = []
        let works = Set(options.works)
        if works.contains(.w1) {
            commands.append(("W1", "\(torch) \(bench)/torch_seed.py \(data) \(epochs) 32 128"))
            commands.append(("W1", "\(keras) \(bench)/keras_seed.py \(data) \(epochs) 32 128"))
        }
        if works.contains(.w1Process) {
            commands.append(("W1P", "/usr/bin/time -v \(torch) \(bench)/torch_seed.py \(data) 1 32 128"))
        }
        if works.contains(.w2) {
            commands.append(("W2", "\(torch) \(bench)/torch_seed.py \(data) \(epochs) 32 512"))
            commands.append(("W2", "\(keras) \(bench)/keras_seed.py \(data) \(epochs) 32 512"))
        }
        commands.append(("setup", "\(bench)/setup-peers.sh   # once, several minutes"))
        return commands
    }
}

public func formatFixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(x) * scale).rounded()
    let whole = Int(rounded / scale)
    var text = String(whole)
    if digits > 0 {
        let fraction = Int(rounded - Double(whole) * scale)
        let digitsText = String(fraction)
        text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return (x < 0 && rounded != 0 ? "-" : "") + text
}

public func formatPercent(_ x: Double) -> String { formatFixed(x * 100, 2) + "%" }

public func formatScientific(_ x: Double) -> String {
    guard x != 0, x.isFinite else { return "\(x)" }
    var exponent = 0
    var mantissa = abs(x)
    while mantissa >= 10 {
        mantissa /= 10
        exponent += 1
    }
    while mantissa < 1 {
        mantissa *= 10
        exponent -= 1
    }
    return (x < 0 ? "-" : "") + formatFixed(mantissa, 1) + "e" + String(exponent)
}
