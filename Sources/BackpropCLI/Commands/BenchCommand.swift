import Bench
import Engine
import Kernels
import Support

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Command {
    /// `backprop bench`: the performance works, timed, against the machine's peak.
    static var bench: Command {
        Command(
            name: "bench",
            summary: "time the MNIST training and the scalar engine against this machine's peak",
            discussion: """
                Runs the works and prints, for each, the median seconds over the repetitions, \
                samples per second, the achieved GFLOP/s and its fraction of the machine's peak \
                (measured first: the GEMM micro-kernel alone on one thread and on all), and \
                whether the goal is met. mlp: one epoch of the tutorial's model 784-128-10 (Adam, \
                batch 32, 48k training + 12k validation images); mlp-256: the same in batches of \
                256; mlp-process: the whole process of \
                one such epoch including loading MNIST (wall time and peak memory of a child \
                process); mlp-wide: one epoch of 784-512-256-10; moons: the scalar engine on \
                micrograd's demo (MLP 2-16-16-1, 100 two-moons points, 100 SGD steps); gradcheck: \
                the gradient check of the tutorial's model, 50 samples per parameter; cnn: one \
                epoch of the CNN (--model cnn) on the 60,000 training images, then the test set. \
                Not run by default: cnn-wide, cnn with the network of torch_cnn.py (--model \
                cnn-wide); kernels, the tutorial model's kernels one by one on one thread and on \
                all (with Adam over the wide model's parameters and the products of its second \
                layer).

                GFLOP/s count the operations dense products would do; the kernels skip zero \
                inputs (most MNIST pixels), so they can exceed what the hardware does. Timings \
                depend on the load: compare ratios within one run, on a quiet machine. At the \
                end, the commands that run the same works in PyTorch, Keras and JAX (compiled: \
                jit over a lax.scan of the epoch's steps) are printed, to run right after.

                --against runs one of them itself: for each of mlp, mlp-256 and mlp-wide, rounds \
                of one run of ours, the peer's run right after, and ours again (3 epochs each \
                unless --epochs is given), and prints how many times faster ours ran: the peer's \
                seconds per epoch over the mean of our two, which bracket it in time. The peer \
                needs its Python environment (the setup commands at the end of a bench).
                """,
            flags: BenchCommand.Options.declaredFlags,
            run: { invocation in try BenchCommand.run(BenchCommand.Options(invocation), invocation) })
    }
}

enum BenchCommand {
    /// `bench`'s flags, read once.
    struct Options: CommandOptions {
        var workList = ""
        var works: [Work] = []
        var epochs = 0
        var repetitions = 0
        var data: String?
        var threads: Int?
        var json = false
        var noPeak = false
        var keepSubnormals = false
        var updateAfterBackward = false
        var wholeGradients = false
        var against: String?
        var peer: Peer?
        var python: String?
        var rounds = 0

        static let flags: [OptionFlag<Options>] = [
            Flag.string(
                "work", default: Work.goals.map(\.rawValue).joined(separator: ","), valueName: "LIST",
                "the works to run, comma-separated"
            ).into(\.workList),
            Flag.integer(
                "epochs", 1...1000, default: 1, "epochs per repetition of the training works (mlp, mlp-256, mlp-wide, cnn, cnn-wide)"
            ).into(\.epochs),
            Flag.integer("repetitions", 1...1000, default: 3, "repetitions of each work (the median is shown)")
                .into(\.repetitions),
            Flag.path("data", valueName: "DIR", "the MNIST folder (default: $MNIST_DIR or ../shared/data/mnist)")
                .into(\.data),
            Flag.integer("threads", 1...256, "threads for the kernels (default: every core)").into(\.threads),
            Flag.toggle("json", "write the results as JSON").into(\.json),
            Flag.toggle("no-peak", "skip measuring the peak (for runs inside the whole-process work)").into(\.noPeak),
            Flag.toggle("keep-subnormals", "train with IEEE subnormals, as mnist train --keep-subnormals")
                .into(\.keepSubnormals),
            Flag.toggle(
                "update-after-backward",
                "update the parameters after backward, not each as soon as its gradient is final (same numbers)"
            ).into(\.updateAfterBackward),
            Flag.toggle(
                "whole-gradients",
                "compute every element of the activations' gradients, also those no backward reads (same parameter gradients)"
            ).into(\.wholeGradients),
            Flag.choice("against", Peer.self, "run this peer's script bracketed by ours and print the ratios")
                .into(\.against),
            Flag.path(
                "python", valueName: "PATH", "the peer's Python (default: ~/.cache/backprop-peers/<peer>/bin/python)"
            ).into(\.python),
            Flag.integer("rounds", 1...100, default: 3, "rounds of each work with --against (the median ratio is shown)")
                .into(\.rounds),
        ]

        /// The works named in --work, each once, in order.
        mutating func complete(_ invocation: Invocation) throws {
            for word in workList.split(separator: ",") {
                guard let work = Work(rawValue: word.trimmingSpaces.lowercased()) else {
                    throw UsageError(
                        "--work: unknown work '\(word)' (expected \(Work.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if !works.contains(work) { works.append(work) }
            }
            peer = against.flatMap(Peer.init(rawValue:))
            guard peer != nil else {
                for flag in ["python", "rounds"] where invocation.isGiven(flag) {
                    throw UsageError("--\(flag) goes with --against (a peer to compare with)")
                }
                return
            }
            if invocation.isGiven("repetitions") {
                throw UsageError("--repetitions does not go with --against: each round runs every side once (see --rounds)")
            }
            if invocation.isGiven("work") {
                if let other = works.first(where: { !Work.comparable.contains($0) }) {
                    throw UsageError(
                        "--work: \(other.rawValue) has no peer run; --against compares "
                            + Work.comparable.map(\.rawValue).joined(separator: ", "))
                }
            } else {
                works = Work.comparable
            }
            if !invocation.isGiven("epochs") { epochs = 3 }
        }
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        if let threads = options.threads { KernelThreads.count = threads }
        let data = options.data ?? getenv("MNIST_DIR").map { String(cString: $0) } ?? "../shared/data/mnist"
        var bench = BenchOptions(dataDirectory: data, executable: executablePath())
        bench.works = options.works
        bench.epochs = options.epochs
        bench.repetitions = options.repetitions
        bench.keepSubnormals = options.keepSubnormals
        bench.updateAfterBackward = options.updateAfterBackward
        bench.wholeGradients = options.wholeGradients
        if let peer = options.peer { return try compare(with: peer, bench, options, invocation) }
        let report = try Benchmark.run(bench, measurePeak: !options.noPeak) { line in
            if !options.json { invocation.err.line(line) }
        }
        if options.json {
            invocation.out.line(BenchText.json(report, bench).serialized(pretty: true))
        } else {
            for line in BenchText.lines(report, bench) { invocation.out.line(line) }
        }
        return ExitCode.success
    }
}

extension BenchCommand {
    /// `bench --against PEER`: the rounds as they end (on stderr), then the table and the medians.
    static func compare(with peer: Peer, _ bench: BenchOptions, _ options: Options, _ invocation: Invocation) throws -> Int32 {
        let python = options.python ?? PeerScripts.defaultPython(peer)
        try PeerScripts.check(peer, python: python, data: bench.dataDirectory)
        let rounds = try Benchmark.compare(bench, with: peer, python: python, rounds: options.rounds) { round in
            if !options.json {
                invocation.err.line(
                    "\(round.work.rawValue): ours \(seconds(round.before)) s, \(peer.shortName) \(seconds(round.peer)) s, "
                        + "ours \(seconds(round.after)) s: \(times(round.ratio))")
            }
        }
        if options.json {
            invocation.out.line(BenchText.json(rounds, peer: peer, bench).serialized(pretty: true))
        } else {
            for line in BenchText.lines(rounds, peer: peer, bench) { invocation.out.line(line) }
        }
        return ExitCode.success
    }

    fileprivate static func seconds(_ value: Double) -> String { NumberFormat.fixed(value, 3) }
    fileprivate static func times(_ ratio: Double) -> String { NumberFormat.fixed(ratio, 2) + "×" }
}

/// This executable's path, for running it again as a child.
private func executablePath() -> String {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if length > 0 { return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    #endif
    return CommandLine.arguments[0]
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// The bench report as text and as JSON.
enum BenchText {
    static func lines(_ report: BenchReport, _ options: BenchOptions) -> [String] {
        var lines: [String] = []
        lines.append("backprop bench: \(report.machine); \(report.threads) threads")
        lines.append(
            "epochs per repetition \(options.epochs), repetitions \(options.repetitions); median wall seconds over "
                + "repetitions (cpu s: processor seconds of all threads)")
        if report.peakOneThread.isFinite {
            lines.append(
                "peak (GEMM micro-kernel alone, dense, in L1): \(gflops(report.peakOneThread)) GFLOP/s on 1 thread, "
                    + "\(gflops(report.peakAllThreads)) GFLOP/s on \(report.threads)")
        }
        lines.append("")
        var table = TextTable(
            header: ["work", "--work", "median s", "cpu s", "samples/s", "GFLOP/s", "of peak", "goal", ""],
            alignments: [.left, .left, .right, .right, .right, .right, .right, .left, .left])
        for result in report.results {
            let rate = result.gflops
            let peak = report.peakAllThreads
            table.append([
                result.work.phrase, result.work.rawValue, NumberFormat.fixed(result.median, 3), result.cpuMedian.map { NumberFormat.fixed($0, 3) } ?? "-",
                result.samplesPerSecond.map { NumberFormat.fixed($0, 0) } ?? "-",
                rate.map { NumberFormat.fixed($0, 1) } ?? "-",
                rate.flatMap { peak.isFinite ? NumberFormat.fixed(100 * $0 * 1e9 / peak, 0) + "%" : nil } ?? "-",
                result.work.hasGoal
                    ? "≤ " + NumberFormat.fixed(result.work.goalSeconds, 2) + " s" + (result.work == .mlpProcess ? ", ≤ 300 MB" : "")
                    : "(no goal)",
                result.work.hasGoal ? (result.met ? "met" : "NOT met") : "",
            ])
        }
        lines += table.lines()
        lines.append("")
        for result in report.results {
            lines.append("\(result.work.phrase) (--work \(result.work.rawValue)): \(result.work.title)")
            lines.append("    seconds: " + result.seconds.map { NumberFormat.fixed($0, 3) }.joined(separator: ", "))
            for (name, value) in result.notes { lines.append("    \(name): \(value)") }
        }
        lines.append("")
        lines.append("GFLOP/s count what dense products would compute; the kernels skip zero inputs, so a rate can")
        lines.append("exceed the hardware's. Peers, for the same epochs on the same machine: run one right after, then")
        lines.append("this bench again, and compare ratios (a shared machine's speed drifts from minute to minute):")
        let labelWidth = (report.peerCommands.map(\.work.count).max() ?? 0) + 2
        for (work, command) in report.peerCommands { lines.append("  \(work.padding(labelWidth))\(command)") }
        return lines
    }

    /// A comparison's rounds: one row a round, then each work's median ratio.
    static func lines(_ rounds: [PeerRound], peer: Peer, _ options: BenchOptions) -> [String] {
        let works = PeerComparison.works(in: rounds)
        let perWork = rounds.count / max(1, works.count)
        var lines = [
            "backprop bench against \(peer.name): \(Host.summary); \(KernelThreads.count) threads",
            "\(options.epochs) epoch\(options.epochs == 1 ? "" : "s") a run, \(perWork) round\(perWork == 1 ? "" : "s") a work; "
                + "seconds per epoch; ours faster = \(peer.shortName)'s over the mean of our two runs around it",
            "",
        ]
        var table = TextTable(
            header: ["work", "--work", "round", "ours before", peer.shortName, "ours after", "ours faster"],
            alignments: [.left, .left, .right, .right, .right, .right, .right])
        for work in works {
            for (index, round) in rounds.filter({ $0.work == work }).enumerated() {
                table.append([
                    work.phrase, work.rawValue, String(index + 1), NumberFormat.fixed(round.before, 3),
                    NumberFormat.fixed(round.peer, 3), NumberFormat.fixed(round.after, 3),
                    NumberFormat.fixed(round.ratio, 2) + "×",
                ])
            }
        }
        lines += table.lines()
        lines.append("")
        lines.append(
            "median: " + works.map { "\($0.rawValue) \(NumberFormat.fixed(PeerComparison.medianRatio(rounds, $0), 2))×" }
                .joined(separator: ", "))
        return lines
    }

    static func json(_ rounds: [PeerRound], peer: Peer, _ options: BenchOptions) -> JSONValue {
        let works = PeerComparison.works(in: rounds)
        return .object([
            ("machine", .string(Host.summary)),
            ("threads", .integer(KernelThreads.count)),
            ("peer", .string(peer.rawValue)),
            ("epochs", .integer(options.epochs)),
            (
                "rounds",
                .array(
                    rounds.map {
                        .object([
                            ("work", .string($0.work.rawValue)), ("ours_before_seconds", .number($0.before)),
                            ("peer_seconds", .number($0.peer)), ("ours_after_seconds", .number($0.after)),
                            ("ratio", .number($0.ratio)),
                        ])
                    })
            ),
            (
                "median_ratio",
                .object(works.map { ($0.rawValue, .number(PeerComparison.medianRatio(rounds, $0))) })
            ),
        ])
    }

    static func json(_ report: BenchReport, _ options: BenchOptions) -> JSONValue {
        .object([
            ("machine", .string(report.machine)),
            ("threads", .integer(report.threads)),
            ("epochs", .integer(options.epochs)),
            ("repetitions", .integer(options.repetitions)),
            ("peak_flops_one_thread", .number(report.peakOneThread)),
            ("peak_flops_all_threads", .number(report.peakAllThreads)),
            (
                "works",
                .array(
                    report.results.map { result in
                        var members: [(String, JSONValue)] = [
                            ("work", .string(result.work.rawValue)),
                            ("title", .string(result.work.title)),
                            ("median_seconds", .number(result.median)),
                            ("seconds", .array(result.seconds.map { .number($0) })),
                            ("cpu_seconds", result.cpuSeconds.map { .array($0.map { .number($0) }) } ?? .null),
                            ("samples_per_second", result.samplesPerSecond.map { .number($0) } ?? .null),
                            ("gflops", result.gflops.map { .number($0) } ?? .null),
                            (
                                "fraction_of_peak",
                                result.gflops.map { .number($0 * 1e9 / report.peakAllThreads) } ?? .null
                            ),
                            ("goal_seconds", result.work.hasGoal ? .number(result.work.goalSeconds) : .null),
                            ("met", result.work.hasGoal ? .bool(result.met) : .null),
                        ]
                        for (name, value) in result.figures { members.append((name, .number(value))) }
                        return .object(members)
                    })
            ),
            ("peers", .array(report.peerCommands.map { .object([("work", .string($0.work)), ("command", .string($0.command))]) })),
        ])
    }

    private static func gflops(_ rate: Double) -> String { NumberFormat.fixed(rate / 1e9, 1) }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
