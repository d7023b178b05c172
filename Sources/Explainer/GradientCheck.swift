import Engine

/// How gradient checks are run and judged.
///
/// Each checked entry has three witnesses: the explainer's derivation, the tape's backward pass
/// and the central finite difference `(f(θ + h) − f(θ − h)) / 2h` in Double. Two values a, b are
/// compared by the relative error `|a − b| / max(|a|, |b|, 1e-300)`; when both are below `floor`
/// in magnitude the error counts as 0 (two zeros agree), and an analytic value that differs from
/// the numeric one by less than the finite difference's rounding noise
/// `10·ε·max(|L(θ + h)|, |L(θ − h)|) / 2h` agrees with it (a zero gradient measured as 4e-11). An entry's error is the largest over
/// the three pairs; below `pass` it is PASS, below `warn` WARN, else FAIL. When the two finite
/// difference evaluations fall on different sides of a ReLU's switch point the numeric value is
/// no witness: the entry is KINK (not a failure) unless derivation and backward disagree.
public struct CheckSettings: Sendable, Equatable {
    /// The finite-difference step.
    public var h: Double = 1e-5
    /// Relative errors below this pass.
    public var pass: Double = 1e-7
    /// Relative errors below this warn; above, fail.
    public var warn: Double = 1e-4
    /// Values both smaller than this in magnitude agree.
    public var floor: Double = 1e-12
    /// Entries checked per node at most (evenly spread, plus the largest); nil checks all.
    public var samples: Int? = nil

    public init(h: Double = 1e-5, pass: Double = 1e-7, warn: Double = 1e-4, floor: Double = 1e-12, samples: Int? = nil) {
        self.h = h
        self.pass = pass
        self.warn = warn
        self.floor = floor
        self.samples = samples
    }

    /// `|a − b| / max(|a|, |b|, tiny)`, and 0 when both are below the floor.
    public func relativeError(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .infinity }
        if abs(a) < floor && abs(b) < floor { return 0 }
        if a == b { return 0 }
        return abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// The rounding noise of a central difference: each loss is exact to about ε·|L| (ε the
    /// machine epsilon), magnified by dividing by 2h; ten times that, to be safe.
    public func roundingNoise(_ lossPlus: Double, _ lossMinus: Double) -> Double {
        10 * Double.ulpOfOne * max(abs(lossPlus), abs(lossMinus)) / (2 * h)
    }

    /// The relative error of an analytic value `a` against the numeric `n`, except that when it
    /// would not pass but the two differ by less than the finite difference's own rounding
    /// noise (as when the true gradient is 0 and n is rounding), they agree: 0.
    public func numericError(_ a: Double, _ n: Double, noise: Double) -> Double {
        let error = relativeError(a, n)
        return error >= pass && abs(a - n) <= noise ? 0 : error
    }

    public func status(_ error: Double) -> CheckStatus {
        error < pass ? .pass : error < warn ? .warn : .fail
    }
}

public enum CheckStatus: String, Sendable, Comparable, CaseIterable {
    case pass = "PASS"
    case kink = "KINK"
    case warn = "WARN"
    case fail = "FAIL"

    private var rank: Int {
        switch self {
        case .pass: 0
        case .kink: 1
        case .warn: 2
        case .fail: 3
        }
    }

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
    public let status: CheckStatus

    /// `[1,0]` for a matrix, `[3]` for a vector, `[0,2,1,0]` for an image batch, empty for a
    /// single number.
    public var position: String {
        switch shape.rank {
        case 0: return ""
        case 1: return "[\(element)]"
        case 2: return "[\(element / shape.columns),\(element % shape.columns)]"
        default:
            var rest = element
            var index: [Int] = []
            for axis in stride(from: shape.rank - 1, through: 0, by: -1) {
                index.append(rest % shape[axis])
                rest /= shape[axis]
            }
            return "[" + index.reversed().map(String.init).joined(separator: ",") + "]"
        }
    }
}

/// The result of a gradient check: every checked entry, per node the worst relative error.
public struct GradientCheckReport: Sendable {
    public let settings: CheckSettings
    public let entries: [CheckedEntry]
    /// The nodes checked, in the order given, with how many entries each has in all.
    public let nodes: [(id: Int, name: String, count: Int)]

    public var status: CheckStatus { entries.map(\.status).max() ?? .pass }
    public var failed: Bool { status == .fail }
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
    /// or `samples` of them: half the largest in magnitude, the rest evenly spread over the
    /// entries whose gradient is not exactly zero (a weight from an always-blank pixel tests
    /// nothing) when there are enough of those.
    public func sampledElements(count: Int, gradient: [Double]) -> [Int] {
        guard let samples = settings.samples, samples < count else { return Array(0..<count) }
        let largest = (0..<count).sorted { (abs(gradient[$0]), -$0) > (abs(gradient[$1]), -$1) }.prefix(samples / 2)
        let spread = samples - samples / 2
        let nonzero = (0..<count).filter { gradient[$0] != 0 }
        let pool = nonzero.count >= samples ? nonzero : Array(0..<count)
        let evenly = (0..<spread).map { pool[$0 * pool.count / spread] }
        var chosen = Set<Int>()
        for i in Array(largest) + evenly + Array(0..<count) where chosen.count < samples { chosen.insert(i) }
        return chosen.sorted()
    }

    /// Checks the given nodes' entries (sampled per `settings.samples`).
    public func check(nodes: [Int]) throws -> GradientCheckReport {
        let basePattern = KinkPoints.pattern(trace)
        var entries: [CheckedEntry] = []
        var checkedNodes: [(id: Int, name: String, count: Int)] = []
        for id in nodes {
            let node = trace.nodes[id]
            guard let derived = derivation.gradient(of: id) else { continue }
            let backward = node.gradient ?? [Double](repeating: .nan, count: derived.count)
            checkedNodes.append((id, node.name, derived.count))
            for element in sampledElements(count: derived.count, gradient: backward) {
                let plus = try computation.forward(with: NodeShift(node: id, element: element, delta: settings.h))
                let minus = try computation.forward(with: NodeShift(node: id, element: element, delta: -settings.h))
                let lossPlus = plus.loss ?? .nan, lossMinus = minus.loss ?? .nan
                let numeric = (lossPlus - lossMinus) / (2 * settings.h)
                let noise = settings.roundingNoise(lossPlus, lossMinus)
                let plusPattern = KinkPoints.pattern(plus), minusPattern = KinkPoints.pattern(minus)
                let crossesKink = plusPattern != minusPattern || plusPattern != basePattern
                let d = derived[element], b = backward[element]
                let analyticError = settings.relativeError(d, b)
                let numericError = max(
                    settings.numericError(b, numeric, noise: noise), settings.numericError(d, numeric, noise: noise))
                var status = settings.status(max(analyticError, numericError))
                var error = max(analyticError, numericError)
                if crossesKink && status != .pass && settings.status(analyticError) == .pass {
                    status = .kink
                    error = analyticError
                }
                entries.append(
                    CheckedEntry(
                        node: id, name: node.name, shape: node.shape, element: element, derived: d, backward: b,
                        numeric: numeric, relativeError: error, numericError: numericError, status: status))
            }
        }
        return GradientCheckReport(settings: settings, entries: entries, nodes: checkedNodes)
    }
}
