import Engine

/// `backprop explain` as a whole: the forward pass, every gradient's derivation from the loss
/// back, and the three-way check of the derived entries, for any computation given as a trace
/// with a way to recompute it.
///
/// Every part is written node by node and handed out line by line as it is ready, so the text
/// streams and the time and memory grow in proportion to the graph. The check is the exception
/// by nature (each entry costs two forward passes of the whole graph), so on a large graph it is
/// sampled: see `checkedGradientLimit` and `recomputedNodeBudget`.
public struct Explanation {
    public var text: TensorText
    public var settings: CheckSettings
    /// Past this many derived gradients, the check takes this many of them: every parameter
    /// (up to half of them), the rest evenly spread from the loss back; each with at most
    /// `sampledGradientEntries` entries unless `settings.samples` says otherwise.
    public var checkedGradientLimit: Int
    public var sampledGradientEntries: Int
    /// Past `checkedGradientLimit`, the sample also keeps the nodes recomputed by the finite
    /// differences (two forward passes of the whole graph per entry) to about this many, with
    /// at least `fewestSampledEntries` entries: a deep graph is checked in seconds.
    public var recomputedNodeBudget: Int
    /// The columns the text may take: a check table wider than that is stacked (nil: any).
    public var width: Int?

    public static let defaultCheckedGradientLimit = 60
    public static let defaultSampledGradientEntries = 4
    public static let defaultRecomputedNodeBudget = 200_000
    static let fewestSampledEntries = 8

    public init(
        text: TensorText = TensorText(), settings: CheckSettings = CheckSettings(),
        checkedGradientLimit: Int = Explanation.defaultCheckedGradientLimit,
        sampledGradientEntries: Int = Explanation.defaultSampledGradientEntries,
        recomputedNodeBudget: Int = Explanation.defaultRecomputedNodeBudget
    ) {
        self.text = text
        self.settings = settings
        self.checkedGradientLimit = max(1, checkedGradientLimit)
        self.sampledGradientEntries = max(1, sampledGradientEntries)
        self.recomputedNodeBudget = max(0, recomputedNodeBudget)
    }

    /// The explanation's lines and the check's report (whose `exitCode` the command returns).
    public func render(_ trace: Trace, computation: any Recomputable) throws -> (lines: [String], report: GradientCheckReport) {
        var lines: [String] = []
        let report = try render(trace, computation: computation) { lines.append($0) }
        return (lines, report)
    }

    /// The explanation, each line given to `emit` as soon as it is written; returns the check's
    /// report.
    public func render(_ trace: Trace, computation: any Recomputable, emit: (String) -> Void) throws -> GradientCheckReport {
        let derivation = try Derivation(trace: trace)
        let writer = DerivationText(text: text, width: width.map { $0 - 2 })
        let notation = text.notation
        emit("Forward pass (\(trace.nodes.count) nodes, in execution order)")
        for node in trace.nodes {
            for line in writer.forwardLines(node, trace: trace) { emit("  " + line) }
        }
        emit("")
        let loss = trace.lossID.map { trace.nodes[$0].name } ?? "L"
        emit(notation.write("Backward pass (dX means ∂\(loss)/∂X; from the loss back)"))
        writer.backward(derivation) { emit($0.isEmpty ? "" : "  " + $0) }
        emit("")

        var checker = GradientChecker(derivation: derivation, computation: computation, settings: settings)
        let derived = checker.allDerivedNodes
        // Entries the budget allows, each recomputing every node twice.
        let affordable = max(Self.fewestSampledEntries, recomputedNodeBudget / max(1, 2 * trace.nodes.count))
        let checked = checkedNodes(derived, parameters: checker.parameterNodes, limit: min(checkedGradientLimit, affordable))
        if checked.count < derived.count, checker.settings.samples == nil {
            checker.settings.samples = max(1, min(sampledGradientEntries, affordable / max(1, checked.count)))
        }
        let report = try checker.check(nodes: checked)
        let entryCount = derived.reduce(0) { $0 + trace.nodes[$1].value.count }
        if report.entries.count == entryCount {
            emit("Check: derivation, backward pass and central finite difference for every entry")
        } else {
            emit("Check: derivation, backward pass and central finite difference for \(report.entries.count) of \(entryCount) entries")
        }
        if checked.count < derived.count {
            emit("  sampled: \(checked.count) of the \(derived.count) gradients, every parameter and the others evenly spread")
            emit("  from the loss back (more than \(checkedGradientLimit) gradients; each entry runs all \(trace.nodes.count) nodes twice)")
        }
        // One line per gradient and the entries that need attention; every entry with `full`.
        var checkText = CheckText(text: text, full: text.full)
        checkText.width = width.map { $0 - 2 }
        for line in checkText.body(report) { emit(line.isEmpty ? "" : "  " + line) }
        emit(checkText.verdict(report))
        return report
    }

    /// The gradients the check takes, in the order given: all of them up to
    /// `checkedGradientLimit`; past it, `limit` of them: the parameters first (up to half),
    /// then the others evenly spread over the rest, the first and the last among them.
    func checkedNodes(_ derived: [Int], parameters: [Int], limit: Int) -> [Int] {
        guard derived.count > checkedGradientLimit else { return derived }
        let limit = max(1, limit)
        let parameterSet = Set(parameters)
        var chosen = Set(derived.lazy.filter { parameterSet.contains($0) }.prefix(max(1, limit / 2)))
        let rest = derived.filter { !chosen.contains($0) }
        let spread = min(limit - chosen.count, rest.count)
        if spread == 1 {
            chosen.insert(rest[0])
        } else if spread > 1 {
            for k in 0..<spread { chosen.insert(rest[k * (rest.count - 1) / (spread - 1)]) }
        }
        return derived.filter { chosen.contains($0) }
    }
}
