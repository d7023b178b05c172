import Engine
import Foundation
import Support

/// The pictures of an MNIST trace for `backprop page 8` and `backprop mnist trace --page`: the
/// input digits, the first layer's weights as one image per unit (28×28 for a dense layer, the
/// kernel's size for a convolution), the probabilities of each digit, and the gradient of the loss
/// with respect to each input pixel.
///
/// Images travel as bytes in base64, one byte a pixel, row by row: a digit's pixels as the MNIST
/// file holds them (0 to 255, exact), and a signed image (a weight, a gradient) as
/// `round(127.5·(v/scale + 1))` with its own `scale` = the largest |v| of that image, so that
/// `scale·(byte/127.5 − 1)` is within `scale/255` of the number and 127 or 128 is about 0.
struct DigitImages {
    struct Digit {
        /// Where the image comes from: `test image 0`, `training image 3`.
        let name: String
        let label: Int?
        let pixels: [UInt8]
        let probabilities: [Double]
        /// The loss's gradient with respect to each pixel (scaled to [0, 1]), nil when not recorded.
        let gradient: [Double]?
    }

    let side: Int
    let digits: [Digit]
    /// The first layer's weights: its name, each unit's image and the image's side lengths.
    let weightsName: String?
    let weightRows: Int
    let weightColumns: Int
    let weights: [[Double]]

    /// Reads the pictures from a trace of an MNIST model (an input `x` of shape (N, 28, 28), a
    /// node `logits` of shape (N, 10), and a loss with labels). `inputGradient` is the gradient
    /// of `x` when the trace did not record one; `names` say where each image comes from.
    init(_ trace: Trace, inputGradient: [Double]? = nil, names: [String] = []) throws {
        guard let x = trace.nodes.first(where: { $0.role == .input }), x.shape.rank == 3,
            x.shape.dimensions[1] == x.shape.dimensions[2]
        else {
            throw CommandError("this trace has no batch of square images to draw")
        }
        let count = x.shape.dimensions[0]
        side = x.shape.dimensions[1]
        let pixels = side * side
        let logits = trace.nodes.last { $0.name == "logits" && $0.shape.rank == 2 && $0.shape.dimensions[0] == count }
        let labels = trace.lossID.flatMap { trace.nodes[$0].labels }
        let gradient = inputGradient ?? x.gradient
        var digits: [Digit] = []
        for i in 0..<count {
            let image = x.value[(i * pixels)..<((i + 1) * pixels)]
            var probabilities: [Double] = []
            if let logits {
                let classes = logits.shape.dimensions[1]
                let z = logits.value[(i * classes)..<((i + 1) * classes)]
                let top = z.max() ?? 0
                let e = z.map { Foundation.exp($0 - top) }
                let total = e.reduce(0, +)
                probabilities = e.map { $0 / total }
            }
            digits.append(
                Digit(
                    name: i < names.count ? names[i] : "image \(i)",
                    label: labels.flatMap { i < $0.count ? $0[i] : nil },
                    pixels: image.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) },
                    probabilities: probabilities,
                    gradient: gradient.flatMap { $0.count == count * pixels ? Array($0[(i * pixels)..<((i + 1) * pixels)]) : nil }
                ))
        }
        self.digits = digits

        // The first parameter: a dense layer's (pixels, units) or a convolution's (kh, kw, 1, units).
        if let first = trace.nodes.first(where: { $0.role == .parameter }) {
            let d = first.shape.dimensions
            if d.count == 2, d[0] == pixels {
                weightsName = first.name
                (weightRows, weightColumns) = (side, side)
                weights = (0..<d[1]).map { unit in (0..<d[0]).map { first.value[$0 * d[1] + unit] } }
            } else if d.count == 4, d[2] == 1 {
                weightsName = first.name
                (weightRows, weightColumns) = (d[0], d[1])
                weights = (0..<d[3]).map { unit in (0..<(d[0] * d[1])).map { first.value[$0 * d[3] + unit] } }
            } else {
                (weightsName, weightRows, weightColumns, weights) = (nil, 0, 0, [])
            }
        } else {
            (weightsName, weightRows, weightColumns, weights) = (nil, 0, 0, [])
        }
    }

    /// Whether `trace` is of a model on square images with logits, as an MNIST model's is.
    static func looksLikeDigits(_ trace: Trace) -> Bool {
        guard let x = trace.nodes.first(where: { $0.role == .input }), x.shape.rank == 3 else { return false }
        let d = x.shape.dimensions
        return d[1] == d[2] && trace.nodes.contains { $0.name == "logits" && $0.shape.rank == 2 && $0.shape.dimensions[0] == d[0] }
    }

    /// A signed image as bytes around 127.5, and its scale (the largest |v|; 0 for an image of zeros).
    static func signedBytes(_ values: [Double]) -> (bytes: [UInt8], scale: Double) {
        let scale = values.reduce(0) { max($0, abs($1)) }
        guard scale > 0, scale.isFinite else { return ([UInt8](repeating: 128, count: values.count), 0) }
        return (values.map { UInt8(max(0, min(255, (127.5 * ($0 / scale + 1)).rounded()))) }, scale)
    }

    /// The number a byte of a signed image stands for.
    static func signedValue(_ byte: UInt8, scale: Double) -> Double { scale * (Double(byte) / 127.5 - 1) }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The pictures as the page reads them (`Sources/Page/README.md` describes the members).
    var json: JSONValue {
        let digitsJSON: [JSONValue] = digits.map { digit in
            var members: [(String, JSONValue)] = [
                ("name", .string(digit.name)),
                ("label", digit.label.map { .integer($0) } ?? .null),
                ("pixels", .string(Self.base64(digit.pixels))),
                ("probabilities", .array(digit.probabilities.map { .number($0) })),
            ]
            if let gradient = digit.gradient {
                let (bytes, scale) = Self.signedBytes(gradient)
                members.append(("gradient", .object([("scale", .number(scale)), ("bytes", .string(Self.base64(bytes)))])))
            } else {
                members.append(("gradient", .null))
            }
            return .object(members)
        }
        var members: [(String, JSONValue)] = [("side", .integer(side)), ("digits", .array(digitsJSON))]
        if let weightsName {
            let images = weights.map(Self.signedBytes)
            members.append(
                (
                    "weights",
                    .object([
                        ("name", .string(weightsName)),
                        ("rows", .integer(weightRows)),
                        ("columns", .integer(weightColumns)),
                        ("scales", .array(images.map { .number($0.scale) })),
                        ("images", .array(images.map { .string(Self.base64($0.bytes)) })),
                    ])
                ))
        } else {
            members.append(("weights", .null))
        }
        return .object(members)
    }
}
