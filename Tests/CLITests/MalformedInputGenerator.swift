import Datasets
import Engine
import Foundation
import NN
import Training

@testable import BackpropCLI

// The malformed inputs of MalformedInputTests: valid inputs made here (network files, scalar
// expressions, IDX files, a checkpoint, PGM and PNG images, command lines), then spoiled by
// seeded mutations. Every case carries a tag naming its class, so a known class of failure can
// be skipped (`knownFailingClasses` in MalformedInputTests.swift) and the rest still run.

/// SplitMix64: a small seeded generator, so every case can be made again from its seed.
struct CaseRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}

/// One run of the tool on malformed input.
struct MalformedCase {
    /// The class of input (`net.crlf`, `image.huge-header`, ...): what `knownFailingClasses` names.
    var tag: String
    /// What was done to the valid input, for the failure message.
    var summary: String
    /// The command line (without the program name); paths point into the scratch folder.
    var arguments: [String]
    /// Files written (relative to the scratch folder's `case/`, which is emptied first) before the run.
    var files: [String: [UInt8]] = [:]
    /// Files too costly to make unless the case runs (a gzip bomb), made by `prepare`.
    var lazyFiles: [String: @Sendable () -> [UInt8]] = [:]
    /// Named pipes made (relative to `case/`) with no writer: a read from one never ends.
    var fifos: [String] = []
    /// A valid input in another form (other line endings): it must run with exit code 0.
    var mustBeAccepted = false
    /// Damaged in a way no check of the format's syntax sees (NaN weights): it must be refused
    /// with exit code 1, not used.
    var mustBeRefused = false
    /// Memory- or time-sensitive (allocation bombs, endless streams): also run as a process of
    /// the built tool under a memory limit, never only in the test process.
    var needsSubprocess = false
    /// Arguments that cannot be passed to a process (a NUL byte): in-process only.
    var inProcessOnly = false
    /// Files of `files` that must hold the same bytes after the run: the user's input, a file an
    /// output would replace unasked (no data lost).
    var keptFiles: Set<String> = []
    /// A refusal's message must contain this (what the input is, where a vaguer word would do).
    var messageMustContain: String? = nil
    /// Symbolic links made (relative to `case/`), to their targets.
    var links: [String: String] = [:]
}

/// The valid inputs and the mutations; `scratch` is the folder the cases' files live in.
struct MalformedInputs: Sendable {
    let scratch: String
    var casePath: String { scratch + "/case" }
    var validNet: String { scratch + "/valid.net" }
    var validCheckpoint: String { scratch + "/valid.safetensors" }
    var validPGM: String { scratch + "/valid.pgm" }
    var validData: String { scratch + "/mnist" }
    var missing: String { scratch + "/no-such-dir" }

    // MARK: Valid inputs

    static let networks: [String] = [
        """
        # A 2-2-2 network with sigmoid activations.
        input  x = [[0.05, 0.10]]          # one sample, two features
        target t = [[0.01, 0.99]]

        param W1 = [[0.15, 0.25],
                    [0.20, 0.30]]
        param b1 = [0.35, 0.35]
        param W2 = glorot_uniform(2, 2, seed=1)
        param b2 = zeros(2)

        z1 = x @ W1 + b1
        h  = sigmoid(z1)
        z2 = h @ W2 + b2
        o  = sigmoid(z2)
        loss = 0.5 * sum((o - t) ^ 2)

        grad o  = o - t                    # the learner's own gradients
        grad z2 = do * o * (1 - o)
        grad W2 = transpose(h) @ dz2
        grad h  = dz2 @ transpose(W2)

        """,
        """
        input  x = [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]
        labels y = [1, 0]
        param  W1 = he_uniform(3, 4, seed=2)
        param  b1 = full(4, value=0.1)
        param  W2 = [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2], [0.2, 0.1]]
        h = dropout(relu(x @ W1 + b1), rate=0.5, seed=3)
        loss = cross_entropy(h @ W2, y)

        """,
        """
        input x = uniform(1, 4, 4, 1, seed=1)
        param K = normal(2, 2, 1, 2, std=0.5, seed=2)
        c = relu(conv2d(x, K, stride=1, padding=same))
        p = maxpool2d(c, size=2)
        f = flatten(p)
        param W = ones(8, 1)
        loss = mean(f @ W)

        """,
        """
        input  x = [[1, 2], [3, 4], [5, 6]]
        target t = [[0.5], [0.1], [0.9]]
        param  g = ones(2)
        param  b = full(2, value=0.1)
        h = batchnorm(x, g, b, eps=0.001)
        s = sum(tanh(h) * exp(h / 10), axis=1)
        r = reshape(transpose(h), [3, 2])
        q = mean(log_softmax(r), axis=0)
        loss = mse(sigmoid(s), t) + mean(log(1 + q ^ 2)) − 2^-3

        """,
    ]

    static func lesson(_ network: String) -> String {
        "# A lesson of one's own\n\nSome prose before the network.\n\n```network\n" + network
            + "```\n\nAnd after it.\n"
    }

    static let expressions: [(expression: String, values: String)] = [
        ("tanh(w*x + b)", "w=0.5, x=2, b=0.1"),
        ("sigmoid(a) * relu(b - 1) / exp(-c) + log(a) ^ 2", "a=1.5, b=3, c=0.25"),
        ("-x ^ 3 + 2 * x - (x / 4)", "x=-1.25"),
    ]

    /// A 28×28 digit-like image: a bright square on black.
    static let digit: GrayImage = {
        var pixels = [UInt8](repeating: 0, count: 28 * 28)
        for row in 8..<20 { for col in 10..<18 { pixels[row * 28 + col] = 220 } }
        return GrayImage(width: 28, height: 28, pixels: pixels)
    }()

    static var pgmBinary: [UInt8] { PGM.encode(digit) }
    static var pgmASCII: [UInt8] { PGM.encodeASCII(digit) }
    static var png: [UInt8] { PNG.encode(digit) }
    static var pngRGB: [UInt8] {
        PNG.encodeRGB(digit.pixels.flatMap { [$0, $0 / 2, 255 - $0] }, width: 28, height: 28)
    }

    /// The four files of a tiny MNIST: 3 training and 2 test images.
    static var mnistFiles: [(name: String, bytes: [UInt8])] {
        func images(_ count: Int) -> [UInt8] {
            IDX.encode(dimensions: [count, 28, 28], data: (0..<count).flatMap { _ in digit.pixels })
        }
        return [
            ("train-images-idx3-ubyte", images(3)),
            ("train-labels-idx1-ubyte", IDX.encode(dimensions: [3], data: [1, 7, 3])),
            ("t10k-images-idx3-ubyte", images(2)),
            ("t10k-labels-idx1-ubyte", IDX.encode(dimensions: [2], data: [0, 9])),
        ]
    }

    /// A checkpoint of the tutorial's model (new weights, with Adam's state), of a run of 2 epochs on
    /// 3 images that has done none yet.
    static let resumableCheckpoint: SafeTensors = {
        var configuration = TrainingConfiguration()
        configuration.epochs = 2
        configuration.batchSize = 2
        configuration.limit = 3
        configuration.validationSplit = 0.34
        let trainer = Trainer(model: ModelKind.mlp.make(seed: 5), configuration: configuration)
        return trainer.checkpoint().safeTensors
    }()

    /// The same without the optimizer's state: a third of the size, enough for everything but
    /// resuming.
    static let checkpoint: SafeTensors = {
        var file = resumableCheckpoint
        file.entries.removeAll { $0.name.hasPrefix(Checkpoint.optimizerPrefix) }
        return file
    }()

    static let checkpointBytes = checkpoint.encoded()

    /// Writes the valid files the cases refer to.
    func writeValidFiles() throws {
        let files = FileManager.default
        try? files.removeItem(atPath: scratch)
        try files.createDirectory(atPath: validData, withIntermediateDirectories: true)
        try Data(Self.networks[0].utf8).write(to: URL(fileURLWithPath: validNet))
        try Data(Self.checkpointBytes).write(to: URL(fileURLWithPath: validCheckpoint))
        try Data(Self.pgmBinary).write(to: URL(fileURLWithPath: validPGM))
        for (name, bytes) in Self.mnistFiles {
            try Data(bytes).write(to: URL(fileURLWithPath: validData + "/" + name))
        }
    }

    // MARK: Families

    /// A family makes cases of a few classes; `index` only varies what it picks.
    struct Family: Sendable {
        var name: String
        /// Its cases run a model or write a checkpoint: half as many of them, to keep the suite quick.
        var costly = false
        var make: @Sendable (MalformedInputs, inout CaseRandom) -> MalformedCase
    }

    static let families: [Family] = [
        Family(name: "network-bytes") { inputs, random in inputs.networkCase(&random, mutation: .bytes) },
        Family(name: "network-tokens") { inputs, random in inputs.networkCase(&random, mutation: .tokens) },
        Family(name: "network-line-endings") { inputs, random in inputs.networkCase(&random, mutation: .lineEndings) },
        Family(name: "network-control") { inputs, random in inputs.networkCase(&random, mutation: .control) },
        Family(name: "network-nesting") { inputs, random in inputs.nestingCase(&random) },
        Family(name: "network-sizes") { inputs, random in inputs.sizesCase(&random) },
        Family(name: "lesson") { inputs, random in inputs.lessonCase(&random) },
        Family(name: "expression", costly: true) { inputs, random in inputs.expressionCase(&random) },
        Family(name: "idx", costly: true) { inputs, random in inputs.idxCase(&random) },
        Family(name: "safetensors", costly: true) { inputs, random in inputs.safetensorsCase(&random) },
        Family(name: "checkpoint-metadata", costly: true) { inputs, random in inputs.metadataCase(&random) },
        Family(name: "image", costly: true) { inputs, random in inputs.imageCase(&random) },
        Family(name: "flags") { inputs, random in inputs.flagsCase(&random) },
        Family(name: "grad-lines") { inputs, random in inputs.gradientCase(&random) },
        Family(name: "exercise") { inputs, random in inputs.exerciseCase(&random) },
        Family(name: "steps", costly: true) { inputs, random in inputs.stepsCase(&random) },
        Family(name: "outputs") { inputs, random in inputs.outputCase(&random) },
    ]

    // MARK: Network files

    enum TextMutation { case bytes, tokens, lineEndings, control }

    /// `check` only for a network whose `grad` lines are all there and right (network 0), for
    /// which a valid input exits with 0.
    func networkCommand(_ file: String, _ random: inout CaseRandom, hasGradients: Bool = false) -> [String] {
        switch random.int(0..<10) {
        case 0: ["explain", file, "--samples", "2"]
        case 1: ["gradcheck", file, "--samples", "2"]
        case 2: ["graph", file]
        case 3: ["trace", file, "--json"]
        case 4 where hasGradients: ["check", file]
        default: ["trace", file]
        }
    }

    func networkCase(_ random: inout CaseRandom, mutation: TextMutation) -> MalformedCase {
        let seedIndex = random.int(0..<Self.networks.count)
        let text = Self.networks[seedIndex]
        let file = casePath + "/input.net"
        var bytes: [UInt8]
        var tag: String
        var summary: String
        switch mutation {
        case .bytes:
            (bytes, summary) = Mutator.bytes(Array(text.utf8), &random, count: random.int(1...4))
            tag = "net.bytes"
        case .tokens:
            (bytes, summary) = Mutator.tokens(text, &random, count: random.int(1...3))
            tag = "net.tokens"
        case .lineEndings:
            (bytes, tag, summary) = Mutator.lineEndings(text, &random, tagPrefix: "net")
        case .control:
            (bytes, tag, summary) = Mutator.control(Array(text.utf8), &random, tagPrefix: "net")
        }
        if tag == "net.bytes" || tag == "net.tokens", Mutator.hasHugeNumber(String(decoding: bytes, as: UTF8.self)) {
            tag = "net.huge-numbers"
        }
        return MalformedCase(
            tag: tag, summary: "network \(seedIndex): \(summary)", arguments: networkCommand(file, &random, hasGradients: seedIndex == 0),
            files: ["input.net": bytes], mustBeAccepted: mutation == .lineEndings)
    }

    func lessonCase(_ random: inout CaseRandom) -> MalformedCase {
        let seedIndex = random.int(0..<Self.networks.count)
        let text = Self.lesson(Self.networks[seedIndex])
        let file = casePath + "/lesson.md"
        var bytes: [UInt8], tag: String, summary: String
        let mutation = random.int(0..<4)
        switch mutation {
        case 0: (bytes, tag, summary) = Mutator.lineEndings(text, &random, tagPrefix: "lesson")
        case 1: (bytes, tag, summary) = Mutator.control(Array(text.utf8), &random, tagPrefix: "lesson")
        case 2:
            let fences = ["```", "```network", "````network", "```network ", "~~~network", "```net"]
            let inserted = text.replacingOccurrences(of: "\n\nAnd", with: "\n\(random.pick(fences))\nAnd")
            (bytes, tag, summary) = (Array(inserted.utf8), "lesson.fences", "fences added")
        default:
            let (mutated, what) = Mutator.bytes(Array(text.utf8), &random, count: random.int(1...3))
            (bytes, tag, summary) = (mutated, "lesson.bytes", what)
        }
        if tag == "lesson.bytes", Mutator.hasHugeNumber(String(decoding: bytes, as: UTF8.self)) { tag = "net.huge-numbers" }
        let arguments =
            random.chance(0.5) ? ["lesson", file] : (random.chance(0.5) ? ["trace", file] : ["gradcheck", file])
        return MalformedCase(
            tag: tag, summary: "lesson of network \(seedIndex): \(summary)", arguments: arguments,
            files: ["lesson.md": bytes], mustBeAccepted: mutation == 0)
    }

    /// Deep nesting and long flat chains: shallow ones (at most 200 levels) must work; the deep
    /// ones are where a recursive parser or interpreter overflows its stack.
    func nestingCase(_ random: inout CaseRandom) -> MalformedCase {
        let deep = random.chance(0.5)
        let depth = deep ? random.pick([1000, 10_000, 100_000]) : random.int(1...200)
        let header = "input x = [[0.5, -1.0]]\nparam W = [[0.1], [0.2]]\n"
        let body: String
        let kind: String
        switch random.int(0..<7) {
        case 0:
            kind = "parentheses"
            body = "loss = sum(" + String(repeating: "(", count: depth) + "x @ W" + String(repeating: ")", count: depth) + ")"
        case 1:
            kind = "brackets in a literal"
            body = "param B = " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
                + "\nloss = sum(x @ W)"
        case 2:
            kind = "nested calls"
            body = "loss = sum(" + String(repeating: "tanh(", count: depth) + "x @ W" + String(repeating: ")", count: depth) + ")"
        case 3:
            kind = "unary minus chain"
            body = "loss = sum(" + String(repeating: "-", count: depth) + "(x @ W))"
        case 4:
            kind = "power chain"
            body = "loss = sum((x @ W) ^ 1" + String(repeating: " ^ 1", count: depth) + ")"
        case 5:
            kind = "long sum"
            body = "loss = sum(x @ W" + String(repeating: " + x @ W", count: depth) + ")"
        default:
            kind = "assignment chain"
            var lines = ["a0 = x @ W"]
            for k in 1...depth { lines.append("a\(k) = a\(k - 1) * 1") }
            body = lines.joined(separator: "\n") + "\nloss = sum(a\(depth))"
        }
        let flat = kind == "long sum" || kind == "assignment chain"
        var tag = deep ? (flat ? "net.long-chain" : "net.deep-nesting") : "net.nesting"
        let explain = random.chance(0.2)
        let command = explain ? ["explain", casePath + "/nested.net", "--samples", "1"] : ["trace", casePath + "/nested.net"]
        // Explaining a network of hundreds of nodes is slow (its own class).
        if explain && !deep { tag = "explain.many-nodes" }
        return MalformedCase(
            tag: tag, summary: "\(kind), \(depth) levels", arguments: command,
            files: ["nested.net": Array((header + body + "\n").utf8)], needsSubprocess: deep)
    }

    /// Absurd sizes in initializers, reshapes and window options: one line naming the problem,
    /// never an allocation of terabytes or an overflow trap.
    func sizesCase(_ random: inout CaseRandom) -> MalformedCase {
        let huge = ["1000000", "999999", "1000001", "2147483647", "2147483648", "4294967296", "9223372036854775807",
                    "9223372036854775808", "18446744073709551616", "1e18", "0", "-1"]
        func h(_ random: inout CaseRandom) -> String { random.pick(huge) }
        let line: String
        switch random.int(0..<8) {
        case 0: line = "param P = zeros(\(h(&random)), \(h(&random)))\nloss = sum(P)"
        case 1: line = "param P = ones(\(h(&random)), \(h(&random)), \(h(&random)), \(h(&random)))\nloss = sum(P)"
        case 2: line = "param P = full(\(h(&random)), \(h(&random)), value=1)\nloss = mean(P)"
        case 3: line = "param P = uniform(\(h(&random)), 2, seed=\(h(&random)))\nloss = mean(P)"
        case 4: line = "input x = [[1, 2]]\nloss = sum(reshape(x, [\(h(&random)), \(h(&random))]))"
        case 5:
            line = "input x = uniform(1, 4, 4, 1, seed=1)\nparam K = ones(2, 2, 1, 1)\nloss = sum(conv2d(x, K, stride=\(h(&random)), padding=same))"
        case 6: line = "input x = uniform(1, 4, 4, 1)\nloss = sum(maxpool2d(x, size=\(h(&random)), stride=\(h(&random))))"
        default: line = "param W = glorot_uniform(\(h(&random)), \(h(&random)), seed=1)\nloss = sum(W)"
        }
        return MalformedCase(
            tag: "net.huge-sizes", summary: line.replacingOccurrences(of: "\n", with: "; "),
            arguments: ["trace", casePath + "/sizes.net"], files: ["sizes.net": Array((line + "\n").utf8)],
            needsSubprocess: true)
    }

    // MARK: Scalar expressions

    func expressionCase(_ random: inout CaseRandom) -> MalformedCase {
        var (expression, values) = random.pick(Self.expressions)
        let tag: String
        var summary: String
        var inProcessOnly = false
        switch random.int(0..<7) {
        case 0:
            let (bytes, what) = Mutator.bytes(Array(expression.utf8), &random, count: random.int(1...3))
            expression = String(decoding: bytes, as: UTF8.self)
            (tag, summary) = ("expr.bytes", "expression: \(what)")
        case 1:
            let (bytes, what) = Mutator.tokens(expression, &random, count: random.int(1...3))
            expression = String(decoding: bytes, as: UTF8.self)
            (tag, summary) = ("expr.tokens", "expression: \(what)")
        case 2:
            let (bytes, what) = random.chance(0.5)
                ? Mutator.tokens(values, &random, count: random.int(1...3))
                : Mutator.bytes(Array(values.utf8), &random, count: random.int(1...3))
            values = String(decoding: bytes, as: UTF8.self)
            (tag, summary) = ("expr.values", "values: \(what)")
        case 3:
            let (bytes, controlTag, what) = Mutator.control(Array(expression.utf8), &random, tagPrefix: "expr")
            expression = String(decoding: bytes, as: UTF8.self)
            inProcessOnly = controlTag == "expr.nul"
            (tag, summary) = (controlTag, "expression: \(what)")
        case 4:
            // At most 100 KB: Linux refuses longer arguments to a process (the subprocess runs).
            let depth = random.pick([10, 100, 1000, 10_000, 20_000])
            let shapes = [("(", ")"), ("tanh(", ")"), ("-", ""), ("exp(-", ")")]
            let (open, close) = random.pick(shapes)
            expression = String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
            values = "x=0.5"
            (tag, summary) = (depth > 200 ? "expr.deep-nesting" : "expr.nesting", "\(depth) levels of '\(open)'")
        case 5:
            let length = random.pick([10, 100, 1000, 10_000, 25_000])
            expression = "x" + String(repeating: random.pick([" + x", " * x", " - 1", " / 2", " ^ 1"]), count: length)
            values = "x=0.5"
            (tag, summary) = (length > 200 ? "expr.long-chain" : "expr.chain", "a flat chain of \(length) operations")
        default:
            let numbers = ["nan", "inf", "-inf", "1e308", "1e309", "-0", "0", "1e-320", "9223372036854775808", "0x10", "1_0"]
            values = values.split(separator: ",").map { part in
                let name = part.split(separator: "=").first.map(String.init) ?? "x"
                return name + "=" + random.pick(numbers)
            }.joined(separator: ",")
            if random.chance(0.3) { expression = "x ^ \(random.pick(numbers)) + " + expression }
            (tag, summary) = ("expr.numbers", "odd numbers")
        }
        summary += " → --expr \(Mutator.visible(expression)) --at \(Mutator.visible(values))"
        let deep = tag == "expr.deep-nesting" || tag == "expr.long-chain"
        return MalformedCase(
            tag: tag, summary: summary, arguments: ["explain", "--expr", expression, "--at", values, "--samples", "2"],
            needsSubprocess: deep, inProcessOnly: inProcessOnly || expression.utf8.contains(0) || values.utf8.contains(0))
    }

    // MARK: IDX and gzip

    func idxCase(_ random: inout CaseRandom) -> MalformedCase {
        var files = Self.mnistFiles
        let which = random.int(0..<files.count)
        var bytes = files[which].bytes
        var name = files[which].name
        var tag: String
        var summary: String
        var needsSubprocess = false
        var lazy: (@Sendable () -> [UInt8])? = nil
        switch random.int(0..<7) {
        case 0:
            (bytes, summary) = Mutator.bytes(bytes, &random, count: random.int(1...4), hotPrefix: 16)
            tag = "idx.bytes"
        case 1:
            // Header fields set to near-misses: an image count off by one, a side of 27 or 29, ...
            let field = random.int(0..<(bytes[3] == 3 ? 4 : 2))
            let value = UInt32(random.pick([0, 1, 2, 4, 27, 29, 255, 256, 0x0801, 0x0803, 0x0903, 0x0800]))
            Mutator.putBigEndian(value, into: &bytes, at: field * 4)
            (tag, summary) = ("idx.header", "header word \(field) set to \(value)")
        case 2:
            // Sizes whose product overflows or asks for gigabytes.
            let field = random.int(1..<(bytes[3] == 3 ? 4 : 2))
            let value = UInt32(random.pick([60000, 65536, 1 << 20, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]))
            Mutator.putBigEndian(value, into: &bytes, at: field * 4)
            if bytes[3] == 3 && random.chance(0.5) { Mutator.putBigEndian(value, into: &bytes, at: 4 * random.int(1...3)) }
            (tag, summary) = ("idx.huge-header", "dimension word \(field) set to \(value)")
            needsSubprocess = true
        case 3:
            let (mutated, what) = Mutator.bytes(Gzip.compress(bytes), &random, count: random.int(1...3), hotPrefix: 12)
            (bytes, name, tag, summary) = (mutated, name + ".gz", "idx.gzip-bytes", "gzip stream: \(what)")
        case 4:
            let (mutated, what) = Mutator.bytes(bytes, &random, count: random.int(1...3), hotPrefix: 16)
            (bytes, name, tag, summary) = (Gzip.compress(mutated), name + ".gz", "idx.gzip-payload", "gzip of: \(what)")
        case 5:
            // A gzip member followed by garbage, a second member, or truncated in its trailer.
            let compressed = Gzip.compress(bytes)
            switch random.int(0..<3) {
            case 0: bytes = compressed + Gzip.compress(bytes); summary = "two gzip members"
            case 1: bytes = compressed + [0, 1, 2, 3]; summary = "garbage after the gzip member"
            default: bytes = Array(compressed.dropLast(random.int(1...8))); summary = "gzip trailer cut"
            }
            (name, tag) = (name + ".gz", "idx.gzip-framing")
        default:
            // A small gzip file that inflates to a hundred megabytes or more.
            let size = random.pick([64, 160]) << 20
            let header = random.chance(0.5) ? bytes : []  // a valid file, then zeros
            (name, tag, summary) = (name + ".gz", "gzip.bomb", "gzip inflating to \(size >> 20) MB")
            needsSubprocess = true
            lazy = { @Sendable in
                var payload = [UInt8](repeating: 0, count: size)
                payload.replaceSubrange(0..<header.count, with: header)
                return Gzip.compress(payload, level: 9)
            }
        }
        files[which] = (name, bytes)
        let data = casePath + "/mnist"
        let arguments: [String]
        switch random.int(0..<10) {
        case 0: arguments = ["mnist", "predict", "--checkpoint", validCheckpoint, "--data", data, "--index", "1"]
        case 1: arguments = ["mnist", "evaluate", "--checkpoint", validCheckpoint, "--data", data, "--limit", "2"]
        case 2: arguments = ["mnist", "trace", "--data", data, "--index", "2"]
        default: arguments = ["mnist", "info", "--data", data]
        }
        var written: [String: [UInt8]] = [:]
        for file in files { written["mnist/" + file.name] = file.bytes }
        var lazyFiles: [String: @Sendable () -> [UInt8]] = [:]
        if let lazy { lazyFiles["mnist/" + name] = lazy }
        return MalformedCase(
            tag: tag, summary: "\(files[which].name): \(summary)", arguments: arguments, files: written,
            lazyFiles: lazyFiles, needsSubprocess: needsSubprocess)
    }

    // MARK: Safetensors and checkpoints

    func predict(_ checkpoint: String, _ random: inout CaseRandom) -> [String] {
        switch random.int(0..<8) {
        case 0: ["mnist", "evaluate", "--checkpoint", checkpoint, "--data", missing]
        case 1: ["mnist", "trace", "--checkpoint", checkpoint, "--data", validData]
        default: ["mnist", "predict", "--checkpoint", checkpoint, "--image", validPGM]
        }
    }

    func safetensorsCase(_ random: inout CaseRandom) -> MalformedCase {
        let valid = Self.checkpointBytes
        let headerLength = Int(valid[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        let header = String(decoding: valid[8..<(8 + headerLength)], as: UTF8.self)
        let data = Array(valid[(8 + headerLength)...])
        func file(header: String) -> [UInt8] {
            let bytes = Array(header.utf8)
            var length = [UInt8](repeating: 0, count: 8)
            for k in 0..<8 { length[k] = UInt8(truncatingIfNeeded: UInt64(bytes.count) >> (8 * k)) }
            return length + bytes + data
        }
        var bytes: [UInt8]
        let tag: String
        let summary: String
        var needsSubprocess = false
        var mustBeRefused = false
        switch random.int(0..<9) {
        case 8:
            // A weight set to NaN or an infinity: the bytes are a valid float, the model is not.
            bytes = valid
            let (word, name): (UInt32, String) = random.pick([(0x7FC0_0000, "NaN"), (0x7F80_0000, "+inf"), (0xFF80_0000, "-inf")])
            let at = 8 + headerLength + 4 * random.int(0..<(data.count / 4))
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: word >> (8 * k)) }
            (tag, summary) = ("checkpoint.nan-weights", "the float at byte \(at) set to \(name)")
            mustBeRefused = true
        case 0:
            let lengths: [UInt64] = [0, 1, 2, 7, UInt64(headerLength) - 1, UInt64(headerLength) + 1, UInt64(headerLength) + 8,
                                     100_000_000, 100_000_001, UInt64(valid.count), 1 << 32, 1 << 62, UInt64(Int64.max), UInt64.max]
            let length = random.pick(lengths)
            bytes = valid
            for k in 0..<8 { bytes[k] = UInt8(truncatingIfNeeded: length >> (8 * k)) }
            (tag, summary) = ("safetensors.length", "header length \(length)")
            needsSubprocess = true
        case 1:
            let (mutated, what) = Mutator.bytes(Array(header.utf8), &random, count: random.int(1...4))
            bytes = random.chance(0.5) ? file(header: String(decoding: mutated, as: UTF8.self)) : Array(valid[0..<8]) + mutated + data
            (tag, summary) = ("safetensors.header-bytes", "header: \(what)")
        case 2:
            let (mutated, what) = Mutator.tokens(header, &random, count: random.int(1...3))
            bytes = file(header: String(decoding: mutated, as: UTF8.self))
            (tag, summary) = ("safetensors.header-json", "header: \(what)")
        case 3:
            // A number inside a shape or data_offsets replaced: near misses, negatives, overflows.
            let (mutated, what, huge) = Mutator.shapeNumber(header, &random)
            bytes = file(header: mutated)
            (tag, summary) = (huge ? "safetensors.huge-shape" : "safetensors.shape-numbers", what)
            needsSubprocess = huge
        case 4:
            let cut = random.int(0..<valid.count)
            bytes = Array(valid[0..<cut])
            (tag, summary) = ("safetensors.truncate", "cut at byte \(cut) of \(valid.count)")
        case 5:
            let depth = random.pick([100, 1000, 100_000])
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let spot = random.pick(["\"__metadata__\":", "\"shape\":", "\"data_offsets\":"])
            bytes = file(header: header.replacingOccurrences(of: spot, with: spot + nested + ",", options: [], range: header.range(of: spot)))
            (tag, summary) = (depth > 200 ? "json.deep-nesting" : "json.nesting", "\(depth) nested arrays after \(spot)")
            needsSubprocess = depth > 200
        case 6:
            // Tensor bytes flipped: the weights may become NaN or infinite.
            bytes = valid
            for _ in 0..<random.int(1...8) {
                let at = 8 + headerLength + random.int(0..<data.count)
                bytes[at] ^= UInt8(1) << random.int(0..<8)
            }
            (tag, summary) = ("checkpoint.data-bytes", "bits flipped in the tensors")
        default:
            let (mutated, what) = Mutator.bytes(valid, &random, count: random.int(1...4), hotPrefix: 8 + headerLength)
            (bytes, tag, summary) = (mutated, "safetensors.bytes", what)
        }
        let path = casePath + "/input.safetensors"
        return MalformedCase(
            tag: tag, summary: summary, arguments: predict(path, &random), files: ["input.safetensors": bytes],
            mustBeRefused: mustBeRefused, needsSubprocess: needsSubprocess)
    }

    /// Metadata values replaced: absurd numbers are a known class, malformed text must be refused.
    func metadataCase(_ random: inout CaseRandom) -> MalformedCase {
        let resume = random.chance(0.3)
        var file = resume ? Self.resumableCheckpoint : Self.checkpoint
        let k = random.int(0..<file.metadata.count)
        let key = file.metadata[k].0
        let absurd = ["1000000000000000", "9223372036854775807", "4611686018427387904", "1e308", "inf", "nan", "1e-320",
                      "2147483648", "18446744073709551615"]
        let malformed = ["", "-1", "0", " 3", "3 ", "0x10", "1_0", "abc", "\u{1B}[31m", "-0", "+1", "١", "[]", "{}",
                         "ffffffffffffffff ffffffffffffffff", "0 0 0 0", "[{\"epoch\": 1}]", "[" + String(repeating: "[", count: 50)]
        let value: String
        let tag: String
        if key == "history" {
            let history = ["[]", "[{}]", "[1, 2]", "{\"a\": 1}", "[{\"epoch\": 1e308, \"loss\": \"x\"}]", "\"text\"", "[",
                           String(repeating: "[", count: 100_000)]
            value = random.pick(history)
            tag = value.count > 1000 ? "json.deep-nesting" : "checkpoint.history-json"
        } else if random.chance(0.4) {
            value = random.pick(absurd)
            tag = "checkpoint.metadata-absurd"
        } else {
            value = random.pick(malformed)
            tag = "checkpoint.metadata-text"
        }
        if random.chance(0.15) {
            file.metadata.remove(at: k)
        } else {
            file.metadata[k].1 = value
        }
        let path = casePath + "/meta.safetensors"
        var arguments = predict(path, &random)
        if resume {
            arguments = ["mnist", "train", "--resume", path, "--data", validData, "--test-limit", "2", "--no-timing"]
        }
        return MalformedCase(
            tag: tag, summary: "metadata '\(key)' = '\(Mutator.visible(String(value.prefix(60))))'", arguments: arguments,
            files: ["meta.safetensors": file.encoded()], needsSubprocess: tag == "checkpoint.metadata-absurd")
    }

    // MARK: Images

    func imageCase(_ random: inout CaseRandom) -> MalformedCase {
        var bytes: [UInt8]
        var name = "image.pgm"
        let tag: String
        let summary: String
        var needsSubprocess = false
        switch random.int(0..<9) {
        case 0:
            let source = random.chance(0.5) ? Self.pgmBinary : Self.pgmASCII
            let (mutated, what) = Mutator.bytes(source, &random, count: random.int(1...4), hotPrefix: 16)
            (bytes, tag, summary) = (mutated, "image.pgm-bytes", what)
        case 1:
            let text = String(decoding: Self.pgmASCII.prefix(40), as: UTF8.self)
            let (mutated, what) = Mutator.tokens(text, &random, count: random.int(1...2))
            (bytes, tag, summary) = (mutated + Self.pgmASCII.dropFirst(40), "image.pgm-tokens", what)
        case 2:
            let sizes = ["0", "1", "27", "29", "56", "65535", "65536", "2147483647", "4294967296", "99999999999999999999", "-28"]
            let (w, h, maxval) = (random.pick(sizes), random.pick(sizes), random.pick(["0", "1", "255", "256", "65535", "65536", "-1"]))
            let header = "P5\n\(w) \(h)\n\(maxval)\n"
            bytes = Array(header.utf8) + Self.digit.pixels
            let large = [w, h].contains { ($0.count > 5 || Int($0).map { $0 > 100_000 } == true) }
            (tag, summary) = (large ? "image.huge-header" : "image.pgm-header", Mutator.visible(header))
            needsSubprocess = large
        case 3:
            name = "image.png"
            let (mutated, what) = Mutator.bytes(random.chance(0.5) ? Self.png : Self.pngRGB, &random, count: random.int(1...4), hotPrefix: 40)
            (bytes, tag, summary) = (mutated, "image.png-bytes", what)
        case 4:
            name = "image.png"
            // Damage inside one chunk, with its CRC made right again so the decoder reads on.
            var chunks = PNGChunks(random.chance(0.5) ? Self.png : Self.pngRGB)
            let k = random.int(0..<chunks.items.count)
            let (mutated, what) = Mutator.bytes(chunks.items[k].data, &random, count: random.int(1...3))
            chunks.items[k].data = mutated
            (bytes, tag, summary) = (chunks.encoded(), "image.png-chunks", "chunk \(chunks.items[k].type): \(what)")
        case 5:
            name = "image.png"
            var chunks = PNGChunks(Self.png)
            var ihdr = chunks.items[0].data
            let large = random.chance(0.5)
            let sizes: [UInt32] = large ? [1 << 20, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 100_000] : [0, 1, 27, 29, 56, 28]
            Mutator.putBigEndian(random.pick(sizes), into: &ihdr, at: random.chance(0.5) ? 0 : 4)
            if random.chance(0.3) { ihdr[8] = random.pick([0, 1, 2, 4, 8, 16, 3]) }  // bit depth
            if random.chance(0.3) { ihdr[9] = random.pick([0, 1, 2, 3, 4, 6, 7]) }  // color type
            if random.chance(0.2) { ihdr[12] = random.pick([0, 1, 2]) }  // interlace
            chunks.items[0].data = ihdr
            (bytes, tag, summary) = (chunks.encoded(), large ? "image.huge-header" : "image.png-header", "IHDR \(ihdr)")
            needsSubprocess = large
        case 6:
            name = "image.png"
            // The deflate stream damaged, CRC right.
            var chunks = PNGChunks(Self.png)
            guard let k = chunks.items.firstIndex(where: { $0.type == "IDAT" }) else { fatalError("no IDAT") }
            let (mutated, what) = Mutator.bytes(chunks.items[k].data, &random, count: random.int(1...3), hotPrefix: 4)
            chunks.items[k].data = mutated
            (bytes, tag, summary) = (chunks.encoded(), "image.png-zlib", "IDAT: \(what)")
        case 7:
            let cut = random.int(0..<Self.png.count)
            name = random.chance(0.5) ? "image.png" : "image.pgm"
            bytes = Array((name.hasSuffix("png") ? Self.png : Self.pgmBinary).prefix(cut))
            (tag, summary) = ("image.truncate", "cut at byte \(cut)")
        default:
            let special = random.pick(["/dev/zero", "/dev/null", "/dev/urandom", "directory", "empty", "fifo"])
            var files: [String: [UInt8]] = [:]
            var fifos: [String] = []
            var path = special
            var caseTag = "image.special-file"
            switch special {
            case "/dev/zero": caseTag = "image.dev-zero"
            case "/dev/urandom": caseTag = "image.dev-zero"
            case "directory": path = casePath
            case "empty": path = casePath + "/empty.png"; files["empty.png"] = []
            case "fifo": path = casePath + "/fifo.png"; caseTag = "image.fifo"; fifos = ["fifo.png"]
            default: break
            }
            let flag = random.chance(0.7) ? "--image" : "--checkpoint"
            let arguments = flag == "--image"
                ? ["mnist", "predict", "--checkpoint", validCheckpoint, "--image", path]
                : ["mnist", "predict", "--checkpoint", path, "--image", validPGM]
            if flag == "--checkpoint" && caseTag == "image.dev-zero" { caseTag = "checkpoint.dev-zero" }
            if flag == "--checkpoint" && caseTag == "image.fifo" { caseTag = "checkpoint.fifo" }
            return MalformedCase(
                tag: caseTag, summary: "\(flag) \(special)", arguments: arguments, files: files, fifos: fifos,
                needsSubprocess: true)
        }
        return MalformedCase(
            tag: tag, summary: "\(name): \(summary)",
            arguments: ["mnist", "predict", "--checkpoint", validCheckpoint, "--image", casePath + "/" + name],
            files: [name: bytes], needsSubprocess: needsSubprocess)
    }

    // MARK: Command lines

    /// Every command of the tool, with its path (`["mnist", "train"]`).
    static let commands: [(path: [String], command: Command)] = {
        var found: [(path: [String], command: Command)] = []
        func walk(_ command: Command, _ path: [String]) {
            found.append((path, command))
            for sub in command.subcommands { walk(sub, path + [sub.name]) }
        }
        walk(Command.backprop, [])
        return found
    }()

    /// Commands whose valid runs are slow or reach the network: every case of theirs ends with an
    /// unknown flag, so the parser stops them (after reading everything before it).
    static let expensive: Set<String> = ["regress", "bench", "mnist download", "mnist train", "mnist gradcheck"]

    func flagsCase(_ random: inout CaseRandom) -> MalformedCase {
        let (path, command) = random.pick(Self.commands)
        let name = path.joined(separator: " ")
        var arguments = path
        // A cheap context, so that a run that gets past its flags ends quickly.
        switch name {
        case "trace", "graph", "gradcheck", "check", "step": arguments.append(validNet)
        case "page": arguments += [validNet, "--output", casePath + "/page.html"]
        case "export": arguments += [validNet, "--output", casePath + "/script.py"]
        case "exercise": if random.chance(0.8) { arguments.append(random.pick(["1", "2", "one-neuron", "0", "99", "-1", ""])) }
        case "explain": arguments += random.chance(0.5) ? [validNet] : ["--expr", "tanh(w*x)", "--at", "w=1, x=2"]
        case "lesson": if random.chance(0.7) { arguments.append(random.pick(["1", "one-neuron", "3", "0", "99", "-1", ""])) }
        case "mnist info", "mnist evaluate", "mnist trace", "mnist train", "mnist gradcheck": arguments += ["--data", missing]
        case "mnist predict": arguments += ["--checkpoint", validCheckpoint, "--image", validPGM]
        default: break
        }
        var what: [String] = []
        for _ in 0..<random.int(1...3) {
            let (words, description) = flagMutation(command, &random)
            // Inserted after the command path, so the subcommand is still found.
            let at = random.int(path.count...arguments.count)
            arguments.insert(contentsOf: words, at: at)
            what.append(description)
        }
        if Self.expensive.contains(name) || (name == "mnist" && arguments.count > 1) {
            arguments.append("--no-such-flag")
        }
        return MalformedCase(
            tag: "flags." + (name.isEmpty ? "backprop" : name.replacingOccurrences(of: " ", with: "-")),
            summary: what.joined(separator: "; "), arguments: arguments,
            inProcessOnly: arguments.contains { $0.utf8.contains(0) })
    }

    static let integerValues = [
        "-1", "0", "1", "2", "-0", "+3", "1e3", "0x10", "1_000", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999", "nan", "", " ", "3.5", "١٢", "1 ", "abc", "--1", "60001", "1000",
    ]
    static let doubleValues = [
        "nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e309", "-1e309", "1e-320", "0", "-0", "-1", "0.5", "1.5",
        "1e308", "0x1p3", "1,5", "", ".", "-.", "1e", "1e-7", "0.999999999999",
    ]
    static let stringValues = ["", " ", "x", "\u{1B}[31mred", "a\tb", "a\rb", "a\u{7F}b", "é", "mlp,moons,W9", ",,,", "w=1", "\u{0}"]

    /// Paths for flags; a name of one space is in `case/`, as every path a command may write to
    /// (a relative one would land in the checkout: `exercise 2 --start ' '`).
    var pathValues: [String] {
        [missing + "/x", scratch, validNet, validPGM, validCheckpoint, "", casePath + "/ ", casePath + "/new/out.file", missing]
    }

    func flagMutation(_ command: Command, _ random: inout CaseRandom) -> ([String], String) {
        let flags = command.flags
        guard let flag = flags.isEmpty ? nil : random.pick(flags), random.chance(0.85) else {
            // No flag to use (a group) or a stray word.
            let word = random.pick(["--help", "-h", "--version", "extra", "-", "--", "---", "--=", "-x", "help", "\u{1B}[1m", "\u{0}"])
            return ([word], "word \(Mutator.visible(word))")
        }
        func value(_ random: inout CaseRandom) -> String {
            switch flag.kind {
            case .toggle: random.pick(["1", "true", ""])
            case .integer: random.pick(Self.integerValues)
            case .double: random.pick(Self.doubleValues)
            case .string: random.pick(Self.stringValues)
            case .path: random.pick(pathValues)
            case .choice(let choices): random.chance(0.5) ? random.pick(choices) : Mutator.typo(random.pick(choices), &random)
            }
        }
        let takesValue = if case .toggle = flag.kind { false } else { true }
        switch random.int(0..<8) {
        case 0:
            let typo = "--" + Mutator.typo(flag.name, &random)
            return (takesValue ? [typo, value(&random)] : [typo], "typo \(typo)")
        case 1:
            let spelled = random.pick(["-" + flag.name, "---" + flag.name, "--" + flag.name.uppercased(), "--no-" + flag.name, "—" + flag.name])
            return ([spelled], "spelled \(spelled)")
        case 2:
            let v = value(&random)
            return (["--\(flag.name)=\(v)"], "--\(flag.name)=\(Mutator.visible(v))")
        case 3:
            return (["--" + flag.name], "--\(flag.name) without its value")
        case 4:
            let (a, b) = (value(&random), value(&random))
            let words = takesValue ? ["--" + flag.name, a, "--" + flag.name, b] : ["--" + flag.name, "--" + flag.name]
            return (words, "--\(flag.name) twice")
        default:
            let v = value(&random)
            return (takesValue ? ["--" + flag.name, v] : ["--" + flag.name], "--\(flag.name) \(Mutator.visible(v))")
        }
    }
}

// MARK: - Mutations

enum Mutator {
    /// Bytes worth inserting into text and binary formats alike.
    static let interestingBytes: [[UInt8]] = [
        [0], [0xFF], [0x80], [0xC3], [0xE2, 0x88], [0x1B], [0x7F], [0x0D], [0x0A], [0x0D, 0x0A], [0x09],
        Array("(".utf8), Array(")".utf8), Array("[".utf8), Array("]".utf8), Array(",".utf8), Array("\"".utf8),
        Array("{".utf8), Array("}".utf8), Array("9999999999999999999999".utf8), Array("-1".utf8),
        [0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0x80, 0, 0, 0], [0, 0, 0, 0],
    ]

    /// `count` random byte-level edits: truncation, bit flips, insertions, deletions,
    /// duplications, overwrites with boundary words. `hotPrefix` > 0 aims half the edits at the
    /// first bytes (a header).
    static func bytes(_ input: [UInt8], _ random: inout CaseRandom, count: Int, hotPrefix: Int = 0) -> ([UInt8], String) {
        var bytes = input
        var done: [String] = []
        for _ in 0..<count {
            func position(_ random: inout CaseRandom, inclusive: Bool = false) -> Int {
                let end = bytes.count + (inclusive ? 1 : 0)
                guard end > 0 else { return 0 }
                if hotPrefix > 0 && random.chance(0.5) { return random.int(0..<min(end, hotPrefix)) }
                return random.int(0..<end)
            }
            switch random.int(0..<7) {
            case 0:
                let at = position(&random, inclusive: true)
                bytes.removeSubrange(at...)
                done.append("truncated at \(at)")
            case 1 where !bytes.isEmpty:
                let at = position(&random)
                let bit = random.int(0..<8)
                bytes[at] ^= UInt8(1) << bit
                done.append("bit \(bit) of byte \(at) flipped")
            case 2:
                let at = position(&random, inclusive: true)
                let inserted = random.chance(0.7)
                    ? random.pick(interestingBytes) : (0..<random.int(1...8)).map { _ in UInt8.random(in: 0...255, using: &random) }
                bytes.insert(contentsOf: inserted, at: at)
                done.append("inserted \(inserted) at \(at)")
            case 3 where !bytes.isEmpty:
                let at = position(&random)
                let length = min(random.int(1...16), bytes.count - at)
                bytes.removeSubrange(at..<(at + length))
                done.append("deleted \(length) at \(at)")
            case 4 where !bytes.isEmpty:
                let at = position(&random)
                let length = min(random.int(1...64), bytes.count - at)
                let copies = random.pick([1, 2, 100])
                bytes.insert(contentsOf: Array(repeating: Array(bytes[at..<(at + length)]), count: copies).joined(), at: at)
                done.append("\(length) bytes at \(at) repeated \(copies) times")
            case 5 where bytes.count >= 4:
                let at = min(position(&random), bytes.count - 4)
                let word = random.pick([[0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0x80, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]] as [[UInt8]])
                bytes.replaceSubrange(at..<(at + 4), with: word)
                done.append("word \(word) at \(at)")
            default:
                if !bytes.isEmpty {
                    let at = position(&random)
                    let value = UInt8.random(in: 0...255, using: &random)
                    bytes[at] = value
                    done.append("byte \(at) set to \(value)")
                }
            }
        }
        return (bytes, done.joined(separator: ", "))
    }

    static let tokens = [
        "(", ")", "[", "]", ",", "=", "@", "^", "#", "+", "-", "*", "/", "\n", "−", "×", "·", "÷", "é", "\u{FEFF}",
        "1e308", "-1e308", "nan", "inf", "9223372036854775807", "9223372036854775808", "1e-400", "0", "-0", "1000000",
        "2147483648", "_", "__", "x", "loss", "param", "input", "labels", "target", "zeros(", "reshape(", "axis=2",
        "seed=-1", "rate=1", "stride=0", "padding=full", "size=0", "eps=0", "sum(", "mean(", "cross_entropy(",
        "conv2d(", "\"", "{", "}", ":", "null", "true", "1.5.5", "..", "1e", "0x1F", "٣",
    ]
    static let numbers = [
        "0", "-0", "-1", "1", "2", "3", "1e308", "1e309", "-1e309", "nan", "inf", "1e-320", "9223372036854775807",
        "9223372036854775808", "18446744073709551616", "1000000", "1000001", "0.5", "1e18", "2147483648",
    ]

    /// Token-level edits of text: a token inserted, a token deleted, or a number replaced.
    static func tokens(_ text: String, _ random: inout CaseRandom, count: Int) -> ([UInt8], String) {
        var scalars = Array(text.unicodeScalars)
        var done: [String] = []
        for _ in 0..<count {
            switch random.int(0..<3) {
            case 0:
                let at = random.int(0...scalars.count)
                let token = random.pick(tokens)
                scalars.insert(contentsOf: token.unicodeScalars, at: at)
                done.append("'\(visible(token))' inserted at \(at)")
            case 1 where !scalars.isEmpty:
                let at = random.int(0..<scalars.count)
                let length = min(random.int(1...6), scalars.count - at)
                scalars.removeSubrange(at..<(at + length))
                done.append("\(length) characters deleted at \(at)")
            default:
                // Replace one run of digits.
                let starts = scalars.indices.filter {
                    scalars[$0].properties.numericType != nil && ($0 == 0 || scalars[$0 - 1].properties.numericType == nil)
                }
                guard let start = starts.isEmpty ? nil : random.pick(starts) else { continue }
                var end = start
                while end < scalars.count && (scalars[end].properties.numericType != nil || scalars[end] == ".") { end += 1 }
                let number = random.pick(numbers)
                scalars.replaceSubrange(start..<end, with: number.unicodeScalars)
                done.append("number at \(start) replaced by \(number)")
            }
        }
        var string = ""
        string.unicodeScalars.append(contentsOf: scalars)
        return (Array(string.utf8), done.joined(separator: ", "))
    }

    /// Every line ending: all CRLF, all CR, or a mix; sometimes a last line without one.
    static func lineEndings(_ text: String, _ random: inout CaseRandom, tagPrefix: String) -> ([UInt8], String, String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kind = random.int(0..<4)
        var out = ""
        for (k, line) in lines.enumerated() {
            out += line
            guard k < lines.count - 1 else { break }
            switch kind {
            case 0: out += "\r\n"
            case 1: out += "\r"
            case 2: out += random.pick(["\n", "\r\n", "\r", "\n\r"])
            default: out += "\r\n"
            }
        }
        if kind == 3 { out = "\u{FEFF}" + out }
        if random.chance(0.3) { while out.hasSuffix("\n") || out.hasSuffix("\r") { out.removeLast() } }
        let names = ["crlf", "cr", "mixed-eol", "crlf"]
        return (Array(out.utf8), "\(tagPrefix).\(names[kind])", ["CRLF", "CR", "mixed line endings", "BOM and CRLF"][kind])
    }

    /// NUL bytes, other control characters, or invalid UTF-8 inserted at random places.
    static func control(_ input: [UInt8], _ random: inout CaseRandom, tagPrefix: String) -> ([UInt8], String, String) {
        var bytes = input
        let kind = random.int(0..<3)
        let choices: [[UInt8]] =
            switch kind {
            case 0: [[0]]
            case 1: [[0x1B, 0x5B, 0x33, 0x31, 0x6D], [0x07], [0x08], [0x0B], [0x0C], [0x7F], [0x1F], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0x09]]
            default: [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]]
            }
        var places: [Int] = []
        for _ in 0..<random.int(1...3) {
            let at = random.int(0...bytes.count)
            bytes.insert(contentsOf: random.pick(choices), at: at)
            places.append(at)
        }
        let names = ["nul", "control", "invalid-utf8"]
        return (bytes, "\(tagPrefix).\(names[kind])", "\(names[kind]) bytes at \(places)")
    }

    /// A name misspelled: a letter dropped, doubled, swapped, or changed.
    static func typo(_ word: String, _ random: inout CaseRandom) -> String {
        var chars = Array(word)
        guard chars.count > 1 else { return word + "x" }
        let at = random.int(0..<(chars.count - 1))
        switch random.int(0..<4) {
        case 0: chars.remove(at: at)
        case 1: chars.insert(chars[at], at: at)
        case 2: chars.swapAt(at, at + 1)
        default: chars[at] = random.pick(Array("abcdefghijklmnopqrstuvwxyz_-"))
        }
        return String(chars)
    }

    /// Whether the text has a number beyond 2^53 (where whole numbers stop being exact, and
    /// conversions to Int may overflow).
    static func hasHugeNumber(_ text: String) -> Bool {
        var token = ""
        for character in text + " " {
            if character.isASCII && (character.isNumber || character == "." || character == "_"
                || ((character == "e" || character == "E") && !token.isEmpty)
                || ((character == "-" || character == "+") && (token.hasSuffix("e") || token.hasSuffix("E"))))
            {
                token.append(character)
            } else {
                if !token.isEmpty, let value = Double(token.replacingOccurrences(of: "_", with: "")), !(value < 9.007_199_254_740_992e15) {
                    return true
                }
                token = ""
            }
        }
        return false
    }

    static func putBigEndian(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        guard offset + 4 <= bytes.count else { return }
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * (3 - k))) }
    }

    /// A number of the safetensors header inside a `shape` or `data_offsets` replaced;
    /// `huge` tells whether the new one asks for more than 2^31 elements or bytes.
    static func shapeNumber(_ header: String, _ random: inout CaseRandom) -> (String, String, Bool) {
        let scalars = Array(header.unicodeScalars)
        var runs: [Range<Int>] = []
        var k = 0
        while k < scalars.count {
            if scalars[k].properties.numericType != nil {
                let start = k
                while k < scalars.count && scalars[k].properties.numericType != nil { k += 1 }
                // Only numbers inside [ ] (shapes and offsets), not metadata strings.
                let before = String(String.UnicodeScalarView(scalars[max(0, start - 40)..<start]))
                if let open = before.lastIndex(of: "["), !before[open...].contains("]"), !before[open...].contains("\"") {
                    runs.append(start..<k)
                }
            } else {
                k += 1
            }
        }
        guard !runs.isEmpty else { return (header, "no number found", false) }
        let run = random.pick(runs)
        let replacements = ["0", "1", "-1", "27", "785", "2147483647", "2147483648", "4294967296", "9223372036854775807",
                            "9223372036854775808", "18446744073709551616", "1e3", "1.5", "null", "\"7\"", "[1]", "-0"]
        let value = random.pick(replacements)
        var edited = scalars
        edited.replaceSubrange(run, with: value.unicodeScalars)
        let huge = value.count >= 10 && value.allSatisfy(\.isNumber)
        return (String(String.UnicodeScalarView(edited)), "number at \(run.lowerBound) of the header set to \(value)", huge)
    }

    /// Text with control characters written as escapes, for case descriptions.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\u{FEFF}" {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.count > 200 ? String(out.prefix(200)) + "…(\(out.count) characters)" : out
    }
}

/// A PNG file as its chunks, to damage one and write the file back with every CRC right.
struct PNGChunks {
    var items: [(type: String, data: [UInt8])] = []

    init(_ bytes: [UInt8]) {
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            items.append((type, Array(bytes[(at + 8)..<(at + 8 + length)])))
            at += 12 + length
        }
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for (type, data) in items {
            var length = [UInt8](repeating: 0, count: 4)
            Mutator.putBigEndian(UInt32(data.count), into: &length, at: 0)
            let body = Array(type.utf8) + data
            var crc = [UInt8](repeating: 0, count: 4)
            Mutator.putBigEndian(Zlib.crc32(body), into: &crc, at: 0)
            out += length + body + crc
        }
        return out
    }
}
