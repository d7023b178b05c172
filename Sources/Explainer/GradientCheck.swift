import Engine

/// How gradient checks are run and judged.
///
/// Each checked entry has three witnesses: the explainer's derivation, the tape's backward pass
/// and the central finite difference D(h) = `(L(θ + h) − L(θ − h)) / 2h` in Double. Two values
/// a, b are compared by the relative error `|a − b| / max(|a|, |b|)`; when both are below `floor`
/// in magnitude the error counts as 0 (two zeros agree). An analytic value and the numeric one
/// also agree when they differ by less than the finite difference's own error (`allowance`):
/// its rounding, `roundingSafety · ε · Σ |v|·|∂L/∂v| / h` over every entry v of every node
/// (each computed value is off by a relative ε at most, which reaches L multiplied by its
/// gradient, and the difference of two losses is divided by 2h); its truncation error, of
/// order h², is taken out when that is not enough: D(2h) is computed too and the analytic value
/// compared with Richardson's `(4·D(h) − D(2h)) / 3`, within 1.5 times the rounding allowance or
/// the loss's noise measured by the fourth difference of L at θ, θ ± h, θ ± 2h, divided by h,
/// whichever is larger (but at most `noiseCeiling` times the rounding allowance).
/// An entry's error is the largest over the three pairs; below `pass` it is PASS, below `warn`
/// WARN, else FAIL. A NaN or an infinity in any witness or either loss is NONFINITE, a failure
/// like FAIL. When the two finite-difference evaluations fall on different sides of a ReLU's
/// switch point the numeric value is no witness: the entry is KINK (not a failure) unless
/// derivation and backward disagree.
public struct CheckSettings: Sendable, Equatable {
    /// The finite-difference step.
    public var h: Double = 1e-5
    /// Relative errors below this pass.
    public var pass: Double = 1e-7
    /// Relative errors below this warn; above, fail.
    public var warn: Double = 1e-4
    /// Values both smaller than this in magnitude agree.
    public var floor: Double = 1e-12
    /// Entries checked per node at most (half the largest, the rest evenly spread); nil checks
    /// all, or `automaticSamples` of a node with more than `sampleAbove` entries.
    public var samples: Int? = nil
    /// When `samples` is nil, nodes with more entries than this are sampled anyway; nil never.
    public var sampleAbove: Int? = nil
    /// How many entries such a node gets.
    public var automaticSamples = 100

    /// The factor on the rounding estimate ε · Σ |v|·|∂L/∂v| / h. The estimate adds up every
    /// node's worst case; on random networks and 700-deep tanh chains the finite difference's
    /// measured error stays below half of it (see `GradientCheckPropertyTests`).
    public static let roundingSafety = 2.0
    /// How far the loss's measured noise may widen the rounding allowance, at most.
    public static let noiseCeiling = 20.0

    public init(
        h: Double = 1e-5, pass: Double = 1e-7, warn: Double = 1e-4, floor: Double = 1e-12, samples: Int? = nil,
        sampleAbove: Int? = nil
    ) {
        self.h = h
        self.pass = pass
        self.warn = warn
        self.floor = floor
        self.samples = samples
        self.sampleAbove = sampleAbove
    }

    /// `|a − b| / max(|a|, |b|)`, 0 when both are below the floor, and infinity when either is
    /// not finite (an infinity equal to another is no agreement).
    public func relativeError(_ a: Double, _ b: Double) -> Double {
        if !a.isFinite || !b.isFinite { return .infinity }
        if abs(a) < floor && abs(b) < floor { return 0 }
        if a == b { return 0 }
        return abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// The rounding error of a central difference at this h, given `scale` = Σ |v|·|∂L/∂v| over
    /// every entry of every node: each loss is off by about ε · scale, and their difference is
    /// divided by 2h.
    public func roundingAllowance(scale: Double) -> Double {
        Self.roundingSafety * Double.ulpOfOne * scale / h
    }

    /// The relative error of an analytic value `a` against the numeric `n`, except that when it
    /// would not pass but the two differ by less than the finite difference's own error
    /// `allowance` (as when the true gradient is 0 and n is rounding), they agree: 0.
    public func numericError(_ a: Double, _ n: Double, allowance: Double) -> Double {
        let error = relativeError(a, n)
        return error >= pass && error.isFinite && abs(a - n) <= allowance ? 0 : error
    }

    public func status(_ error: Double) -> CheckStatus {
        error < pass ? .pass : error < warn ? .warn : .fail
    }

    /// How many entries of a node with `count` entries are checked: nil for all of them.
    public func sampleCount(for count: Int) -> Int? {
        if let samples { return samples < count ? samples : nil }
        if let sampleAbove, count > sampleAbove, automaticSamples < count { return automaticSamples }
        return nil
    }
}

public enum CheckStatus: String, Sendable, Comparable, CaseIterable {
    case pass = "PASS"
    case kink = "KINK"
    case warn = "WARN"
    case fail = "FAIL"
    /// A NaN or an infinity in a witness: a failure, ranked above FAIL so that a report shows it.
    case nonfinite = "NONFINITE"

    private var rank: Int {
        switch self {
        case .pass: 0
        case .kink: 1
        case .warn: 2
        case .fail: 3
        case .nonfinite: 4
        }
    }

    /// FAIL and NONFINITE.
    public var isFailure: Bool { self >= .fail }

    public static func < (a: CheckStatus, b: CheckStatus) -> Bool { a.rank < b.rank }
}

/// One checked gradient entry.
public struct CheckedEntry: Sendable {
    public let node: Int
    public let name: String
    public let shape: Shape
    public let element: Int
    public let derived: Double
    public let backward: Double
    public let numeric: Double
    /// The largest relative error among the three witnesses (the numeric one left out at a kink).
    public let relativeError: Double
    /// The numeric witness's own disagreement with backward (shown even at a kink).
    public let numericError: Double
    /// How far the finite difference may be off by its own rounding: analytic values closer to
    /// it than this agree with it.
    public let allowance: Double
    /// Richardson's (4·D(h) − D(2h)) / 3, when D(h) alone did not agree and was compared again
    /// without its h² term; nil otherwise.
    public let extrapolated: Double?
    public let status: CheckStatus

    /// `[1,0]` for a matrix, `[3]` for a vector, `[0,2,1,0]` for an image batch, empty for a
    /// single number.
    public var position: String { Trace.position(element, in: shape) }
}

/// The result of a gradient check: every checked entry, per node the worst relative error.
public struct GradientCheckReport: Sendable {
    public let settings: CheckSettings
    public let entries: [CheckedEntry]
    /// The nodes checked, in the order given, with how many entries each has in all.
    public let nodes: [(id: Int, name: String, count: Int)]
    /// The first NaN or infinity met: in the forward values (execution order), else in a
    /// gradient (backward order), else in a finite difference's run; nil when all was finite.
    public let nonFinite: NonFiniteFinding?

    public var status: CheckStatus { max(entries.map(\.status).max() ?? .pass, nonFinite == nil ? .pass : .nonfinite) }
    public var failed: Bool { status.isFailure }
    /// The nodes of which only some entries were checked.
    public var sampledNodes: [(id: Int, name: String, count: Int, checked: Int)] {
        nodes.compactMap { node in
            let checked = entries.count { $0.node == node.id }
            return checked < node.count ? (node.id, node.name, node.count, checked) : nil
        }
    }
    public var kinkCount: Int { entries.count { $0.status == .kink } }

    /// The worst relative error of a node's entries, kinks left out.
    public func worstError(of node: Int) -> Double {
        entries.filter { $0.node == node && $0.status != .kink }.map(\.relativeError).max() ?? 0
    }

    public func status(of node: Int) -> CheckStatus {
        entries.filter { $0.node == node }.map(\.status).max() ?? .pass
    }

    /// The worst relative error over everything, kinks left out.
    public var worstError: Double { entries.filter { $0.status != .kink }.map(\.relativeError).max() ?? 0 }

    /// 0 when nothing failed, 1 otherwise: the exit code of `backprop gradcheck`.
    public var exitCode: Int32 { failed ? 1 : 0 }
}

/// Checks derived and backward gradients against finite differences.
public struct GradientChecker {
    public let derivation: Derivation
    public let computation: any Recomputable
    public var settings: CheckSettings

    public init(derivation: Derivation, computation: any Recomputable, settings: CheckSettings = CheckSettings()) {
        self.derivation = derivation
        self.computation = computation
        self.settings = settings
    }

    public var trace: Trace { derivation.trace }

    /// The parameters (and differentiated inputs): the leaves that take a gradient.
    public var parameterNodes: [Int] {
        trace.nodes.filter { $0.role != .operation && derivation.steps[$0.id] != nil }.map(\.id)
    }

    /// Every node with a derived gradient, from the loss back, the loss itself left out.
    public var allDerivedNodes: [Int] { derivation.derivedNodes.filter { $0 != trace.lossID } }

    /// The element indices checked for a node of `count` elements with `gradient`: all of them,
    /// or (per `settings.sampleCount`) n of them: half the largest in magnitude, the rest evenly
    /// spread over the entries whose gradient is not exactly zero (a weight from an always-blank
    /// pixel tests nothing) when there are enough of those.
    public func sampledElements(count: Int, gradient: [Double]) -> [Int] {
        guard let samples = settings.sampleCount(for: count) else { return Array(0..<count) }
        let largest = Self.largest(samples / 2, of: gradient.prefix(count))
        let spread = samples - samples / 2
        let nonzero = (0..<count).filter { gradient[$0] != 0 }
        let pool = nonzero.count >= samples ? nonzero : Array(0..<count)
        let evenly = (0..<spread).map { pool[$0 * pool.count / spread] }
        var chosen = Set<Int>()
        for i in largest + evenly where chosen.count < samples { chosen.insert(i) }
        var next = 0
        while chosen.count < samples {
            chosen.insert(next)
            next += 1
        }
        return chosen.sorted()
    }

    /// The indices of the `k` entries largest in magnitude (the first of equal ones), in one pass
    /// (a parameter may have millions of entries; sorting them all took seconds).
    static func largest(_ k: Int, of values: ArraySlice<Double>) -> [Int] {
        guard k > 0 else { return [] }
        var top: [(magnitude: Double, index: Int)] = []  // largest first
        for (i, x) in zip(values.indices, values) {
            let m = x.isNaN ? Double.infinity : abs(x)
            if top.count == k, let last = top.last, m <= last.magnitude { continue }
            let at = top.firstIndex { m > $0.magnitude } ?? top.count
            top.insert((m, i - values.startIndex), at: at)
            if top.count > k { top.removeLast() }
        }
        return top.map(\.index)
    }

    /// Σ |v|·|∂L/∂v| over every entry of every node with a gradient (the larger of derivation's
    /// and backward's): how far the rounding of each computed value can move the loss.
    public var roundingScale: Double {
        var total = 0.0
        for node in trace.nodes {
            let derived = derivation.gradient(of: node.id), backward = node.gradient
            guard derived != nil || backward != nil else { continue }
            for (k, v) in node.value.enumerated() where v.isFinite {
                var g = 0.0
                if let x = derived?[k], x.isFinite { g = abs(x) }
                if let x = backward?[k], x.isFinite { g = max(g, abs(x)) }
                total += abs(v) * g
            }
        }
        return total
    }

    /// The first NaN or infinity of the trace's values or of the backward pass's or the
    /// derivation's gradients.
    public var nonFiniteFinding: NonFiniteFinding? {
        trace.nonFiniteFinding() ?? trace.nonFiniteFinding(gradient: { derivation.gradient(of: $0) })
    }

    /// Checks the given nodes' entries (sampled per `settings`).
    public func check(nodes: [Int]) throws -> GradientCheckReport {
        let basePattern = KinkPoints.pattern(trace)
        let allowance = settings.roundingAllowance(scale: roundingScale)
        var finding = nonFiniteFinding
        var entries: [CheckedEntry] = []
        var checkedNodes: [(id: Int, name: String, count: Int)] = []
        for id in nodes {
            let node = trace.nodes[id]
            guard let derived = derivation.gradient(of: id) else { continue }
            let backward = node.gradient ?? [Double](repeating: .nan, count: derived.count)
            checkedNodes.append((id, node.name, derived.count))
            for element in sampledElements(count: derived.count, gradient: backward) {
                let d = derived[element], b = backward[element]
                let h = settings.h
                func moved(_ delta: Double) throws -> Trace {
                    try computation.forward(with: NodeShift(node: id, element: element, delta: delta))
                }
                let plus = try moved(h), minus = try moved(-h)
                let lossPlus = plus.loss ?? .nan, lossMinus = minus.loss ?? .nan
                let numeric = (lossPlus - lossMinus) / (2 * h)
                let place = node.name + Trace.position(element, in: node.shape)
                guard [d, b, lossPlus, lossMinus, numeric].allSatisfy(\.isFinite) else {
                    if finding == nil {
                        for (run, side) in [(plus, "+"), (minus, "−")] {
                            guard let found = run.nonFiniteFinding() else { continue }
                            finding = NonFiniteFinding(
                                kind: found.kind, node: found.node, element: found.element, number: found.number,
                                message: "the finite difference at \(place) \(side) h: " + found.message)
                            break
                        }
                    }
                    entries.append(
                        CheckedEntry(
                            node: id, name: node.name, shape: node.shape, element: element, derived: d, backward: b,
                            numeric: numeric, relativeError: .infinity, numericError: .infinity, allowance: allowance,
                            extrapolated: nil, status: .nonfinite))
                    continue
                }
                let plusPattern = KinkPoints.pattern(plus), minusPattern = KinkPoints.pattern(minus)
                let crossesKink = plusPattern != minusPattern || plusPattern != basePattern
                let analyticError = settings.relativeError(d, b)
                func agreement(_ n: Double, _ allowance: Double) -> Double {
                    max(settings.numericError(b, n, allowance: allowance), settings.numericError(d, n, allowance: allowance))
                }
                var numericError = agreement(numeric, allowance)
                var usedAllowance = allowance
                var extrapolated: Double? = nil
                if numericError >= settings.pass && !crossesKink {
                    // D(h) = g + c·h² + O(h⁴) and D(2h) = g + 4c·h² + …: (4·D(h) − D(2h)) / 3 drops the
                    // h² term; its rounding is (4·r + r/2) / 3 for D(h)'s r. Used only when the wider
                    // step crosses no kink and stays finite.
                    // An op can lose more to rounding inside it than its output shows (batch
                    // normalization's x − μ when σ is small next to μ): the loss's own noise, seen
                    // in the fourth difference of the five losses at θ, θ ± h, θ ± 2h, widens the
                    // allowance when it is larger, up to `noiseCeiling` times it (the difference's
                    // smooth part, of order h⁴, is no noise: a large h must not buy a PASS).
                    let plus2 = try moved(2 * h), minus2 = try moved(-2 * h)
                    if let l2p = plus2.loss, let l2m = minus2.loss, l2p.isFinite, l2m.isFinite,
                        KinkPoints.pattern(plus2) == basePattern, KinkPoints.pattern(minus2) == basePattern
                    {
                        let richardson = (4 * numeric - (l2p - l2m) / (4 * h)) / 3
                        var wider = 1.5 * allowance
                        if let base = trace.loss, base.isFinite {
                            let noise = abs(l2p - 4 * lossPlus + 6 * base - 4 * lossMinus + l2m) / h
                            wider = max(wider, min(noise, CheckSettings.noiseCeiling * allowance))
                        }
                        let error = agreement(richardson, wider)
                        if error < numericError {
                            numericError = error
                            usedAllowance = wider
                            extrapolated = richardson
                        }
                    }
                }
                var status = settings.status(max(analyticError, numericError))
                var error = max(analyticError, numericError)
                if crossesKink && status != .pass && settings.status(analyticError) == .pass {
                    status = .kink
                    error = analyticError
                }
                entries.append(
                    CheckedEntry(
                        node: id, name: node.name, shape: node.shape, element: element, derived: d, backward: b,
                        numeric: numeric, relativeError: error, numericError: numericError, allowance: usedAllowance,
                        extrapolated: extrapolated, status: status))
            }
        }
        return GradientCheckReport(settings: settings, entries: entries, nodes: checkedNodes, nonFinite: finding)
    }
}
