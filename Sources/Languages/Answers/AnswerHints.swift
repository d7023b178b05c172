import Engine
import Support

/// Says which local step broke in the first wrong stated gradient from the loss back, by
/// comparing that step's result (`local`, computed with the right upstream gradients) with the
/// backward pass's: tests of shape (its transpose, one row per sample of a row that was added to
/// every row), of a constant ratio (−1, the batch size, another number), and of the local
/// derivative of each op that uses the value (the right answer is `local` times that factor, or
/// divided by it; a factor of only 0s and 1s is a ReLU's mask). The ops are read from the trace,
/// their rules from the op table, so nothing here knows a particular network.
struct HintFinder {
    let trace: Trace
    let network: Network

    /// Looser than the verdict's tolerance: a product with a factor rounds once more.
    static let tolerance = 1e-8

    func hint(for answer: GradientAnswer, local given: Tensor<Double>?, rightUpstream: [String]) -> AnswerHint {
        let g = answer.gradientName, x = answer.name
        let expected = Tensor(shape: answer.shape, elements: answer.backward)
        let prefix = rightUpstream.isEmpty
            ? "" : list(rightUpstream.map { "d" + $0 }) + (rightUpstream.count == 1 ? " is" : " are") + " right, but \(g) is not: "
        func make(_ kind: AnswerHint.Kind, _ nudge: String, _ text: String) -> AnswerHint {
            AnswerHint(gradient: g, kind: kind, nudge: nudge, text: prefix + text)
        }
        if !answer.followsFrom.isEmpty {
            let upstream = list(answer.followsFrom.map { "d" + $0 })
            return make(.upstream, "\(g) uses a wrong gradient", "\(g) is wrong only because \(upstream) is: with the right \(upstream) its own step is right")
        }
        guard let local = given else {
            return make(.other, "\(g) is the first wrong gradient from the loss back", "\(g) is the first wrong gradient from the loss back")
        }
        let ls = local.shape, ts = expected.shape
        let shapeNudge = "\(g) must have the shape of \(x), \(ts)"

        // Shapes.
        if !AnswerVerdict.sameShape(ls, ts) {
            if ls.rank == 2, ts.rank == 2, ls[0] == ts[1], ls[1] == ts[0] {
                let values = agree(transposed(local), expected) ? " Transposed, its values are right." : ""
                return make(
                    .transpose, shapeNudge,
                    "\(g) has the shape of \(x)ᵀ, \(ls) where \(x) is \(ts): transpose?\(values)")
            }
            if ls.rank == 2, ls[0] > 1, ts.columns == ls[1], ts.count == ls[1] {
                let sums = (0..<ls[1]).map { j in (0..<ls[0]).reduce(0.0) { $0 + local.elements[$1 * ls[1] + j] } }
                let right = agree(Tensor(shape: ts, elements: sums), expected) ? "; its column sums are right" : ""
                return make(
                    .unsummedBroadcast, shapeNudge,
                    "\(g) has shape \(ls), one row per sample, where \(x) is \(ts): \(x) is added to every row, so "
                        + "its gradient is the sum of theirs, down the rows (sum(…, axis=0))\(right)")
            }
            return make(.shape, shapeNudge, "\(g) has shape \(ls), but \(x) is \(ts): a gradient has its value's shape")
        }
        let l = Tensor(shape: ts, elements: local.elements)

        // The values of the transpose, in a square matrix.
        if ts.rank == 2, ts[0] == ts[1], ts[0] > 1, !agree(transposed(expected), expected), agree(transposed(l), expected) {
            return make(
                .transpose, "compare \(g) with its transpose",
                "\(g) holds the values of its transpose: transpose? (\(x) is square, so the shape does not show it)")
        }

        // A matrix product's other operand used as it is where its transpose belongs (square, so
        // the shapes fit either way): for C = A·B, dA = dC·Bᵀ and dB = Aᵀ·dC.
        for consumer in trace.nodes where consumer.op == "matmul" && consumer.inputs.contains(answer.node) {
            guard let upstream = consumer.gradient, consumer.inputs.count == 2 else { continue }
            let a = trace.nodes[consumer.inputs[0]], b = trace.nodes[consumer.inputs[1]]
            let dC = Tensor(shape: consumer.shape, elements: upstream)
            let d = Trace.gradientName(consumer.name)
            let candidate: Tensor<Double>?, right: String, written: String
            if consumer.inputs[0] == answer.node {
                candidate = product(dC, Tensor(shape: b.shape, elements: b.value))
                (right, written) = ("\(d) · \(Trace.operand(b.name))ᵀ", "\(d) · \(Trace.operand(b.name))")
            } else {
                candidate = product(Tensor(shape: a.shape, elements: a.value), dC)
                (right, written) = ("\(Trace.operand(a.name))ᵀ · \(d)", "\(Trace.operand(a.name)) · \(d)")
            }
            if let candidate, agree(candidate, expected) == false, agree(l, candidate) {
                return make(
                    .transpose, "\(g): which factor of \(consumer.name) = \(consumer.formula) is transposed?",
                    "\(g) is \(written), but for \(consumer.name) = \(consumer.formula) it is \(right): transpose?")
            }
        }

        // A constant ratio: the sign, the batch mean.
        let ratio = constantRatio(expected.elements, l.elements)
        if let r = ratio, abs(r + 1) < Self.tolerance {
            return make(.sign, "check the sign of \(g)", "\(g) has the opposite sign everywhere")
        }
        if let r = ratio {
            for b in batchSizes {
                if relative(r * Double(b), 1) < Self.tolerance {
                    return make(
                        .batchMean, "\(g): how does the loss average over the batch?",
                        "\(g) is \(b)× too large: the loss is a mean over the batch of \(b), so its gradient carries a factor 1/\(b)")
                }
                if relative(r, Double(b)) < Self.tolerance {
                    return make(
                        .batchMean, "\(g): how does the loss average over the batch?",
                        "\(g) is \(b)× too small: the mean over the batch of \(b) divides by \(b) once, not twice")
                }
            }
        }

        // The local derivative of an op that uses the value, missing or applied twice.
        for consumer in trace.nodes where consumer.inputs.contains(answer.node) && consumer.shape == ts {
            guard let (factor, name) = localFactor(of: consumer, input: answer.node) else { continue }
            guard !factor.allSatisfy({ $0 == 1 }) else { continue }
            let op = consumer.name + " = " + consumer.formula
            if agree(Tensor(shape: ts, elements: zip(l.elements, factor).map(*)), expected) {
                if let kink = (consumer.operation as? any ElementwiseOp)?.kink, factor.contains(0),
                    factor.allSatisfy({ $0 == 0 || $0 == 1 })
                {
                    let at = NumberFormat.compact(kink)
                    return make(
                        .reluMask, "\(g): which of its entries must be 0?",
                        "check the \(consumer.op == "relu" ? "ReLU" : consumer.op) mask (entries where \(x) ≤ \(at) must be 0; \(op))")
                }
                return make(
                    .missingFactor, "\(g): look again at the local derivative of \(op)",
                    "\(g) is off by the factor \(name) in every entry, the local derivative of \(op): \(consumer.rule)")
            }
            if agree(l, Tensor(shape: ts, elements: zip(expected.elements, factor).map(*))) {
                return make(
                    .extraFactor, "\(g): look again at the local derivative of \(op)",
                    "\(g) has the factor \(name) once too often, the local derivative of \(op): \(consumer.rule)")
            }
        }
        if let r = ratio, r.isFinite, r != 0 {
            let k = 1 / r
            let how = k > 1 ? "\(NumberFormat.significant(k, digits: 4))× too large" : "\(NumberFormat.significant(k, digits: 4))× the right value"
            return make(.scale, "\(g) is off by the same factor in every entry", "\(g) is \(how) in every entry")
        }
        var text = "\(g) is the first wrong gradient from the loss back"
        if let entry = answer.worst.first {
            text += "; furthest off: \(entry.place) is \(Trace.number(entry.stated)), the backward pass says "
                + Trace.number(entry.backward)
        }
        return make(.other, "\(g) is the first wrong gradient from the loss back", text)
    }

    /// The factor an op multiplies its input's gradient by, entry by entry, when the op is
    /// elementwise in that input: an elementwise function's derivative, the other operand of a
    /// product, a scale's number; with its name (`sigmoid'(z2)`, `W`, `0.5`).
    private func localFactor(of consumer: Trace.Node, input id: Int) -> ([Double], String)? {
        let x = trace.nodes[id]
        if let f = consumer.operation as? any ElementwiseOp, consumer.inputs.first == id {
            let values = zip(x.value, consumer.value).map { f.derivative($0, output: $1) }
            return (values, "\(consumer.op)'(\(x.name))")
        }
        if let scale = consumer.operation as? Scale {
            return ([Double](repeating: scale.factor, count: x.value.count), NumberFormat.compact(scale.factor))
        }
        if consumer.op == "multiply", consumer.inputs.count == 2 {
            let other = trace.nodes[consumer.inputs[0] == id ? consumer.inputs[1] : consumer.inputs[0]]
            guard other.value.count == x.value.count else { return nil }
            return (other.value, Trace.operand(other.name))
        }
        return nil
    }

    /// The batch sizes of the network: the first dimension of every input with more than one row.
    private var batchSizes: [Int] {
        var sizes: [Int] = []
        for node in trace.nodes where node.role == .input && node.shape.rank >= 2 && node.shape[0] > 1 {
            if !sizes.contains(node.shape[0]) { sizes.append(node.shape[0]) }
        }
        return sizes
    }

    /// `a / b` when it is the same number in every entry (entries where both are 0 aside), else nil.
    private func constantRatio(_ a: [Double], _ b: [Double]) -> Double? {
        var ratio: Double? = nil
        for (x, y) in zip(a, b) {
            let small = AnswerVerdict.floor
            if abs(x) < small && abs(y) < small { continue }
            guard abs(x) >= small, abs(y) >= small, x.isFinite, y.isFinite else { return nil }
            let r = x / y
            if let ratio, relative(ratio, r) >= Self.tolerance { return nil }
            ratio = ratio ?? r
        }
        return ratio
    }

    private func relative(_ a: Double, _ b: Double) -> Double { AnswerVerdict.relativeError(a, b) }

    private func agree(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Bool {
        AnswerVerdict.sameShape(a.shape, b.shape) && a.count == b.count
            && zip(a.elements, b.elements).allSatisfy { relative($0, $1) < Self.tolerance }
    }

    /// The matrix product a·b, or nil when the shapes do not fit.
    private func product(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double>? {
        guard a.shape.rank == 2, b.shape.rank == 2, a.shape[1] == b.shape[0] else { return nil }
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let x = a.elements[i * k + p]
                for j in 0..<n { out[i * n + j] += x * b.elements[p * n + j] }
            }
        }
        return Tensor(shape: Shape(m, n), elements: out)
    }

    private func transposed(_ t: Tensor<Double>) -> Tensor<Double> {
        guard t.shape.rank == 2 else { return t }
        let m = t.shape[0], n = t.shape[1]
        var out = [Double](repeating: 0, count: t.count)
        for i in 0..<m { for j in 0..<n { out[j * m + i] = t.elements[i * n + j] } }
        return Tensor(shape: Shape(n, m), elements: out)
    }

    private func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
