import Engine
import Support

/// The trace as a readable table: every forward node in execution order, then every gradient in
/// the order backward computed them (reverse).
public struct TraceTable: Sendable {
    public var text: TensorText
    /// The columns the table may take (nil: any width). A value too wide for its column wraps
    /// between numbers inside the column; when the column is too narrow for that, the value goes
    /// below its row.
    public var width: Int?

    public init(text: TensorText = TensorText(), width: Int? = nil) {
        self.text = text
        self.width = width
    }

    public func render(_ trace: Trace, title: String? = nil) -> String {
        var out: [String] = []
        let notation = text.notation
        if let title { out.append(notation.write(title)) }

        let anyStated = trace.nodes.contains { $0.stated != nil }
        let nameWidth = max(anyStated ? 8 : 4, trace.nodes.map { $0.name.count }.max() ?? 4)
        let opWidth = max(2, trace.nodes.map { $0.op.count }.max() ?? 2)
        let inputTexts = trace.nodes.map { $0.inputs.map(String.init).joined(separator: ",") }
        let inputWidth = max(6, inputTexts.map(\.count).max() ?? 6)
        let shapeTexts = trace.nodes.map { shapeText($0.shape) }
        let shapeWidth = max(5, shapeTexts.map(\.count).max() ?? 5)
        let idWidth = max(2, String(trace.nodes.count - 1).count)

        out.append("")
        out.append("Forward pass (\(trace.nodes.count) nodes, in execution order)")
        let header = [pad("id", idWidth, right: true), pad("name", nameWidth), pad("op", opWidth),
                      pad("inputs", inputWidth), pad("shape", shapeWidth), "value"].joined(separator: "  ")
        out.append(header)
        let valueIndent = idWidth + nameWidth + opWidth + inputWidth + shapeWidth + 10
        for (k, node) in trace.nodes.enumerated() {
            let lead = [pad(String(node.id), idWidth, right: true), pad(node.name, nameWidth), pad(node.op, opWidth),
                        pad(inputTexts[k], inputWidth), pad(shapeTexts[k], shapeWidth)].joined(separator: "  ")
            append(lead, text.lines(node.value, shape: node.shape), indent: valueIndent, to: &out)
        }
        if let loss = trace.loss, let id = trace.lossID {
            let name = trace.nodes[id].name
            out.append(name == "loss" ? "loss = \(text.number(loss))" : "loss \(name) = \(text.number(loss))")
        }

        let withGradients = trace.nodes.filter { $0.gradient != nil }.reversed()
        out.append("")
        if withGradients.isEmpty {
            out.append("Backward pass: not run")
        } else {
            let lossName = trace.lossID.map { trace.nodes[$0].name } ?? "loss"
            out.append(notation.write("Backward pass (\(withGradients.count) gradients ∂\(lossName)/∂node, in reverse order)"))
            let gradientIndent = idWidth + nameWidth + shapeWidth + 6
            out.append([pad("id", idWidth, right: true), pad("name", nameWidth), pad("shape", shapeWidth), "gradient"].joined(separator: "  "))
            for node in withGradients {
                let lead = [pad(String(node.id), idWidth, right: true), pad(node.name, nameWidth),
                            pad(shapeText(node.shape), shapeWidth)].joined(separator: "  ")
                append(lead, text.lines(node.gradient ?? [], shape: node.shape), indent: gradientIndent, to: &out)
                if let stated = node.stated {
                    // The learner's own gradient (`grad NAME = …`), under the tape's.
                    let shape = node.statedShape ?? node.shape
                    let lead = [pad("", idWidth), pad("  stated", nameWidth), pad(shapeText(shape), shapeWidth)]
                        .joined(separator: "  ")
                    append(lead, text.lines(stated, shape: shape), indent: gradientIndent, to: &out)
                }
            }
            if anyStated { out.append("(a 'stated' row is the gradient of the row above as its grad line states it)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func shapeText(_ shape: Shape) -> String {
        text.notation == .ascii ? shape.asciiDescription : shape.description
    }

    private func append(_ lead: String, _ lines: [String], indent: Int, to out: inout [String]) {
        if let width, lines.contains(where: { indent + $0.count > width }) {
            // The value column keeps at least 30 columns, else the value goes below the row.
            let column = width - indent >= 30 ? indent : 4
            var valueLines = TextWrap.fit(
                lines.map { String(repeating: " ", count: column) + $0 }, width: width, hanging: 0)
            if column == indent {
                out.append(lead + "  " + valueLines.removeFirst().dropFirst(column))
            } else {
                out.append(lead)
            }
            out += valueLines
            return
        }
        guard let first = lines.first else {
            out.append(lead)
            return
        }
        out.append(lead + "  " + first)
        for line in lines.dropFirst() { out.append(String(repeating: " ", count: indent) + line) }
    }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
