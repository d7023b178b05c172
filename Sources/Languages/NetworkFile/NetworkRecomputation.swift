import Engine


/// A network file recomputed with one number moved: the finite-difference side of the checks.
extension Network: Recomputable {
    public func forward(with shift: NodeShift) throws -> Trace {
        let run = try run(backward: false, shift: shift)
        var trace = run.trace()
        trace.lossID = run.loss.id
        return trace
    }
}
