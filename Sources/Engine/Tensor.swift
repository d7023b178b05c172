import Kernels

/// A value-typed tensor: a shape and its elements in row-major order. This is how values enter
/// and leave the engine (parameters' initial values, inputs, snapshots); inside a training step
/// the tape works on its own reusable buffers instead.
public struct Tensor<T: KernelScalar>: Equatable, Sendable, CustomStringConvertible {
    public var shape: Shape
    public var elements: [T]

    public init(shape: Shape, elements: [T]) {
        precondition(shape.count == elements.count, "\(elements.count) elements for shape \(shape)")
        self.shape = shape
        self.elements = elements
    }

    public init(zeros shape: Shape) {
        self.init(shape: shape, elements: Array(repeating: 0, count: shape.count))
    }

    /// A scalar tensor.
    public init(_ value: T) {
        self.init(shape: .scalar, elements: [value])
    }

    /// A matrix from its rows; every row must have the same length.
    public init(rows: [[T]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(shape: Shape(rows.count, columns), elements: rows.flatMap { $0 })
    }

    public var count: Int { elements.count }

    /// The element at row `i`, column `j` of a matrix.
    public subscript(i: Int, j: Int) -> T {
        get { elements[i * shape.columns + j] }
        set { elements[i * shape.columns + j] = newValue }
    }

    public var description: String {
        "Tensor\(shape) " + elements.map { "\($0)" }.joined(separator: ", ")
    }

    /// The same values in another precision.
    public func converted<U: KernelScalar>(to: U.Type = U.self) -> Tensor<U> {
        Tensor<U>(shape: shape, elements: elements.map { U($0) })
    }
}
