import Engine

/// Where a computation switches between pieces with different derivatives: a ReLU's input at 0,
/// a max-pool window's largest element (which one it is changes at a tie). A finite difference
/// whose two evaluations fall on different pieces measures a slope the derivative does not have;
/// the checker reports such entries as KINK.
public enum KinkPoints {
    /// Every op's kink pattern (`TensorOp.kinkPattern`: for a ReLU which side of 0 each input
    /// element is on, for a max-pool the position of each window's largest element), in execution
    /// order. Two runs whose patterns differ straddle a kink.
    public static func pattern(_ trace: Trace) -> [Int] {
        var result: [Int] = []
        for node in trace.nodes {
            guard let op = node.operation else { continue }
            let inputs = node.inputs.map { trace.nodes[$0] }
            if let pattern = op.kinkPattern(inputs: inputs.map(\.value), shapes: inputs.map(\.shape)) {
                result += pattern
            }
        }
        return result
    }
}
