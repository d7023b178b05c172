import Datasets
import Engine
import Kernels
import NN
import Training
import Support

/// What to run.
public struct BenchOptions: Sendable {
    public var works: [Work] = Work.goals
    /// Epochs per repetition of the training works (their time is per epoch).
    public var epochs = 1
    public var repetitions = 3
    /// The folder with the four MNIST .gz files.
    public var dataDirectory: String
    /// This tool's executable, for the works run as a child process (`mlp-process`, `gradcheck`).
    public var executable: String
    public var seed: UInt64 = 1
    /// Train with IEEE subnormals, as `mnist train --keep-subnormals` does (else flushed to zero).
    public var keepSubnormals = false
    /// Update every parameter after backward, as `Optimizer.step` does (else inside backward, as
    /// soon as each gradient is final, as training does): the same numbers, for comparison.
    public var updateAfterBackward = false
    /// Compute every element of the intermediate gradients, as a traced tape does (else the
    /// elements no backward reads are left out, as training does): the same parameter gradients.
    public var wholeGradients = false

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
        var mnist: MNIST?
        func data() throws -> MNIST {
            if let mnist { return mnist }
            let loaded = try MNIST.load(from: options.dataDirectory)
            mnist = loaded
            return loaded
        }
        for work in options.works {
            let result: WorkResult
            switch work {
            case .mlp, .mlpBatch256, .mlpWide: result = try perceptronEpochs(work, data: data(), options)
            case .mlpProcess: result = try wholeProcess(options)
            case .moons: result = moons(options)
            case .gradcheck: result = try gradientCheck(options)
            case .cnn: result = try convolutionalEpochs(.cnn, kind: .cnn, data: data(), options)
            case .cnnWide: result = try convolutionalEpochs(.cnnWide, kind: .cnnWide, data: data(), options)
            case .kernels: result = try KernelTimings.run(data: data(), options)
            }
            report.results.append(result)
            log("\(work.rawValue): median \(NumberFormat.fixed(result.median, 3)) s")
        }
        return report
    }

    // MARK: mlp, mlp-256, mlp-wide

    /// Epochs of an MLP work (its model and batch size) in `mnist train`'s fit loop (the
    /// Trainer), timed from the start of each epoch's training to the end of its validation, as
    /// `mnist train` reports them.
    static func perceptronEpochs(_ work: Work, data mnist: MNIST, _ options: BenchOptions) throws -> WorkResult {
        guard let (kind, sizes, batchSize) = work.perceptron else { throw BenchError("\(work.rawValue) is not an MLP work") }
        let (train, validation) = ImageDataset(mnist.train).splitValidation(0.2)
        var perEpoch: [Double] = [], cpuPerEpoch: [Double] = []
        var accuracy = 0.0
        var residentAfterEpoch: [Double] = []
        var warmAllocations: [Int] = []
        for _ in 0..<options.repetitions {
            var configuration = TrainingConfiguration()
            configuration.model = kind.rawValue
            configuration.batchSize = batchSize
            configuration.epochs = options.epochs
            configuration.seed = Int(options.seed)
            let trainer = try Trainer(configuration: configuration)
            trainer.flushesSubnormals = !options.keepSubnormals
            trainer.updatesInsideBackward = !options.updateAfterBackward
            trainer.tape.skipsUnreadGradientElements = !options.wholeGradients
            var started = 0.0, cpuStarted = 0.0
            var total = 0.0, cpuTotal = 0.0
            var allocationsAtStep10: Int?
            try trainer.fit(train: train, validation: validation, onEvent: { event in
                switch event {
                case .epochStarted:
                    started = KernelPeak.now()
                    cpuStarted = Memory.cpuSeconds()
                case .stepEnded(let step, let steps, _, _):
                    // Allocations of the warm steps (10 to the end of the epoch), when a counting
                    // malloc is preloaded.
                    if step == 10 { allocationsAtStep10 = Memory.allocationCount() }
                    if step == steps, let before = allocationsAtStep10, let now = Memory.allocationCount() {
                        warmAllocations.append(now - before)
                    }
                case .epochEnded(let metrics, _):
                    total += KernelPeak.now() - started
                    cpuTotal += Memory.cpuSeconds() - cpuStarted
                    accuracy = metrics.validationAccuracy ?? .nan
                    if let resident = Memory.residentBytes() { residentAfterEpoch.append(Double(resident)) }
                }
            })
            perEpoch.append(total / Double(options.epochs))
            cpuPerEpoch.append(cpuTotal / Double(options.epochs))
        }
        let flops =
            Double(train.count) * perceptronFlops(sizes, training: true)
            + Double(validation.count) * perceptronFlops(sizes, training: false)
        var result = WorkResult(
            work: work, seconds: perEpoch, cpuSeconds: cpuPerEpoch, samples: train.count + validation.count,
            flops: flops)
        result.notes.append(("validation accuracy after the last epoch", NumberFormat.percent(accuracy)))
        result.figures.append(("validation_accuracy", accuracy))
        if residentAfterEpoch.count > 1 {
            let megabytes = residentAfterEpoch.map { $0 / 1e6 }
            result.notes.append(
                ("resident memory after each epoch", megabytes.map { NumberFormat.fixed($0, 1) + " MB" }.joined(separator: ", ")))
        }
        if let most = warmAllocations.max() {
            result.notes.append(
                ("heap allocations in training steps 10 to the last, each epoch",
                 warmAllocations.map(String.init).joined(separator: ", ")
                    + " (a helper thread's scratch grows once, the first time it takes a chunk of a larger product)"))
            result.figures.append(("warm_step_allocations", Double(most)))
            if let last = warmAllocations.last { result.figures.append(("last_epoch_step_allocations", Double(last))) }
        }
        return result
    }

    // MARK: cnn, cnn-wide

    /// Epochs of a convolutional model on the 60,000 training images, each followed by the test
    /// set's evaluation, timed as `torch_cnn.py` times its epochs (see `ConvolutionalEpoch`).
    static func convolutionalEpochs(
        _ work: Work, kind: ModelKind, data mnist: MNIST, _ options: BenchOptions
    ) throws -> WorkResult {
        var perEpoch: [Double] = [], cpuPerEpoch: [Double] = []
        var accuracy = 0.0, samples = 0, flops = 0.0
        for _ in 0..<options.repetitions {
            let cpuStarted = Memory.cpuSeconds()
            let run = try ConvolutionalEpoch.measure(
                mnist, kind: kind, epochs: options.epochs, seed: Int(options.seed),
                flushesSubnormals: !options.keepSubnormals, updatesInsideBackward: !options.updateAfterBackward,
                skipsUnreadGradientElements: !options.wholeGradients, clock: KernelPeak.now)
            perEpoch.append(run.seconds.reduce(0, +) / Double(options.epochs))
            cpuPerEpoch.append((Memory.cpuSeconds() - cpuStarted) / Double(options.epochs))
            accuracy = run.testAccuracy.last ?? .nan
            samples = run.trainingImages + run.testImages
            flops = run.flops
        }
        var result = WorkResult(work: work, seconds: perEpoch, cpuSeconds: cpuPerEpoch, samples: samples, flops: flops)
        result.notes.append(("test accuracy after the last epoch", NumberFormat.percent(accuracy)))
        result.figures.append(("test_accuracy", accuracy))
        return result
    }

    // MARK: mlp-process

    /// `backprop mnist train --epochs 1` as a child process: wall time from start to exit and
    /// its peak resident memory. The child gets an empty cache folder, so it decompresses and
    /// hashes the four files as on a first run (no remembered verification).
    static func wholeProcess(_ options: BenchOptions) throws -> WorkResult {
        var seconds: [Double] = []
        var peak = 0
        for repetition in 0..<options.repetitions {
            let cache = "/tmp/backprop-bench-\(Memory.processID)-\(repetition)"
            defer { ChildProcess.removeTree(cache) }
            let run = try ChildProcess.run(
                options.executable,
                ["mnist", "train", "--epochs", "1", "--data", options.dataDirectory]
                    + (options.keepSubnormals ? ["--keep-subnormals"] : []),
                environment: ["XDG_CACHE_HOME": cache, "BACKPROP_THREADS": String(KernelThreads.count)])
            guard run.status == 0 else { throw BenchError("mnist train exited with status \(run.status)") }
            seconds.append(run.seconds)
            peak = max(peak, run.maximumResidentBytes)
        }
        var result = WorkResult(work: .mlpProcess, seconds: seconds, cpuSeconds: nil, samples: 70_000, flops: nil)
        result.notes.append(("peak resident memory", NumberFormat.fixed(Double(peak) / 1e6, 1) + " MB (goal ≤ 300 MB)"))
        result.figures.append(("peak_resident_bytes", Double(peak)))
        result.memoryMet = peak <= Work.processMemoryGoal
        return result
    }

    // MARK: moons

    static func moons(_ options: BenchOptions) -> WorkResult {
        let demo = MoonsDemo()
        var seconds: [Double] = [], cpu: [Double] = []
        var history: [MoonsDemo.Step] = []
        for _ in 0..<options.repetitions {
            let start = KernelPeak.now(), cpuStart = Memory.cpuSeconds()
            history = demo.run()
            seconds.append(KernelPeak.now() - start)
            cpu.append(Memory.cpuSeconds() - cpuStart)
        }
        var result = WorkResult(work: .moons, seconds: seconds, cpuSeconds: cpu, samples: demo.points * demo.steps, flops: nil)
        if let first = history.first, let last = history.last {
            result.notes.append(
                ("loss, accuracy", "step 1: \(NumberFormat.fixed(first.loss, 4)), \(NumberFormat.percent(first.accuracy)); "
                    + "step \(history.count): \(NumberFormat.fixed(last.loss, 4)), \(NumberFormat.percent(last.accuracy))"))
            result.figures.append(("final_accuracy", last.accuracy))
        }
        result.notes.append(("micrograd (pure Python) on this work", "136 s in ../shared/bench/README.md"))
        return result
    }

    // MARK: gradcheck

    /// `backprop mnist gradcheck --samples 50` (the tutorial's model in Double, new weights from seed 1,
    /// its default batch of training images, every parameter checked at 50 entries against
    /// finite differences by the explainer's checker) as a child process: the whole command,
    /// loading the data included.
    static func gradientCheck(_ options: BenchOptions) throws -> WorkResult {
        var seconds: [Double] = [], cpu: [Double] = []
        for _ in 0..<options.repetitions {
            let run = try ChildProcess.run(
                options.executable, ["mnist", "gradcheck", "--samples", "50", "--data", options.dataDirectory],
                environment: ["BACKPROP_THREADS": String(KernelThreads.count)])
            guard run.status == 0 else { throw BenchError("mnist gradcheck exited with status \(run.status)") }
            seconds.append(run.seconds)
            cpu.append(run.cpuSeconds)
        }
        var result = WorkResult(work: .gradcheck, seconds: seconds, cpuSeconds: cpu, samples: 4 * 50, flops: nil)
        result.notes.append(("what runs", "backprop mnist gradcheck --samples 50 (a child process; 4 parameters × 50 entries)"))
        return result
    }
}
