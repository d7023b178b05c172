import Datasets
import Engine
import Languages
import Explainer
import Foundation
import NN

/// Lesson 8's program: the Keras tutorial's MNIST model (`ModelKind.mlp`, the model `backprop` trains) on
/// a batch of 4 real test images, in Double: the four digits, every intermediate's shape and
/// range, every gradient's, the ten probabilities of each image before and after one Adam step
/// (with Adam's state for a few weights), and a sampled three-witness check of the parameters,
/// through `ModelComputation`, as `backprop mnist gradcheck` checks the model.
public enum MNISTBatchProgram {
    /// The program's name in a lesson's ```run block.
    public static let name = "mnist-batch"
    static let batch = 4
    static let seed: UInt64 = 1
    static let samplesPerParameter = 6

    /// The program, reading MNIST from `dataOption` (else MNIST_DIR, else the per-user cache).
    public static func program(dataOption: String?) -> LessonProgram {
        LessonProgram(name) { context in
            let computation = try MNISTBatchProgram.computation(dataOption: dataOption)
            let model = computation.model, y = computation.labels
            // The pixels as the file holds them (the computation keeps them scaled to [0, 1]).
            let bytes = computation.images.elements.map { UInt8(($0 * 255).rounded()) }
            let side = MNIST.imageSide
            let trace = try computation.trace()

            let text = context.text
            let notation = context.notation
            var out = LessonProgram.Output()
            out.lines.append("Batch: the first \(batch) test images, labels \(y.map(String.init).joined(separator: ", ")); pixels scaled to [0, 1].")
            out.lines.append("")
            let style: TerminalImage.Style = notation == .ascii ? .ascii : .blocks
            out.lines += digitPanels(bytes, labels: y.map(Int.init), side: side, style: style).map { "  " + $0 }
            out.lines.append("")
            out.lines += model.summary().split(separator: "\n").map { String($0) }
            out.lines.append("")
            out.lines.append("Forward: every node, its shape and its range")
            var rows = [["node", "op", "shape", "values"]]
            for node in trace.nodes {
                let values = node.value.count == 1 ? text.number(node.value[0]) : range(node.value, text)
                rows.append([node.name, node.op, shapeText(node.shape, notation), values])
            }
            out.lines += alignedLeft(rows).map { "  " + $0 }
            out.lines.append("")

            let derivation = try Derivation(trace: trace)
            out.lines.append("Backward: every gradient's shape, its range, and how far the derivation is from backward")
            var gradientRows = [["gradient", "shape", "values", "derivation"]]
            for id in derivation.derivedNodes {
                let node = trace.nodes[id]
                guard let derived = derivation.gradient(of: id), let backward = node.gradient else { continue }
                let worst = zip(derived, backward).map { CheckSettings().relativeError($0, $1) }.max() ?? 0
                let values = backward.count == 1 ? text.number(backward[0]) : range(backward, text)
                gradientRows.append([Trace.gradientName(node.name), shapeText(node.shape, notation), values, CheckText.errorBound(worst)])
            }
            out.lines += alignedLeft(gradientRows).map { "  " + $0 }
            out.lines.append("")

            // The check runs at the parameters the gradients above were computed at, before the step.
            var settings = context.settings
            settings.samples = samplesPerParameter
            let checker = GradientChecker(
                derivation: derivation, computation: computation, settings: settings)
            let report = try checker.check(nodes: checker.parameterNodes)

            // One Adam step from the gradients of this batch (a fresh backward pass puts them in
            // the parameters' gradient buffers).
            let before = try computation.trace()
            let probabilitiesBefore = try probabilities(before)
            let adam = Adam(model.parameters)
            let chosen = watchedEntries(model.parameters)
            let valuesBefore = chosen.map { model.parameters[$0.parameter].value.array[$0.element] }
            let gradients = chosen.map { model.parameters[$0.parameter].gradient.array[$0.element] }
            adam.step()
            let after = try computation.trace()
            let probabilitiesAfter = try probabilities(after)

            out.lines.append(
                "One Adam step, t = 1 (compile(optimizer='adam')): η \(text.number(adam.learningRate)), "
                    + "β1 \(text.number(adam.beta1)), β2 \(text.number(adam.beta2)), ε \(text.number(adam.epsilon))")
            out.lines += context.write([
                "  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²  (both start at 0)",
                "  α = η·√(1 − β2ᵗ)/(1 − β1ᵗ),  step = α·m/(√(v) + ε)",
                "  which is η·m̂/(√(v̂) + ε̂) with the bias-corrected m̂ = m/(1 − β1ᵗ),",
                "  v̂ = v/(1 − β2ᵗ), ε̂ = ε/√(1 − β2ᵗ);  θ ← θ − step",
            ])
            var adamRows = [["weight", "g", "m", "v", "step", "θ before", "θ after"].map(notation.write)]
            for (k, entry) in chosen.enumerated() {
                let parameter = model.parameters[entry.parameter]
                let (m, v) = adam.moments(of: entry.parameter)
                let valueAfter = parameter.value.array[entry.element]
                adamRows.append([
                    entryName(parameter, entry.element), text.number(gradients[k]), text.number(m[entry.element]),
                    text.number(v[entry.element]), text.number(valuesBefore[k] - valueAfter),
                    text.number(valuesBefore[k]), text.number(valueAfter),
                ])
            }
            out.lines += alignedRows(adamRows, width: context.width.map { $0 - 2 }).map { "  " + $0 }
            out.lines.append(
                "  On this first step m̂ = g and v̂ = g²: each weight moves by about η against its")
            out.lines.append("  gradient, whatever the gradient's size; one whose gradient is 0 (a border pixel's) stays.")
            out.lines.append("")

            out.lines.append("The ten probabilities softmax(logits) of each image, before and after the step")
            out.lines.append("(the label's in brackets)")
            // Each cell 8 wide, the label's in brackets: 91 columns in all.
            let digitsHeader = (0..<10).map { String(repeating: " ", count: 6) + "\($0) " }.joined()
            out.lines.append(trimmed("  label     " + digitsHeader))
            for i in 0..<batch {
                for (when, p) in [("before ", probabilitiesBefore[i]), ("after  ", probabilitiesAfter[i])] {
                    let cells = p.enumerated().map { j, q in
                        let number = String(format: "%.4f", q)
                        return j == Int(y[i]) ? "[" + number + "]" : " " + number + " "
                    }
                    let label = when == "before " ? "\(y[i])" : " "
                    out.lines.append(trimmed("  \(label)  \(when)" + cells.joined()))
                }
            }
            let lossBefore = before.nodes[before.lossID ?? 0].value[0], lossAfter = after.nodes[after.lossID ?? 0].value[0]
            out.lines.append(
                "  loss (the mean of −log p(label)): \(text.number(lossBefore)) before, \(text.number(lossAfter)) after")
            out.lines.append("")

            let writer = context.checkText
            out.lines.append("Sampled check, at the parameters before the step (where the gradients above were computed):")
            out.lines.append("\(samplesPerParameter) entries of each parameter, half the largest gradients, half spread evenly")
            out.lines += writer.body(report).map { $0.isEmpty ? "" : "  " + $0 }
            out.lines.append("")
            out.lines += writer.verdictLines(report)
            out.checks.append(report)
            out.lines = context.write(out.lines)
            return out
        }
    }

    /// The lesson's computation: the model on the first `batch` test images, read from
    /// `dataOption` (else MNIST_DIR, else the per-user cache). `backprop trace 8` and the other
    /// commands that take a lesson run it.
    public static func computation(
        dataOption: String?, environment: [String: String] = MNISTLocation.processEnvironment()
    ) throws -> ModelComputation {
        let directory = try MNISTLocation.resolve(dataOption: dataOption, environment: environment)
        guard let imagesPath = MNIST.locate(.testImages, in: directory),
            let labelsPath = MNIST.locate(.testLabels, in: directory)
        else {
            throw LessonError("MNIST test files not found in \(directory); \(MNISTLocation.howToGetIt)")
        }
        let images = try IDX.read(file: imagesPath, expectedMagic: IDX.imagesMagic, itemName: "images")
        let labels = try IDX.read(file: labelsPath, expectedMagic: IDX.labelsMagic, itemName: "labels")
        let side = MNIST.imageSide, pixels = side * side
        guard images.dimensions.count == 3, images.dimensions[1] == side, images.dimensions[2] == side,
            images.dimensions[0] >= batch, labels.dimensions[0] >= batch
        else {
            throw LessonError("\((imagesPath as NSString).lastPathComponent): expected at least \(batch) images of 28×28")
        }
        let x = Tensor<Double>(
            shape: Shape(batch, side, side), elements: images.data.prefix(batch * pixels).map { Double($0) / 255 })
        let y = labels.data.prefix(batch).map { Int32($0) }
        let model = ModelKind.mlp.make(seed: seed, as: Double.self)
        return ModelComputation(model: model, images: x, labels: y)
    }

    /// The softmax of each row of the trace's `logits`, in Double, shifted by the row's maximum.
    static func probabilities(_ trace: Trace) throws -> [[Double]] {
        guard let logits = trace.nodes.last(where: { $0.name == "logits" }), logits.shape.rank == 2 else {
            throw LessonError("program 'mnist-batch': the model recorded no logits")
        }
        let rows = logits.shape.dimensions[0], columns = logits.shape.dimensions[1]
        return (0..<rows).map { i in
            let z = Array(logits.value[(i * columns)..<((i + 1) * columns)])
            let top = z.max() ?? 0
            let e = z.map { Foundation.exp($0 - top) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        }
    }

    /// The weights whose Adam state the lesson shows: the entry of W1 at the first pixel (a
    /// border pixel, gradient 0), then the largest gradient of each parameter.
    static func watchedEntries(_ parameters: [Parameter<Double>]) -> [(parameter: Int, element: Int)] {
        var entries: [(parameter: Int, element: Int)] = [(0, 0)]
        for (k, p) in parameters.enumerated() {
            let g = p.gradient.array
            guard let largest = g.indices.max(by: { abs(g[$0]) < abs(g[$1]) }) else { continue }
            entries.append((k, largest))
        }
        return entries
    }

    /// `W1[3,17]` or `b2[4]`.
    static func entryName(_ parameter: Parameter<Double>, _ element: Int) -> String {
        let d = parameter.shape.dimensions
        if d.count == 2 { return "\(parameter.name)[\(element / d[1]),\(element % d[1])]" }
        return "\(parameter.name)[\(element)]"
    }

    /// The images side by side, two a row: each pixel column one character, two pixel rows
    /// averaged into one line (a character is about twice as tall as wide), in a frame, with
    /// its label above.
    static func digitPanels(_ bytes: [UInt8], labels: [Int], side: Int, style: TerminalImage.Style) -> [String] {
        let (h, v, tl, tr, bl, br) = style == .blocks ? ("─", "│", "┌", "┐", "└", "┘") : ("-", "|", "+", "+", "+", "+")
        let perRow = 2, gap = "    "
        var lines: [String] = []
        for first in stride(from: 0, to: labels.count, by: perRow) {
            let group = first..<min(first + perRow, labels.count)
            let panels: [[String]] = group.map { i in
                let base = i * side * side
                var panel = ["label \(labels[i])".padding(toLength: side + 2, withPad: " ", startingAt: 0)]
                panel.append(tl + String(repeating: h, count: side) + tr)
                for row in stride(from: 0, to: side, by: 2) {
                    var line = v
                    for column in 0..<side {
                        let upper = Int(bytes[base + row * side + column])
                        let lower = row + 1 < side ? Int(bytes[base + (row + 1) * side + column]) : upper
                        line.append(TerminalImage.shade(UInt8((upper + lower) / 2), style: style))
                    }
                    panel.append(line + v)
                }
                panel.append(bl + String(repeating: h, count: side) + br)
                return panel
            }
            for j in panels[0].indices {
                let line = panels.map { $0[j] }.joined(separator: gap)
                lines.append(trimmed(line))
            }
        }
        return lines
    }

    private static func trimmed(_ line: String) -> String {
        String(line.reversed().drop(while: { $0 == " " }).reversed())
    }

    private static func range(_ values: [Double], _ text: TensorText) -> String {
        let low = values.min() ?? 0, high = values.max() ?? 0
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        return "min \(text.number(low))  max \(text.number(high))  mean \(text.number(mean))"
    }

    private static func shapeText(_ shape: Shape, _ notation: Notation) -> String {
        notation == .ascii ? shape.asciiDescription : shape.description
    }

    /// Rows in columns two spaces apart, all left-aligned (the last column free).
    private static func alignedLeft(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
        return rows.map { row in
            row.enumerated().map { j, cell in j == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[j] - cell.count) }
                .joined(separator: "  ")
        }
    }
}
