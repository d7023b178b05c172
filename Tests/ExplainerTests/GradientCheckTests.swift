import Engine
import Explainer
import Foundation
import Kernels
import Languages
import Testing

/// y = x² elementwise with a deliberately wrong backward (dx += dy · x instead of dy · 2x) but
/// the right gradient expression: the backward witness is the one that lies.
struct SquareWithWrongBackward: TensorOp {
    var name: String { "bad_square" }
    var arity: Int { 1 }
    func formula(_ x: [String]) -> String { "\(x[0])²" }
    var rule: String { "∂(x²)/∂x = 2x" }
    func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .multiply(.upstream, .multiply(.constant(2), .input(0)))
    }
    func outputShape(_ x: ShapeList) throws(EngineError) -> Shape { x[0] }
    func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0), y = c.output
        for i in 0..<y.count { y.value[i] = x.value[i] * x.value[i] }
    }
    func backward<T: KernelScalar>(_ c: OpContext<T>) {
        let x = c.input(0)
        guard let dY = c.output.gradient, let dX = x.gradient else { return }
        for i in 0..<x.count { dX[i] += dY[i] * x.value[i] }  // wrong on purpose: misses the 2
    }
}

@Suite struct GradientCheckTests {
    /// loss = Σ square(W ⊙ x) on a tape, with a recomputation that moves one number.
    static func squareNetwork(_ shift: NodeShift? = nil, w: [Double] = [0.7, -1.2, 0.4]) throws -> Trace {
        let tape = Tape<Double>()
        let x = tape.input("x", Tensor(rows: [[1.5, 0.5, -2.0]]))
        let parameter = Parameter("W", Tensor(rows: [w]))
        let wVariable = tape.parameter(parameter)
        func moved(_ v: Variable) -> Variable {
            if let shift, shift.node == v.id { tape.node(v).value.pointer[shift.element] += shift.delta }
            return v
        }
        _ = moved(wVariable)
        let product = moved(try tape.multiply(x, wVariable, name: "xw"))
        let square = moved(try tape.record(SquareWithWrongBackward(), NodeInputs(product), name: "sq"))
        let loss = try tape.sum(square, name: "loss")
        if shift == nil { try tape.backward(from: loss) }
        var trace = tape.trace()
        trace.lossID = loss.id
        return trace
    }

    @Test func aWrongBackwardIsReportedAsFail() throws {
        let trace = try Self.squareNetwork()
        let checker = GradientChecker(
            derivation: try Derivation(trace: trace), computation: Recomputation { try Self.squareNetwork($0) })
        let report = try checker.check(nodes: checker.parameterNodes)
        #expect(report.entries.count == 3)
        #expect(report.entries.allSatisfy { $0.status == .fail })
        #expect(report.failed)
        #expect(report.exitCode == 1)
        // The derivation and the finite difference agree with each other: the tape is the liar.
        for entry in report.entries {
            #expect(relativeDifference(entry.derived, entry.numeric) < 1e-7)
            #expect(relativeDifference(entry.backward, entry.derived / 2) < 1e-12)
        }
        #expect(CheckText().verdict(report).hasSuffix("FAIL (3 FAIL)"))
    }

    /// By default one line per gradient (with its counts) and the entries that are not PASS;
    /// with `full`, every entry.
    @Test func aCheckIsOneLinePerGradientAndTheEntriesThatNeedAttention() throws {
        let trace = try Self.squareNetwork()
        let checker = GradientChecker(
            derivation: try Derivation(trace: trace), computation: Recomputation { try Self.squareNetwork($0) })
        let report = try checker.check(nodes: checker.parameterNodes)
        let compact = CheckText().lines(report)
        let w = try #require(compact.first { $0.hasPrefix("dW ") })
        #expect(w.contains("3 FAIL") && w.hasSuffix("FAIL"))
        let heading = try #require(compact.firstIndex(of: "Entries that are not PASS:"))
        #expect(compact[(heading + 2)...].prefix { !$0.isEmpty }.count == 3)
        #expect(compact.last == CheckText().verdict(report))
        // Every entry fails here, so the full table has the same three rows, and the lines per gradient follow.
        let full = CheckText(full: true).lines(report)
        #expect(full.count { $0.hasPrefix("dW ") && $0.contains("[") } == 3)
        #expect(!full.contains("Entries that are not PASS:"))
    }

    @Test func aWrongDerivativeRuleIsReportedAsFail() throws {
        // The 2-2-2 network with the sigmoid's gradient expression replaced by a wrong one
        // (dY ⊙ Y, the derivative of exp): the derivation witness disagrees.
        let network = try NetworkSource.load(path: packageRoot + "/Lessons/two-layer-sigmoid.net")
        var trace = try network.run().trace()
        let h = try #require(trace.node(named: "h"))
        let old = trace.nodes[h.id]
        trace.nodes[h.id] = Trace.Node(
            id: old.id, name: old.name, op: old.op, role: old.role, inputs: old.inputs, shape: old.shape,
            value: old.value, gradient: old.gradient, formula: old.formula, rule: old.rule,
            gradients: [.multiply(.upstream, .output)], labels: old.labels)
        let checker = GradientChecker(derivation: try Derivation(trace: trace), computation: network)
        let report = try checker.check(nodes: checker.parameterNodes)
        let statuses = Dictionary(grouping: report.entries, by: \.name).mapValues { $0.map(\.status).max()! }
        #expect(statuses["W1"] == .fail)
        #expect(statuses["b1"] == .fail)
        #expect(statuses["W2"] == .pass)
        #expect(report.exitCode == 1)
    }

    @Test func theLessonNetworksPass() throws {
        for reference in ["01-one-neuron.md", "02-two-layer-sigmoid.md", "03-softmax-cross-entropy.md", "05-batch-norm.md"] {
            let network = try lessonNetwork(reference)
            let checker = GradientChecker(derivation: try Derivation(trace: try network.run().trace()), computation: network)
            let report = try checker.check(nodes: checker.allDerivedNodes)
            #expect(report.status == .pass, "lesson \(reference)")
            #expect(report.worstError < 1e-7, "lesson \(reference): \(report.worstError)")
        }
    }

    @Test func aReluInputAtZeroIsAKinkNotAFailure() throws {
        // z = x·W with z[0] = 0.5·1 − 0.25·2 = 0 exactly: relu has no derivative there.
        let source = """
            input x = [[1.0, 2.0]]
            param W = [[0.5, 0.3], [-0.25, 0.4]]
            loss = sum(relu(x @ W))
            """
        let network = try Network(source: source, file: "kink.net")
        let checker = GradientChecker(derivation: try Derivation(trace: try network.run().trace()), computation: network)
        let report = try checker.check(nodes: checker.parameterNodes)
        let statuses = report.entries.map(\.status)
        // W[0,0] and W[1,0] feed the kinked z[0]; W[0,1] and W[1,1] feed z[1] = 1.1.
        #expect(statuses == [.kink, .pass, .kink, .pass])
        #expect(!report.failed)
        #expect(report.entries[0].backward == 0)
        #expect(abs(report.entries[0].numeric - 0.5) < 1e-9)  // half of each side's slope 1·x
        #expect(report.worstError < 1e-7)
    }

    @Test func settingsJudgeRelativeErrors() {
        let settings = CheckSettings()
        #expect(settings.relativeError(1e-13, -3e-13) == 0)  // both below the floor
        #expect(settings.relativeError(2, 1) == 0.5)
        #expect(settings.relativeError(.nan, 1) == .infinity)
        #expect(settings.status(5e-8) == .pass)
        #expect(settings.status(5e-6) == .warn)
        #expect(settings.status(5e-3) == .fail)
        #expect(CheckText.errorBound(3.2e-9) == "<1e-8")
        #expect(CheckText.errorBound(0) == "0")
    }

    @Test func samplingTakesTheLargestAndSpreadsTheRest() {
        var settings = CheckSettings()
        settings.samples = 4
        let checker = GradientChecker(
            derivation: try! Derivation(trace: try! Self.squareNetwork()), computation: Recomputation { try Self.squareNetwork($0) },
            settings: settings)
        let gradient: [Double] = [0, 0.1, 9, 0, 0, -7, 0, 0, 0, 0]
        let chosen = checker.sampledElements(count: 10, gradient: gradient)
        #expect(chosen.count == 4)
        #expect(chosen.contains(2) && chosen.contains(5))
        #expect(checker.sampledElements(count: 3, gradient: [1, 2, 3]) == [0, 1, 2])
    }
}
