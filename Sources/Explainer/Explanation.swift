import Engine

/// `backprop explain` as a whole: the forward pass, every gradient's derivation from the loss
/// back, and the three-way check of every derived entry, for any computation given as a trace
/// with a way to recompute it.
public struct Explanation {
    public var text: TensorText
    public var settings: CheckSettings

    public init(text: TensorText = TensorText(), settings: CheckSettings = CheckSettings()) {
        self.text = text
        self.settings = settings
    }

    /// The explanation's lines and the check's report (whose `exitCode` the command returns).
    public func render(_ trace: Trace, computation: any Recomputable) throws -> (lines: [String], report: GradientCheckReport) {
        let derivation = try Derivation(trace: trace)
        let writer = DerivationText(text: text)
        let notation = text.notation
        var out: [String] = []
        out.append("Forward pass (\(trace.nodes.count) nodes, in execution order)")
        out += writer.forward(trace).map { "  " + $0 }
        out.append("")
        let loss = trace.lossID.map { trace.nodes[$0].name } ?? "L"
        out.append(notation.write("Backward pass (dX means ∂\(loss)/∂X; from the loss back)"))
        out += writer.backward(derivation).map { $0.isEmpty ? "" : "  " + $0 }
        out.append("")
        let checker = GradientChecker(derivation: derivation, computation: computation, settings: settings)
        let report = try checker.check(nodes: checker.allDerivedNodes)
        out.append("Check: derivation, backward pass and central finite difference for every entry")
        let checkText = CheckText(text: text)
        out += checkText.table(report).map { "  " + $0 }
        out.append(checkText.verdict(report))
        return (out, report)
    }
}
