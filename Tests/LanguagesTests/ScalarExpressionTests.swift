import Engine
import Explainer
import Foundation
import Languages
import Testing

@Suite struct ScalarExpressionTests {
    @Test func neuronExpressionIsExplainedAndChecked() throws {
        let expression = try ScalarExpression("tanh(w*x + b)", at: "w=0.5, x=2, b=0.1")
        let trace = try expression.trace()
        // d tanh(u)/du = 1 − tanh(u)², u = w·x + b = 1.1
        let slope = 1 - tanh(1.1) * tanh(1.1)
        #expect(abs(try #require(trace.node(named: "w")?.gradient?[0]) - slope * 2) < 1e-15)
        #expect(abs(try #require(trace.node(named: "x")?.gradient?[0]) - slope * 0.5) < 1e-15)
        #expect(abs(try #require(trace.node(named: "b")?.gradient?[0]) - slope) < 1e-15)
        let (lines, report) = try Explanation().render(trace, computation: expression)
        #expect(report.status == .pass)
        #expect(report.entries.count == 5)  // two intermediates and three inputs
        #expect(lines.contains("  dw = ∂f/∂w = d(w*x) · ∂(w*x)/∂w"))
        #expect(lines.contains { $0.hasPrefix("check: 5 entries") && $0.hasSuffix("PASS") })
    }

    @Test func everyOperatorAndFunction() throws {
        let expression = try ScalarExpression(
            "-x^3 / y + exp(x) * log(y) - sigmoid(x - y) + relu(y - 2*x)", at: "x=0.7, y=2.5")
        let trace = try expression.trace()
        let (x, y) = (0.7, 2.5)
        let s = 1 / (1 + exp(-(x - y)))
        let dx = -3 * x * x / y + exp(x) * log(y) - s * (1 - s) - 2
        let dy = x * x * x / (y * y) + exp(x) / y + s * (1 - s) + 1
        #expect(abs(try #require(trace.node(named: "x")?.gradient?[0]) - dx) < 1e-13)
        #expect(abs(try #require(trace.node(named: "y")?.gradient?[0]) - dy) < 1e-13)
        let checker = GradientChecker(derivation: try Derivation(trace: trace), computation: expression)
        #expect(try checker.check(nodes: checker.allDerivedNodes).status == .pass)
    }

    @Test func aZeroGradientMeasuredAsRoundingPasses() throws {
        // d(x² + 3x)/dx = 2x + 3 = 0 at x = −1.5; the finite difference gives rounding noise.
        let expression = try ScalarExpression("x*x + 3*x", at: "x=-1.5")
        let checker = GradientChecker(derivation: try Derivation(trace: try expression.trace()), computation: expression)
        let report = try checker.check(nodes: checker.allDerivedNodes)
        let dx = try #require(report.entries.first { $0.name == "x" })
        #expect(dx.derived == 0 && dx.backward == 0)
        #expect(dx.numeric != 0 && abs(dx.numeric) < 1e-9)
        #expect(dx.status == .pass)
        // Outside the noise the same difference fails.
        #expect(CheckSettings().numericError(0, 1e-6, allowance: 1e-10) == 1)
    }

    @Test(arguments: [
        ("tanh(w*x + )", "w=1, x=2", "--expr:1:12: expected a number"),
        ("tanh(w*x", "w=1, x=2", "--expr:1:9: expected ')' to close the arguments of 'tanh'"),
        ("tan(w)", "w=1", "--expr:1:1: unknown function 'tan'; did you mean 'tanh'?"),
        ("w * x", "w=1", "--expr:1:5: 'x' has no value"),
        ("w ^ x", "w=1, x=2", "--expr:1:5: the exponent after '^' must be a number"),
        ("w @ x", "w=1, x=2", "--expr:1:3: '@' multiplies matrices"),
        ("w", "w=1, q=2", "--at:1:6: 'q' does not appear in the expression"),
        ("w", "w=1, x 3", "--at:1:6: expected 'name=value'"),
        ("w", "w=", "--at:1:3: expected a number"),
        ("w $ 2", "w=1", "--expr:1:3: unexpected character '$'"),
    ])
    func mistakesAreOneLineWithTheColumn(source: String, values: String, expected: String) {
        do {
            _ = try ScalarExpression(source, at: values)
            Issue.record("expected an error for \(source)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }
}
