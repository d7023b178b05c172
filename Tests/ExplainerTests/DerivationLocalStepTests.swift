import Engine
import Explainer
import Languages
import Support
import Testing

/// The derivation text in local steps: each gradient written from the gradients of the ops that
/// use it, so its numbers are those of the backward pass, its size grows linearly with the depth
/// of the graph, and a very deep graph is explained without recursion.
@Suite struct DerivationLocalStepTests {
    /// A chain of `depth` ops after the first layer: `h1 = tanh(x @ W + b)`, `h2 = tanh(h1 * 0.9)`, …
    static func chain(depth: Int) -> String {
        var lines = [
            "input x = [[0.5, -0.3]]", "param W = [[0.2, -0.4], [0.7, 0.1]]", "param b = [0.1, -0.2]",
            "h1 = tanh(x @ W + b)",
        ]
        for i in 2...depth { lines.append("h\(i) = tanh(h\(i - 1) * 0.9)") }
        lines.append("loss = sum(h\(depth))")
        return lines.joined(separator: "\n")
    }

    /// The number of characters `explain` prints for a chain, counted as it streams.
    static func explainedSize(depth: Int, checkedGradients: Int = 4) throws -> (characters: Int, longestLine: Int) {
        let network = try Network(source: chain(depth: depth), file: "chain.net")
        let trace = try network.run().trace()
        var settings = CheckSettings()
        settings.samples = 1
        let explanation = Explanation(settings: settings, checkedGradientLimit: checkedGradients)
        var characters = 0, longest = 0
        let report = try explanation.render(trace, computation: network) { line in
            characters += line.count + 1
            longest = max(longest, line.count)
        }
        #expect(report.status == .pass)
        return (characters, longest)
    }

    @Test func theTextGrowsLinearlyWithDepth() throws {
        let (short, shortLine) = try Self.explainedSize(depth: 100)
        let (long, longLine) = try Self.explainedSize(depth: 200)
        // A quadratic text (each gradient written as the whole product back to the loss) would
        // be about 4× as long; local steps make it about 2×.
        #expect(Double(long) <= 2.2 * Double(short), "100 deep: \(short) characters, 200 deep: \(long)")
        #expect(Double(long) >= 1.8 * Double(short))
        // No line grows with the depth (beyond a digit of the names).
        #expect(longLine <= shortLine + 4)
    }

    @Test func aTenThousandDeepChainIsExplainedWithoutRecursion() throws {
        let (characters, longest) = try Self.explainedSize(depth: 10_000, checkedGradients: 2)
        #expect(characters > 10_000 * 100)
        #expect(longest < 200)
    }

    @Test func theCheckOfALargeGraphIsSampledAndSaysSo() throws {
        let network = try Network(source: Self.chain(depth: 30), file: "chain.net")
        let trace = try network.run().trace()
        let (lines, report) = try Explanation(checkedGradientLimit: 5, sampledGradientEntries: 1)
            .render(trace, computation: network)
        // The sample keeps both parameters and 3 others, one entry each.
        #expect(report.nodes.count == 5)
        #expect(report.entries.count == 5)
        #expect(Set(report.nodes.map(\.name)).isSuperset(of: ["W", "b"]))
        let derived = try Derivation(trace: trace).derivedNodes.filter { $0 != trace.lossID }
        #expect(derived.count > 60)
        let entries = derived.reduce(0) { $0 + trace.nodes[$1].value.count }
        #expect(lines.contains("Check: derivation, backward pass and central finite difference for 5 of \(entries) entries"))
        #expect(lines.contains("  sampled: 5 of the \(derived.count) gradients, every parameter and the others evenly spread"))
    }

    @Test func theSampleOfADeepGraphKeepsTheRecomputedNodesWithinTheBudget() throws {
        let network = try Network(source: Self.chain(depth: 200), file: "chain.net")
        let trace = try network.run().trace()
        // Each entry runs all the nodes forward twice: a budget of 20 passes' worth is 10 entries.
        let budget = 20 * trace.nodes.count
        let report = try Explanation(recomputedNodeBudget: budget).render(trace, computation: network) { _ in }
        #expect(report.entries.count == 10)
        #expect(report.nodes.count == 10)
        #expect(report.status == .pass)
    }

    static let networks = DerivationTests.networks + [
        ("the two-layer sigmoid network", """
            input  x = [[0.05, 0.10]]
            target t = [[0.01, 0.99]]
            param W1 = [[0.15, 0.25], [0.20, 0.30]]
            param b1 = [0.35, 0.35]
            param W2 = [[0.40, 0.45], [0.50, 0.55]]
            param b2 = [0.60, 0.60]
            z1 = x @ W1 + b1
            h = sigmoid(z1)
            z2 = h @ W2 + b2
            o = sigmoid(z2)
            e = o - t
            loss = 0.5 * sum(e ^ 2)
            """),
    ]

    /// Every block's result, and every downstream gradient its numbers line puts in, printed
    /// with 17 digits, against the engine's backward pass.
    @Test(arguments: networks)
    func theNumbersOfEveryLocalStepAreTheBackwardPasss(name: String, source: String) throws {
        let trace = try Network(source: source, file: "\(name).net").run().trace()
        let derivation = try Derivation(trace: trace)
        let text = TensorText(full: true, digits: 17)
        let writer = DerivationText(text: text)
        var checked = 0
        for id in derivation.derivedNodes where id != trace.lossID {
            let node = trace.nodes[id]
            let backward = try #require(node.gradient)
            let block = writer.explanation(of: id, in: derivation)
            // The result is the last `= …` line and the aligned lines under it.
            let start = try #require(block.lastIndex { $0.contains(" = ") || $0.hasPrefix(" ") && $0.contains("= ") })
            let resultLines = block[start...].joined(separator: " ")
            let afterEquals = resultLines[resultLines.range(of: "= ", options: .backwards)!.upperBound...]
            let printed = numbers(in: afterEquals)
            #expect(printed.count == backward.count, "\(name): d\(node.name): \(block)")
            for (p, b) in zip(printed, backward) {
                #expect(abs(p - b) <= 1e-12 * max(1, abs(b)), "\(name): d\(node.name): printed \(p), backward \(b)")
            }
            // The step starts from each consumer's gradient, named and (in the numbers line) valued.
            let contributions = try #require(derivation.steps[id]).contributions
            if contributions.count == 1, let consumer = contributions.first.map({ trace.nodes[$0.consumer] }),
                consumer.id != trace.lossID
            {
                let c = Trace.differentiated(consumer.name)
                #expect(block[0].hasSuffix("= d\(c) · ∂\(c)/∂\(Trace.differentiated(node.name))"), "\(block[0])")
            }
            checked += 1
        }
        #expect(checked >= 4)
    }

    @Test func theNumbersPutInAreTheDownstreamGradients() throws {
        // dh = d(h @ W2) · W2ᵀ: the numbers line starts with d(h @ W2)'s value as the backward
        // pass has it.
        let source = Self.networks.last!.1
        let trace = try Network(source: source, file: "two-layer.net").run().trace()
        let derivation = try Derivation(trace: trace)
        let h = try #require(trace.node(named: "h"))
        let block = DerivationText(text: TensorText(digits: 6)).explanation(of: h.id, in: derivation)
        let consumer = trace.nodes[try #require(derivation.steps[h.id]).contributions[0].consumer]
        #expect(consumer.op == "matmul")
        let downstream = try #require(consumer.gradient).map { NumberFormat.significant($0, digits: 6) }
        let numbersLine = try #require(block.first { $0.trimmingPrefix(while: { $0 == " " }).hasPrefix("= [[") })
        #expect(numbersLine.contains("= [[" + downstream.joined(separator: ", ") + "]] · "), "\(numbersLine)")
    }

    @Test func theWholeChainIsShownOnceForOneParameter() throws {
        let source = Self.networks.last!.1
        let trace = try Network(source: source, file: "two-layer.net").run().trace()
        let derivation = try Derivation(trace: trace)
        let lines = DerivationText().backward(derivation)
        let unrolled = lines.indices.filter { lines[$0].contains("unrolled") }
        #expect(unrolled.count == 1)
        // W2 reaches the loss along the longest single path of at most eight steps (b2 six,
        // W2 seven, b1 nine, W1 ten): its local steps, from the loss down, as one product,
        // wrapped to lines of at most 88 characters.
        #expect(lines[unrolled[0] - 1] == "dW2 = ∂loss/∂W2 = d(h @ W2) · ∂(h @ W2)/∂W2")
        let wrapped = lines[(unrolled[0] + 1)...].prefix { !$0.contains("local ") }
        #expect(wrapped.count == 2)
        #expect(wrapped.allSatisfy { $0.count <= 88 })
        let chain = wrapped.flatMap { $0.split(separator: " ") }.joined(separator: " ")
        #expect(chain == "∂loss/∂W2 = ∂loss/∂(sum(e ^ 2)) · ∂(sum(e ^ 2))/∂(e ^ 2) · ∂(e ^ 2)/∂e · ∂e/∂o · ∂o/∂z2 · ∂z2/∂(h @ W2) · ∂(h @ W2)/∂W2")
    }
}
