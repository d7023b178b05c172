import Engine

/// A plain matrix of Doubles for the explainer's own arithmetic: row-major elements and a row and
/// column count. Every tensor is read as a matrix the way `Shape` does (a scalar is 1×1, a vector
/// of n is 1×n). Deliberately simple: it shares no code with the engine's kernels, so that what
/// it computes is an independent witness of what the engine computed.
public struct Matrix: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public var elements: [Double]

    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows * columns == elements.count, "\(elements.count) elements for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    public init(rows: Int, columns: Int, repeating value: Double) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    /// A tensor's values read as a matrix.
    public init(_ values: [Double], shape: Shape) {
        self.init(rows: shape.rows, columns: shape.columns, elements: values)
    }

    public static func scalar(_ x: Double) -> Matrix { Matrix(rows: 1, columns: 1, elements: [x]) }

    public var count: Int { elements.count }

    public subscript(i: Int, j: Int) -> Double {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// `(2×3)`, the way shapes are written.
    public var shapeDescription: String { "(\(rows)×\(columns))" }
}
