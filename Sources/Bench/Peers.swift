// The peer frameworks: the commands that run bench's MLP works in PyTorch, Keras and compiled
// JAX (printed after every bench), and one of them run bracketed by our own epochs
// (`bench --against`), the way a shared machine's drifting speed allows a fair ratio.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Datasets
import Support

/// A framework the MLP works are compared with: a script of the shared bench folder, run by the
/// Python of the framework's own virtual environment.
public enum Peer: String, CaseIterable, Sendable {
    case jax, pytorch, keras

    var script: String {
        switch self {
        case .jax: "jax_seed.py"
        case .pytorch: "torch_seed.py"
        case .keras: "keras_seed.py"
        }
    }

    /// The virtual environment's folder under `~/.cache/backprop-peers`.
    var environment: String {
        switch self {
        case .jax: "jax"
        case .pytorch: "torch"
        case .keras: "keras"
        }
    }

    /// JAX compiled over the whole epoch (jit of a lax.scan of the steps), its fastest form.
    var trailingArguments: [String] { self == .jax ? ["scan"] : [] }

    /// The framework's name, as its users write it.
    public var shortName: String {
        switch self {
        case .jax: "JAX"
        case .pytorch: "PyTorch"
        case .keras: "Keras"
        }
    }

    public var name: String {
        switch self {
        case .jax: "JAX (jit over a lax.scan of the steps)"
        case .pytorch: "PyTorch (eager)"
        case .keras: "Keras"
        }
    }

    /// How to install the framework's environment.
    var setup: String {
        switch self {
        case .jax:
            "python3 -m venv ~/.cache/backprop-peers/jax && ~/.cache/backprop-peers/jax/bin/pip install \"jax[cpu]\" numpy"
        case .pytorch, .keras: "../shared/bench/setup-peers.sh"
        }
    }
}

extension Work {
    /// The batch size and model argument of the peers' scripts (the first hidden layer's width),
    /// for the works they run.
    var peerRecipe: (batch: Int, model: String)? {
        perceptron.map { ($0.batchSize, String($0.sizes[1])) }
    }

    /// The works a peer runs too.
    public static var comparable: [Work] { allCases.filter { $0.peerRecipe != nil } }
}

/// One round of a comparison: our epochs, the peer's right after, then ours again.
public struct PeerRound: Sendable, Equatable {
    public let work: Work
    /// Seconds per epoch: ours before the peer, the peer's, ours after.
    public let before: Double, peer: Double, after: Double

    public init(work: Work, before: Double, peer: Double, after: Double) {
        self.work = work
        self.before = before
        self.peer = peer
        self.after = after
    }

    /// How many times faster ours ran: the peer's seconds over the mean of our two runs, which
    /// sit on either side of it in time.
    public var ratio: Double { peer / ((before + after) / 2) }
}

public enum PeerComparison {
    /// For each work, `rounds` rounds of ours, the peer's, ours (each the seconds per epoch of a
    /// run); `log` gets each round as it ends.
    public static func run(
        works: [Work], rounds: Int, ours: (Work) throws -> Double, peer: (Work) throws -> Double,
        log: (PeerRound) -> Void = { _ in }
    ) rethrows -> [PeerRound] {
        var results: [PeerRound] = []
        for work in works {
            for _ in 0..<rounds {
                let before = try ours(work)
                let theirs = try peer(work)
                let after = try ours(work)
                let round = PeerRound(work: work, before: before, peer: theirs, after: after)
                log(round)
                results.append(round)
            }
        }
        return results
    }

    /// The works of `rounds`, each once, in the order they ran.
    public static func works(in rounds: [PeerRound]) -> [Work] {
        rounds.map(\.work).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The median of a work's ratios.
    public static func medianRatio(_ rounds: [PeerRound], _ work: Work) -> Double {
        Statistics.median(rounds.filter { $0.work == work }.map(\.ratio))
    }
}

/// Running a peer's script.
public enum PeerScripts {
    /// The folder of the peers' scripts: `bench` beside the MNIST folder when that is
    /// `…/data/mnist` (the shared folder's layout), else ../shared/bench.
    static func folder(data: String) -> String {
        data.hasSuffix("data/mnist") ? String(data.dropLast("data/mnist".count)) + "bench" : "../shared/bench"
    }

    /// The peer's Python in its environment under the home folder.
    public static func defaultPython(_ peer: Peer) -> String {
        let home = getenv("HOME").map { String(cString: $0) } ?? "~"
        return "\(home)/.cache/backprop-peers/\(peer.environment)/bin/python"
    }

    /// Seconds per epoch from a peer's summary line (`… train_s=S per_epoch_s=E …`): S over the
    /// epochs, which has more digits than E (both are printed to hundredths); E when S is missing.
    public static func secondsPerEpoch(output: String, epochs: Int) -> Double? {
        func value(_ key: String) -> Double? {
            for line in output.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).reversed() {
                for word in line.split(separator: " ") where word.hasPrefix(key + "=") {
                    if let number = Double(word.dropFirst(key.count + 1)), number.isFinite, number > 0 { return number }
                }
            }
            return nil
        }
        if let total = value("train_s"), epochs > 0 { return total / Double(epochs) }
        return value("per_epoch_s")
    }

    /// Runs `python script data epochs batch model […]` for `work` and returns its seconds per
    /// epoch. Errors name the interpreter, the script, or the line the peer ended with.
    static func run(_ peer: Peer, python: String, work: Work, data: String, epochs: Int) throws -> Double {
        guard let recipe = work.peerRecipe else { throw BenchError("\(peer.name) does not run the work \(work.rawValue)") }
        let script = folder(data: data) + "/" + peer.script
        // A file of its own for the peer's output (runs may overlap: the tests run them at once).
        var template = Array("/tmp/backprop-bench-peer-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw BenchError("cannot make a file in /tmp for the peer's output") }
        close(descriptor)
        let log = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(log) }
        let run = try ChildProcess.run(
            python, [script, data, String(epochs), String(recipe.batch), recipe.model] + peer.trailingArguments,
            environment: [:], output: log)
        // Its epoch lines and summary are short; a huge log is not a peer's.
        let text = (try? FileIO.readAll(log, limit: 1 << 20)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let last = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last.map { String($0.prefix(200)) } ?? "(no output)"
        guard run.status == 0 else {
            throw BenchError("\(peer.rawValue) (\(python) \(script)) exited with status \(run.status): \(last)")
        }
        guard let seconds = secondsPerEpoch(output: text, epochs: epochs) else {
            throw BenchError("\(peer.rawValue) (\(script)) printed no train_s= or per_epoch_s=; its last line: \(last)")
        }
        return seconds
    }

    /// Whether the peer can run: `python` an executable file and the script there; else the
    /// error to show before anything is timed.
    public static func check(_ peer: Peer, python: String, data: String) throws {
        var status = stat()
        guard stat(python, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(python, X_OK) == 0 else {
            throw BenchError(
                "--python: \(python) is not an executable file; install the \(peer.rawValue) environment with: \(peer.setup)")
        }
        let script = folder(data: data) + "/" + peer.script
        guard access(script, R_OK) == 0 else {
            throw BenchError("\(script): the \(peer.rawValue) script is not there (it comes with the shared bench folder)")
        }
    }
}

extension Benchmark {
    /// The commands that run the chosen works in each peer, with the same epochs, batch size and
    /// model, and the setup commands.
    static func peerCommands(_ options: BenchOptions) -> [(work: String, command: String)] {
        let data = options.dataDirectory
        let bench = PeerScripts.folder(data: data)
        let peers = "~/.cache/backprop-peers"
        let torch = "\(peers)/torch/bin/python"
        let epochs = max(options.epochs, 1)
        var commands: [(String, String)] = []
        let works = Set(options.works)
        // The same recipe in each framework: PyTorch eager, Keras, and JAX compiled over the
        // whole epoch, the strongest of the three at small batches.
        for work in [Work.mlp, .mlpBatch256, .mlpProcess, .mlpWide] where works.contains(work) {
            if work == .mlpProcess {
                commands.append(("mlp-process", "/usr/bin/time -v \(torch) \(bench)/torch_seed.py \(data) 1 32 128"))
                continue
            }
            guard let recipe = work.peerRecipe else { continue }
            for peer in [Peer.pytorch, .keras, .jax] {
                let arguments = ["\(bench)/\(peer.script)", data, String(epochs), String(recipe.batch), recipe.model]
                    + peer.trailingArguments
                commands.append((work.rawValue, "\(peers)/\(peer.environment)/bin/python " + arguments.joined(separator: " ")))
            }
        }
        if works.contains(.cnn) || works.contains(.cnnWide) {
            commands.append(("cnn", "\(torch) \(bench)/torch_cnn.py \(data) \(epochs) 32   # conv 32 → 64, as cnn-wide"))
        }
        commands.append(("setup", "\(bench)/setup-peers.sh   # once, several minutes: PyTorch and Keras"))
        commands.append(("setup", Peer.jax.setup + "   # once"))
        return commands
    }

    /// `bench --against`: each chosen MLP work in `rounds` rounds of one run of ours, the peer's
    /// run right after, and ours again, all with `options.epochs` epochs.
    public static func compare(
        _ options: BenchOptions, with peer: Peer, python: String, rounds: Int, log: (PeerRound) -> Void
    ) throws -> [PeerRound] {
        let works = options.works.filter { $0.peerRecipe != nil }
        var single = options
        single.repetitions = 1
        let mnist = try MNIST.load(from: options.dataDirectory)
        return try PeerComparison.run(
            works: works, rounds: rounds,
            ours: { work in try perceptronEpochs(work, data: mnist, single).median },
            peer: { work in
                try PeerScripts.run(peer, python: python, work: work, data: options.dataDirectory, epochs: options.epochs)
            },
            log: log)
    }
}
