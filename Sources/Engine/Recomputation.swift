/// One number of a computation moved by `delta`: element `element` (row-major) of the node with
/// trace id `node`. For an op's result the value is moved right after the op computed it, so
/// every later node sees the moved value.
public struct NodeShift: Sendable, Equatable {
    public let node: Int
    public let element: Int
    public let delta: Double

    public init(node: Int, element: Int, delta: Double) {
        self.node = node
        self.element = element
        self.delta = delta
    }
}

/// A computation that can be run forward again in Double with one number moved: the finite
/// difference side of the checks. The explainer knows computations only through their traces and
/// this; network files, scalar expressions and the lessons' Swift programs each provide one.
public protocol Recomputable {
    /// The forward trace of the computation with `shift` applied (its `loss` is read).
    func forward(with shift: NodeShift) throws -> Trace
}

/// A `Recomputable` from a closure.
public struct Recomputation: Recomputable {
    private let body: (NodeShift) throws -> Trace

    public init(_ body: @escaping (NodeShift) throws -> Trace) { self.body = body }

    public func forward(with shift: NodeShift) throws -> Trace { try body(shift) }
}
