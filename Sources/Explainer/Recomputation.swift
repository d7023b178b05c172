import Engine

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

/// Where a computation switches between pieces with different derivatives: a ReLU's input at 0,
/// a max-pool window's largest element (which one it is changes at a tie). A finite difference
/// whose two evaluations fall on different pieces measures a slope the derivative does not have;
/// the checker reports such entries as KINK.
public enum KinkPoints {
    /// For every ReLU input element, which side of 0 it is on (−1, 0, +1), and for every max-pool
    /// window, the position of its largest element; in execution order. Two runs whose patterns
    /// differ straddle a kink.
    public static func pattern(_ trace: Trace) -> [Int] {
        var result: [Int] = []
        for node in trace.nodes {
            guard let input = node.inputs.first.map({ trace.nodes[$0] }) else { continue }
            switch node.op {
            case "relu":
                for x in input.value { result.append(x > 0 ? 1 : x < 0 ? -1 : 0) }
            case "maxpool2d":
                guard case .special(let map)? = node.gradients.first, let size = map.attributes["size"],
                    let stride = map.attributes["stride"], input.shape.rank == 4, node.shape.rank == 4
                else { continue }
                let x = input.shape, y = node.shape, same = map.attributes["same"] == 1
                let rows = WindowGradients.Axis(size: x[1], window: size, stride: stride, same: same)
                let columns = WindowGradients.Axis(size: x[2], window: size, stride: stride, same: same)
                for n in 0..<y[0] {
                    for i in 0..<y[1] {
                        for j in 0..<y[2] {
                            for c in 0..<y[3] {
                                var best: (value: Double, index: Int)? = nil
                                for a in 0..<size {
                                    guard let p = rows.source(i, a) else { continue }
                                    for b in 0..<size {
                                        guard let q = columns.source(j, b) else { continue }
                                        let k = WindowGradients.index(x, n, p, q, c)
                                        if best == nil || input.value[k] > best!.value { best = (input.value[k], k) }
                                    }
                                }
                                result.append(best?.index ?? -1)
                            }
                        }
                    }
                }
            default:
                continue
            }
        }
        return result
    }

    /// Whether an op switches pieces at some inputs (used to point at the op in reports).
    public static func isKinked(op: String) -> Bool { op == "relu" || op == "maxpool2d" }
}
