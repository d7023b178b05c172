import Foundation
import Engine
import Kernels
import NN
import Support

/// How one stated gradient compares with the tape's backward pass.
public enum AnswerVerdict: Sendable, Equatable {
    /// Bit for bit the backward pass's numbers.
    case exact
    /// Every entry within a relative 1e-9 of the backward pass: right up to rounding.
    case close(maxDifference: Double)
    /// Some entries further off: the largest absolute difference, how many entries, of how many.
    case wrong(maxDifference: Double, wrongEntries: Int, entries: Int)
    /// Not the shape of the value it is the gradient of.
    case shape(stated: Shape, expected: Shape)
    /// `grad NAME = ?`, or it uses a gradient that cannot be computed.
    case notAnswered

    /// The relative error below which an entry counts as right (rounding, not a mistake).
    public static let closeTolerance = 1e-9
    /// Two values both smaller than this in magnitude agree.
    public static let floor = 1e-12

    /// Exact or close.
    public var isRight: Bool {
        switch self {
        case .exact, .close: true
        default: false
        }
    }

    /// `exact`, `close (max diff 3e-17)`, `WRONG (max diff 0.41, 3 of 4 entries)`,
    /// `shape (2×1), expected (2×2)`, `not answered`.
    public var text: String {
        switch self {
        case .exact: "exact"
        case .close(let d): "close (max diff \(Self.brief(d, digits: 1)))"
        case .wrong(let d, let k, let n):
            "WRONG (max diff \(d.isFinite ? Self.brief(d, digits: 2) : "NaN"), "
                + (n == 1 ? "1 entry)" : "\(k) of \(n) entries)")
        case .shape(let s, let e): "shape \(s), expected \(e)"
        case .notAnswered: "not answered"
        }
    }

    /// `3e-9`, `0.41`: a difference with few digits and a short exponent.
    static func brief(_ x: Double, digits: Int) -> String {
        NumberFormat.significant(x, digits: digits).replacingOccurrences(of: "e-0", with: "e-")
            .replacingOccurrences(of: "e+0", with: "e+")
    }

    /// A one-word status for summaries: `wrong`, `shape`, `not answered`.
    public var word: String {
        switch self {
        case .exact: "exact"
        case .close: "close"
        case .wrong: "wrong"
        case .shape: "shape"
        case .notAnswered: "not answered"
        }
    }

    /// `|a − b| / max(|a|, |b|)`, 0 when both are below `floor`, infinity when either is not finite.
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        if !a.isFinite || !b.isFinite { return a == b && !a.isNaN ? 0 : .infinity }
        if abs(a) < floor && abs(b) < floor { return 0 }
        if a == b { return 0 }
        return abs(a - b) / max(abs(a), abs(b))
    }

    /// The verdict on `stated` against the backward pass's `expected` entries of a value of `shape`.
    public static func judge(_ stated: Tensor<Double>?, expected: [Double], shape: Shape) -> AnswerVerdict {
        guard let stated else { return .notAnswered }
        guard sameShape(stated.shape, shape) else { return .shape(stated: stated.shape, expected: shape) }
        if zip(stated.elements, expected).allSatisfy({ $0 == $1 }) { return .exact }
        var maxDifference = 0.0, wrong = 0
        for (a, b) in zip(stated.elements, expected) {
            let d = abs(a - b)
            maxDifference = d.isNaN || maxDifference.isNaN ? .nan : max(maxDifference, d)
            if !(relativeError(a, b) < closeTolerance) { wrong += 1 }
        }
        return wrong == 0 ? .close(maxDifference: maxDifference) : .wrong(maxDifference: maxDifference, wrongEntries: wrong, entries: expected.count)
    }

    /// Shapes that hold the same numbers the same way: equal, or both a single number (`()`
    /// and `(1×1)`).
    /// Shapes that hold the same numbers the same way: equal but for leading 1s (a row (1×2) and
    /// a vector (2), a single number () and (1×1)).
    static func sameShape(_ a: Shape, _ b: Shape) -> Bool {
        a.dimensions.drop { $0 == 1 } == b.dimensions.drop { $0 == 1 }
    }
}

/// One entry of a stated gradient beside the backward pass and the finite difference.
public struct AnswerEntry: Sendable {
    public let element: Int
    /// `dW2[0,1]`.
    public let place: String
    public let stated: Double
    public let backward: Double
    /// The central finite difference, when this entry was checked that way.
    public let numeric: Double?
}

/// One stated gradient, judged.
public struct GradientAnswer: Sendable {
    /// The value it is the gradient of (`W2`).
    public let name: String
    /// The node of that value in the trace.
    public let node: Int
    /// The value's shape, which the gradient must have.
    public let shape: Shape
    public let verdict: AnswerVerdict
    /// The learner's numbers (nil when not answered).
    public let stated: Tensor<Double>?
    /// The backward pass's.
    public let backward: [Double]
    /// Central finite differences of the entries checked that way (all of them up to
    /// `AnswerCheck.numericEntries`, else that many spread over the gradient and its worst entries).
    public let numeric: [Int: Double]
    /// The entries furthest off, worst first (for a wrong gradient).
    public let worst: [AnswerEntry]
    /// Gradients not answered yet that this one uses: their right values were put in.
    public let substituted: [String]
    /// For a wrong gradient whose own step is right: the wrong stated gradients it uses.
    public let followsFrom: [String]
    /// Where its `grad` line is.
    public let location: SourceLocation

    /// `dW2`.
    public var gradientName: String { "d" + name }

    /// The largest relative disagreement of the backward pass with the finite differences.
    public var numericError: Double {
        numeric.map { AnswerVerdict.relativeError(backward[$0.key], $0.value) }.max() ?? 0
    }
}

/// A hint at the first broken step.
public struct AnswerHint: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The gradient has the shape (or the values) of its transpose.
        case transpose
        /// A local derivative's factor is missing (the right answer divided by it).
        case missingFactor = "missing-factor"
        /// A local derivative's factor is applied once too often.
        case extraFactor = "extra-factor"
        /// Off by the batch size: the loss's mean over the batch.
        case batchMean = "batch-mean"
        /// Off by the factor −1.
        case sign
        /// Off by another constant factor.
        case scale
        /// A row added to every row of a batch, whose gradient was not summed back.
        case unsummedBroadcast = "unsummed-broadcast"
        /// A ReLU's mask left out: right where the input is > 0, not 0 elsewhere.
        case reluMask = "relu-mask"
        /// Another shape than the value's.
        case shape
        /// Wrong only because a stated gradient it uses is.
        case upstream
        /// None of the above: the entries furthest off.
        case other
    }

    /// The gradient it is about (`dz2`).
    public let gradient: String
    public let kind: Kind
    /// A first, gentle hint: where to look.
    public let nudge: String
    /// The hint in full: what is off, and by what.
    public let text: String
}

/// Every stated gradient of a network checked against its backward pass and central finite
/// differences, from the loss back, with a hint at the first broken step.
public struct AnswerReport: Sendable {
    /// The file checked.
    public let file: String
    /// From the loss back (the order backward computes them).
    public let answers: [GradientAnswer]
    /// At the first wrong gradient from the loss back; nil when none is wrong.
    public let hint: AnswerHint?
    /// The trace of the run, each stated gradient beside the tape's (`Trace.Node.stated`).
    public let trace: Trace

    /// Whether every stated gradient is exact or close.
    public var allRight: Bool { answers.allSatisfy(\.verdict.isRight) }
    /// The gradients that are not right yet.
    public var notRight: [GradientAnswer] { answers.filter { !$0.verdict.isRight } }
    /// 0 when every stated gradient is right, 1 otherwise (`backprop check`).
    public var exitCode: Int32 { allRight && !answers.isEmpty ? 0 : 1 }

    public func answer(_ gradientName: String) -> GradientAnswer? { answers.first { $0.gradientName == gradientName } }
}

/// Checks the learner's stated gradients (`grad NAME = EXPR`) of a network:
///
///     let report = try AnswerCheck(network: network).run()
///     for answer in report.answers { print(answer.gradientName, answer.verdict.text) }
///     print(report.hint?.text ?? "all right")
///
/// Each stated gradient is evaluated in Double from the forward values and the learner's other
/// stated gradients (the right value put in for one not answered yet) and compared entry by
/// entry with the tape's backward pass (`AnswerVerdict.judge`) and central finite differences.
/// The first wrong one from the loss back is evaluated again with the right upstream gradients
/// put in for any wrong ones, and its own step compared with the right one to say what broke.
public struct AnswerCheck {
    public let network: Network
    /// Entries per gradient compared with a central finite difference (all of a smaller one).
    public var numericEntries = 16
    /// The finite-difference step.
    public var h = 1e-5
    /// Entries shown per wrong gradient.
    public var worstEntries = 3

    public init(network: Network) { self.network = network }

    public func run() throws -> AnswerReport {
        let run = try network.run()
        var trace = run.trace()
        trace.lossID = run.loss.id
        var truths: [String: Tensor<Double>] = [:]
        var nodes: [String: Int] = [:]
        for gradient in network.statedGradients {
            guard let v = run.variables[gradient.name] else { continue }
            let node = trace.nodes[v.id]
            nodes[gradient.name] = v.id
            truths[gradient.name] = Tensor(
                shape: node.shape, elements: node.gradient ?? [Double](repeating: 0, count: node.shape.count))
        }
        let unanswered = Set(network.statedGradients.filter { !$0.isAnswered }.map(\.name))
        let values = try network.statedGradientValues(given: truths.filter { unanswered.contains($0.key) })
        // From the loss back: in the order the backward pass completes each gradient, when it
        // reaches the first op that uses the value (ties in the order of the file).
        var completed = [Int](repeating: Int.max, count: trace.nodes.count)
        for node in trace.nodes {
            for input in node.inputs where input < completed.count { completed[input] = min(completed[input], node.id) }
        }
        let order = network.statedGradients.enumerated().sorted { a, b in
            let na = nodes[a.element.name].map { completed[$0] } ?? -1, nb = nodes[b.element.name].map { completed[$0] } ?? -1
            return na != nb ? na > nb : a.offset < b.offset
        }.map(\.element)

        var answers: [GradientAnswer] = []
        for gradient in order {
            guard let id = nodes[gradient.name], let truth = truths[gradient.name] else { continue }
            let stated = values[gradient.name]
            let verdict = AnswerVerdict.judge(stated, expected: truth.elements, shape: truth.shape)
            let worst = verdict.isWrong ? Self.worst(stated!.elements, truth.elements, count: worstEntries) : []
            let numeric = try numericGradient(node: id, count: truth.count, including: worst)
            let worstEntries = worst.map { k in
                AnswerEntry(
                    element: k, place: Trace.gradientName(gradient.name) + Trace.position(k, in: truth.shape),
                    stated: stated!.elements[k], backward: truth.elements[k], numeric: numeric[k])
            }
            answers.append(
                GradientAnswer(
                    name: gradient.name, node: id, shape: truth.shape, verdict: verdict, stated: stated,
                    backward: truth.elements, numeric: numeric, worst: worstEntries,
                    substituted: gradient.uses.filter { unanswered.contains($0) }, followsFrom: [],
                    location: gradient.location))
        }
        // A wrong gradient whose own step is right with the right upstream gradients put in is
        // wrong only because of them; the first one from the loss back that is not gets the hint.
        let wrongNames = Set(answers.filter { !$0.verdict.isRight && $0.verdict != .notAnswered }.map(\.name))
        var hint: AnswerHint? = nil
        if !wrongNames.isEmpty {
            let rightUpstream = truths.filter { wrongNames.contains($0.key) || unanswered.contains($0.key) }
            let local = try network.statedGradientValues(given: rightUpstream)
            for (k, answer) in answers.enumerated() where wrongNames.contains(answer.name) {
                let gradient = network.statedGradients.first { $0.name == answer.name }!
                let upstreamWrong = gradient.uses.filter { wrongNames.contains($0) }
                guard !upstreamWrong.isEmpty, let own = local[answer.name] else { continue }
                if AnswerVerdict.judge(own, expected: answer.backward, shape: answer.shape).isRight {
                    answers[k] = answer.following(upstreamWrong)
                }
            }
            if let first = answers.first(where: { wrongNames.contains($0.name) && $0.followsFrom.isEmpty })
                ?? answers.first(where: { wrongNames.contains($0.name) })
            {
                let gradient = network.statedGradients.first { $0.name == first.name }!
                let rightUses = gradient.uses.filter { u in answers.first { $0.name == u }?.verdict.isRight ?? false }
                hint = HintFinder(trace: trace, network: network).hint(
                    for: first, local: local[first.name] ?? first.stated, rightUpstream: rightUses)
            }
        }
        for answer in answers {
            guard let stated = answer.stated else { continue }
            trace.nodes[answer.node].stated = stated.elements
            trace.nodes[answer.node].statedShape = stated.shape
        }
        return AnswerReport(file: network.file, answers: answers, hint: hint, trace: trace)
    }

    /// The `count` entries where `a` and `b` differ most, worst first (NaN first of all).
    static func worst(_ a: [Double], _ b: [Double], count: Int) -> [Int] {
        let differences = zip(a, b).map { x, y in
            let d = abs(x - y)
            return d.isNaN ? Double.infinity : d
        }
        return differences.indices.filter { AnswerVerdict.relativeError(a[$0], b[$0]) >= AnswerVerdict.closeTolerance }
            .sorted { differences[$0] != differences[$1] ? differences[$0] > differences[$1] : $0 < $1 }
            .prefix(count).map { $0 }
    }

    /// Central finite differences `(L(θ + h) − L(θ − h)) / 2h` of the node's entries: all of
    /// them up to `numericEntries`, else that many evenly spread, and `including` in any case.
    func numericGradient(node: Int, count: Int, including: [Int]) throws -> [Int: Double] {
        var elements = Set(including)
        if count <= numericEntries {
            elements.formUnion(0..<count)
        } else {
            for k in 0..<numericEntries { elements.insert(k * count / numericEntries) }
        }
        var result: [Int: Double] = [:]
        for element in elements.sorted() {
            let plus = try network.run(backward: false, shift: NodeShift(node: node, element: element, delta: h)).lossValue
            let minus = try network.run(backward: false, shift: NodeShift(node: node, element: element, delta: -h)).lossValue
            result[element] = (plus - minus) / (2 * h)
        }
        return result
    }

    /// A network's stated gradients put beside the tape's in its trace (`Trace.Node.stated`),
    /// without the finite differences: what `trace`, `explain` and `--json` show.
    public static func trace(of network: Network) throws -> Trace {
        let run = try network.run()
        var trace = run.trace()
        trace.lossID = run.loss.id
        guard !network.statedGradients.isEmpty else { return trace }
        var truths: [String: Tensor<Double>] = [:]
        for gradient in network.statedGradients where !gradient.isAnswered {
            guard let v = run.variables[gradient.name], let g = trace.nodes[v.id].gradient else { continue }
            truths[gradient.name] = Tensor(shape: trace.nodes[v.id].shape, elements: g)
        }
        for (name, value) in try network.statedGradientValues(given: truths) {
            guard let v = run.variables[name] else { continue }
            trace.nodes[v.id].stated = value.elements
            trace.nodes[v.id].statedShape = value.shape
        }
        return trace
    }
}

extension AnswerVerdict {
    /// Wrong numbers (not a shape, not unanswered).
    var isWrong: Bool { if case .wrong = self { true } else { false } }
}

extension GradientAnswer {
    func following(_ upstream: [String]) -> GradientAnswer {
        GradientAnswer(
            name: name, node: node, shape: shape, verdict: verdict, stated: stated, backward: backward, numeric: numeric,
            worst: worst, substituted: substituted, followsFrom: upstream, location: location)
    }
}
