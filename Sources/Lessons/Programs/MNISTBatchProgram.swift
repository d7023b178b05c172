import Datasets
import Engine
import Languages
import Explainer
import Foundation
import NN

/// Lesson 8's program: the Keras tutorial's MNIST model (`ModelKind.mlp`, the model `backprop` trains) on
/// a batch of 4 real test images, in Double: every intermediate's shape and a sample of its
/// values, every gradient's shape, and a sampled three-witness check of the parameters, through
/// `ModelComputation`, as `backprop mnist gradcheck` checks the model.
public enum MNISTBatchProgram {
    static let batch = 4
    static let seed: UInt64 = 1
    static let samplesPerParameter = 6

    /// The program, reading MNIST from `dataOption` (else MNIST_DIR, else the per-user cache).
    public static func program(dataOption: String?) -> LessonProgram {
        LessonProgram("mnist-batch") { context in
            let directory = try MNISTLocation.resolve(dataOption: dataOption)
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

            let computation = ModelComputation(model: model, images: x, labels: y)
            let trace = try computation.trace()

            let text = context.text
            let notation = context.notation
            var out = LessonProgram.Output()
            out.lines.append("Batch: the first \(batch) test images, labels \(y.map(String.init).joined(separator: ", ")); pixels scaled to [0, 1].")
            out.lines.append(model.summary())
            out.lines.append("")
            out.lines.append("Forward: every node, its shape and a sample of its values (the first 4, then a summary)")
            var rows = [["node", "op", "shape", "values"]]
            for node in trace.nodes {
                let sample = node.value.prefix(4).map(text.number).joined(separator: ", ")
                let rest = node.value.count > 4 ? ", …  " + text.summary(node.value) : ""
                rows.append([node.name, node.op, shapeText(node.shape, notation), sample + rest])
            }
            out.lines += alignedLeft(rows).map { "  " + $0 }
            out.lines.append("")

            let derivation = try Derivation(trace: trace)
            out.lines.append("Backward: every gradient's shape, a summary, and the derivation's agreement with backward")
            var gradientRows = [["gradient", "shape", "values", "derivation vs backward"]]
            for id in derivation.derivedNodes {
                let node = trace.nodes[id]
                guard let derived = derivation.gradient(of: id), let backward = node.gradient else { continue }
                let worst = zip(derived, backward).map { CheckSettings().relativeError($0, $1) }.max() ?? 0
                gradientRows.append([Trace.gradientName(node.name), shapeText(node.shape, notation), text.summary(backward), CheckText.errorBound(worst)])
            }
            out.lines += alignedLeft(gradientRows).map { "  " + $0 }
            out.lines.append("")

            var settings = context.settings
            settings.samples = samplesPerParameter
            let checker = GradientChecker(
                derivation: derivation, computation: computation, settings: settings)
            let report = try checker.check(nodes: checker.parameterNodes)
            let writer = CheckText(text: TensorText(digits: min(context.digits, 6), notation: notation))
            out.lines.append("Sampled check: \(samplesPerParameter) entries of each parameter (half the largest gradients, half spread evenly)")
            out.lines += writer.table(report).map { "  " + $0 }
            out.lines.append("")
            out.lines += writer.summary(report)
            out.checks.append(report)
            return out
        }
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
