import Engine
import Support

/// How tensors are written for people: small ones in full with fixed significant digits, large
/// ones as their shape and a summary (min, mean, max, L2 norm).
public struct TensorText: Sendable {
    /// Tensors with more elements than this are summarized (unless `full`).
    public var fullLimit = 16
    public var full = false
    public var digits = 6
    public var notation: Notation = .unicode

    public init(full: Bool = false, digits: Int = 6, notation: Notation = .unicode) {
        self.full = full
        self.digits = digits
        self.notation = notation
    }

    public func number(_ x: Double) -> String { NumberFormat.significant(x, digits: digits) }

    /// The values as text lines: a scalar as one number, a vector as `[a, b]`, a matrix as rows
    /// with aligned columns, a large tensor as a summary line.
    public func lines(_ values: [Double], shape: Shape) -> [String] {
        if !full && values.count > fullLimit { return [summary(values)] }
        switch shape.rank {
        case 0: return [values.first.map(number) ?? ""]
        case 1: return ["[" + values.map(number).joined(separator: ", ") + "]"]
        default:
            let columns = TensorText.displayColumns(shape), rows = shape.count / max(columns, 1)
            let texts = values.map(number)
            var widths = [Int](repeating: 0, count: columns)
            for (k, t) in texts.enumerated() { widths[k % columns] = max(widths[k % columns], t.count) }
            return (0..<rows).map { i in
                let cells = (0..<columns).map { j in
                    let t = texts[i * columns + j]
                    return String(repeating: " ", count: widths[j] - t.count) + t
                }
                let open = i == 0 ? "[[" : " ["
                let close = i == rows - 1 ? "]]" : "],"
                return open + cells.joined(separator: ", ") + close
            }
        }
    }

    /// How many numbers a printed row holds: the last axis, except for images of one channel
    /// (N, H, W, 1), which print as their H×W grids one below the other (as (N, H, W) does), and
    /// kernels from one channel to one (KH, KW, 1, 1), which print as their KH×KW grid.
    public static func displayColumns(_ shape: Shape) -> Int {
        guard shape.rank == 4, shape[3] == 1 else { return shape.columns }
        return shape[2] == 1 ? shape[1] : shape[2]
    }

    /// One line: all of `lines` joined when short, else the summary.
    public func inline(_ values: [Double], shape: Shape) -> String {
        lines(values, shape: shape).joined(separator: " ")
    }

    /// `min −0.08 mean 0.0001 max 0.08 ‖·‖₂ 4.5`.
    public func summary(_ values: [Double]) -> String {
        guard let first = values.first else { return "(empty)" }
        var low = first, high = first, total = 0.0, squares = 0.0
        for x in values {
            low = min(low, x)
            high = max(high, x)
            total += x
            squares += x * x
        }
        let norm = notation == .ascii ? "L2" : "‖·‖₂"
        return "min \(number(low)) mean \(number(total / Double(values.count))) max \(number(high)) \(norm) \(number(squares.squareRoot()))"
    }
}
