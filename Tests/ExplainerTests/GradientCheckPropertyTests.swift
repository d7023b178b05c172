import Engine
import Explainer
import Foundation
import Languages
import Testing

/// A small seeded generator (SplitMix64) for the property tests.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ p: Double) -> Bool { uniform(0, 1) < p }
}

/// Random network files: random shapes, a random chain of ops, a random loss; optionally one op
/// that overflows or divides by zero.
struct RandomNetwork {
    var source: String
    /// Whether a NaN or an infinity was planted (it may still not show, e.g. exp of a negative).
    var planted: Bool

    static func make(seed: UInt64, plantNonFinite: Bool) -> RandomNetwork {
        var random = TestRandom(seed: seed)
        var lines: [String] = []
        func matrix(_ rows: Int, _ columns: Int, _ low: Double, _ high: Double) -> String {
            "[" + (0..<rows).map { _ in
                "[" + (0..<columns).map { _ in String(format: "%.3f", random.uniform(low, high)) }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "]"
        }
        func row(_ columns: Int, _ low: Double, _ high: Double) -> String {
            "[" + (0..<columns).map { _ in String(format: "%.3f", random.uniform(low, high)) }.joined(separator: ", ") + "]"
        }
        let m = random.int(2...4)
        var n = random.int(1...4)
        lines.append("input x = \(matrix(m, n, -1, 1))")
        var current = "x"
        var count = 0
        func assign(_ expression: String) {
            count += 1
            lines.append("v\(count) = \(expression)")
            current = "v\(count)"
        }
        let steps = random.int(2...6)
        let plantAt = plantNonFinite ? random.int(0...(steps - 1)) : -1
        for step in 0..<steps {
            if step == plantAt {
                switch random.int(0...3) {
                case 0:  // exp of large numbers: overflows where the input is positive
                    assign("exp(800 * \(current))")
                case 1:  // division by an exact zero parameter
                    lines.append("param z\(count) = zeros(\(n))")
                    assign("\(current) / z\(count)")
                case 2:  // log of zero
                    assign("log(\(current) - \(current))")
                default:  // 0 ^ -1
                    assign("(\(current) - \(current)) ^ -1")
                }
                continue
            }
            switch random.int(0...11) {
            case 0, 1:
                let k = random.int(1...4)
                lines.append("param W\(count) = \(matrix(n, k, -1, 1))")
                assign("\(current) @ W\(count)")
                n = k
            case 2:
                lines.append("param b\(count) = \(row(n, -0.5, 0.5))")
                assign("\(current) + b\(count)")
            case 3: assign("tanh(\(current))")
            case 4: assign("sigmoid(\(current))")
            case 5: assign("relu(\(current))")
            case 6: assign("exp(0.5 * \(current))")
            case 7: assign("softmax(\(current))")
            case 8:
                lines.append("param g\(count) = \(row(n, 0.5, 1.5))")
                lines.append("param beta\(count) = \(row(n, -0.5, 0.5))")
                assign("batchnorm(\(current), g\(count), beta\(count))")
            case 9: assign("\(current) * \(current) / (1 + \(current) ^ 2)")
            case 10:
                lines.append("param s\(count) = \(matrix(m, n, 0.5, 2))")
                assign("\(current) / s\(count)")
            default: assign("log(1 + sigmoid(\(current)))")
            }
        }
        switch random.int(0...3) {
        case 0: lines.append("loss = sum(\(current))")
        case 1: lines.append("loss = mean(\(current) ^ 2)")
        case 2:
            lines.append("target t = \(matrix(m, n, -1, 1))")
            lines.append("loss = mse(\(current), t)")
        default:
            lines.append("labels y = [" + (0..<m).map { _ in String(random.int(0...(n - 1))) }.joined(separator: ", ") + "]")
            lines.append("loss = cross_entropy(\(current), y)")
        }
        return RandomNetwork(source: lines.joined(separator: "\n") + "\n", planted: plantNonFinite)
    }
}

/// A chain h_k = tanh(w_k · h_(k−1)) of `depth` layers on the scalar engine, the weights inputs
/// that take gradients; loss = h_depth.
struct TanhChain {
    var x: Double
    var weights: [Double]

    static func make(seed: UInt64, depth: Int) -> TanhChain {
        var random = TestRandom(seed: seed)
        return TanhChain(x: random.uniform(-1, 1), weights: (0..<depth).map { _ in random.uniform(0.9, 1.2) })
    }

    /// The trace with gradients (nil shift), or the forward trace with one number moved. Ids are
    /// those of the unshifted graph: x is 0, w_k is 2k − 1, the product 2k, its tanh... (see below).
    func run(_ shift: NodeShift?) -> Trace {
        let graph = ScalarGraph()
        var next = 0
        func moved(_ s: Scalar) -> Scalar {
            defer { next += 1 }
            guard let shift, shift.node == next else { return s }
            return s + graph.constant(shift.delta)
        }
        var h = moved(graph.input(x, name: "x"))
        for (k, w) in weights.enumerated() {
            let weight = moved(graph.input(w, name: "w\(k + 1)"))
            let product = moved(weight * h)
            h = moved(product.tanh()).named("h\(k + 1)")
        }
        if shift == nil { graph.backward(from: h) }
        var trace = graph.trace(of: h)
        trace.lossID = trace.nodes.count - 1
        return trace
    }

    /// The trace id of w_k (1-based k) in the unshifted trace.
    static func weightID(_ k: Int) -> Int { 1 + 3 * (k - 1) }
}

/// The checker's promises, on a few hundred seeded random computations: it never passes a NaN
/// or an infinity, never fails an exact-zero gradient or a correct deep chain, and never passes a
/// gradient made wrong by a relative 1e-5 or more that the finite difference can see.
@Suite struct GradientCheckPropertyTests {
    static func checker(_ network: Network) throws -> GradientChecker {
        GradientChecker(derivation: try Derivation(trace: try network.run().trace()), computation: network)
    }

    /// The trace with the gradient of leaf `id` wrong by `factor` in both analytic witnesses: the
    /// backward pass's value, and the derivation's (each consumer's gradient expression for it).
    static func mutated(_ trace: Trace, leaf id: Int, factor: Double) -> Trace {
        var result = trace
        func replaced(_ node: Trace.Node, gradient: [Double]?, gradients: [GradientExpression]) -> Trace.Node {
            Trace.Node(
                id: node.id, name: node.name, op: node.op, role: node.role, inputs: node.inputs, shape: node.shape,
                value: node.value, gradient: gradient, formula: node.formula, rule: node.rule, gradients: gradients,
                labels: node.labels)
        }
        let leaf = trace.nodes[id]
        result.nodes[id] = replaced(leaf, gradient: leaf.gradient?.map { $0 * factor }, gradients: leaf.gradients)
        for consumer in trace.nodes where consumer.inputs.contains(id) {
            var gradients = consumer.gradients
            for (k, input) in consumer.inputs.enumerated() where input == id {
                gradients[k] = .multiply(.constant(factor), gradients[k])
            }
            result.nodes[consumer.id] = replaced(consumer, gradient: consumer.gradient, gradients: gradients)
        }
        return result
    }

    @Test func noNaNOrInfinityEverPasses() throws {
        var planted = 0, nonFiniteReports = 0
        for seed in 0..<160 {
            let random = RandomNetwork.make(seed: UInt64(seed), plantNonFinite: seed % 4 != 0)
            let network = try Network(source: random.source, file: "random-\(seed).net")
            let checker = try Self.checker(network)
            let report = try checker.check(nodes: checker.parameterNodes)
            let trace = checker.trace
            planted += random.planted ? 1 : 0
            for entry in report.entries where ![entry.derived, entry.backward, entry.numeric].allSatisfy(\.isFinite) {
                #expect(entry.status == .nonfinite, "seed \(seed): \(entry.name)\(entry.position)\n\(random.source)")
            }
            for entry in report.entries where entry.status == .pass {
                #expect(entry.derived.isFinite && entry.backward.isFinite && entry.numeric.isFinite)
            }
            if let (first, _) = trace.firstNonFiniteValue {
                nonFiniteReports += 1
                #expect(report.status == .nonfinite && report.failed && report.exitCode == 1, "seed \(seed)")
                let finding = try #require(report.nonFinite)
                #expect(finding.node == first && finding.kind == .value)
                #expect(finding.message.contains("node '\(trace.nodes[first].name)'"), "\(finding.message)")
                #expect(CheckText().verdict(report).contains(finding.message))
            } else if trace.firstNonFiniteGradient() != nil {
                #expect(report.status == .nonfinite && report.nonFinite?.kind == .gradient, "seed \(seed)")
            } else if report.entries.contains(where: { $0.status == .nonfinite }) {
                #expect(report.nonFinite?.message.hasPrefix("the finite difference at ") == true)
            } else {
                #expect(report.nonFinite == nil)
            }
        }
        // The planted overflows and divisions showed up in most networks.
        #expect(planted == 120)
        #expect(nonFiniteReports > 80, "\(nonFiniteReports)")
    }

    @Test func correctRandomNetworksPassAndTheRoundingAllowanceHolds() throws {
        // Every entry of a correct network passes (or is a kink); the error of Richardson's
        // (4·D(h) − D(2h)) / 3 against the backward pass stays within half the rounding
        // allowance the checker computes (measured: 0.24 at worst).
        var worstRatio = 0.0, entries = 0
        for seed in 0..<120 {
            let random = RandomNetwork.make(seed: UInt64(1000 + seed), plantNonFinite: false)
            let network = try Network(source: random.source, file: "random-\(seed).net")
            let checker = try Self.checker(network)
            let report = try checker.check(nodes: checker.parameterNodes)
            let allowance = checker.settings.roundingAllowance(scale: checker.roundingScale)
            for entry in report.entries {
                entries += 1
                #expect(entry.status == .pass || entry.status == .kink, "seed \(seed): \(entry)\n\(random.source)")
                guard seed < 60, entry.status == .pass else { continue }
                func loss(_ delta: Double) throws -> Double {
                    try #require(network.forward(with: NodeShift(node: entry.node, element: entry.element, delta: delta)).loss)
                }
                let h = checker.settings.h
                let richardson = (8 * (try loss(h) - loss(-h)) - (try loss(2 * h) - loss(-2 * h))) / (12 * h)
                worstRatio = max(worstRatio, abs(richardson - entry.backward) / allowance)
            }
        }
        #expect(entries > 500)
        #expect(worstRatio < 0.5, "\(worstRatio)")
    }

    @Test func exactZeroGradientsPass() throws {
        // The mean of a batch-normalized output does not depend on what comes before it, nor does
        // the sum of a softmax's rows: the gradients of W and b are 0 (or rounding), and the
        // finite difference measures rounding noise.
        var random = TestRandom(seed: 7)
        var zeros = 0
        for seed in 0..<40 {
            let m = random.int(2...5), n = random.int(1...4), k = random.int(1...4)
            func values(_ count: Int) -> String {
                (0..<count).map { _ in String(format: "%.3f", random.uniform(-2, 2)) }.joined(separator: ", ")
            }
            func matrix(_ rows: Int, _ columns: Int) -> String {
                "[" + (0..<rows).map { _ in "[" + values(columns) + "]" }.joined(separator: ", ") + "]"
            }
            let loss = seed % 2 == 0
                ? "input beta = zeros(\(k))\nloss = mean(batchnorm(x @ W + b, g, beta))"
                : "loss = sum(softmax(x @ W + b))"
            let source = """
                input x = \(matrix(m, n))
                param W = \(matrix(n, k))
                param b = [\(values(k))]
                param g = [\(values(k))]
                \(loss)
                """
            let network = try Network(source: source, file: "zero-\(seed).net")
            let checker = try Self.checker(network)
            let report = try checker.check(nodes: checker.parameterNodes)
            for entry in report.entries where entry.name == "W" || entry.name == "b" {
                zeros += 1
                #expect(abs(entry.backward) < 1e-14 && abs(entry.numeric) < 1e-9)
                #expect(entry.status == .pass, "seed \(seed): \(entry)\n\(source)")
            }
            #expect(report.status == .pass, "seed \(seed)\n\(source)")
        }
        #expect(zeros > 200)
    }

    @Test func deepTanhChainsPass() throws {
        var random = TestRandom(seed: 11)
        for seed in 0..<12 {
            let depth = seed == 0 ? 700 : random.int(1...700)
            let chain = TanhChain.make(seed: UInt64(seed), depth: depth)
            let trace = chain.run(nil)
            let checker = GradientChecker(
                derivation: try Derivation(trace: trace), computation: Recomputation { chain.run($0) })
            let report = try checker.check(nodes: [0, TanhChain.weightID(1), TanhChain.weightID(depth / 2 + 1), TanhChain.weightID(depth)])
            for entry in report.entries {
                #expect(entry.status == .pass, "depth \(depth): \(entry)")
            }
        }
    }

    @Test func aWrongGradientNeverPasses() throws {
        // Both analytic witnesses made wrong by the same factor, so that only the finite
        // difference can tell: for every entry where the error exceeds the largest allowance the
        // checker may grant (the rounding allowance widened by the measured noise, at most
        // `noiseCeiling` times), with room for the finite difference's own error, the check must
        // not pass. Nearly every entry
        // qualifies: those that do not have gradients that are rounding (1e-17) next to the loss.
        let factors: [Double] = [1 + 1e-5, 1 - 1e-5, 1 + 1e-4, 1 - 3e-4, 1.001, 0.99, 1.1, 0.5, 2, 0, -1]
        var random = TestRandom(seed: 5)
        var mutated = 0, visible = 0
        for seed in 0..<150 {
            let source = RandomNetwork.make(seed: UInt64(2000 + seed), plantNonFinite: false).source
            let network = try Network(source: source, file: "random-\(seed).net")
            let trace = try network.run().trace()
            let parameters = trace.nodes.filter { $0.role == .parameter && $0.gradient != nil }
            guard !parameters.isEmpty else { continue }
            let leaf = parameters[random.int(0...(parameters.count - 1))]
            let factor = factors[seed % factors.count]
            let wrong = Self.mutated(trace, leaf: leaf.id, factor: factor)
            let checker = GradientChecker(derivation: try Derivation(trace: wrong), computation: network)
            let report = try checker.check(nodes: [leaf.id])
            let allowance = checker.settings.roundingAllowance(scale: checker.roundingScale)
            for entry in report.entries {
                let correct = try #require(leaf.gradient?[entry.element])
                guard correct != 0 else { continue }
                mutated += 1
                let error = abs(correct * (factor - 1))
                guard error > 1.5 * CheckSettings.noiseCeiling * allowance else { continue }
                visible += 1
                #expect(entry.status != .pass, "seed \(seed), factor \(factor): \(entry)\n\(source)")
                #expect(abs(entry.derived - entry.backward) <= 1e-12 * abs(correct))
            }
        }
        #expect(mutated > 300)
        #expect(Double(visible) > 0.9 * Double(mutated), "\(visible) of \(mutated)")
    }
}
