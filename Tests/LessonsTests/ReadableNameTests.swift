import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Testing

/// What a learner reads names every value by the names rule of `Lessons/README.md` (the file's
/// names, the expression as written, the layers' names), never by a generated op name and node
/// number such as `matmul_6`, `dpow_13` or `∂sum_14`.
@Suite struct ReadableNameTests {
    /// Every op's language name and the tensor ops' own names (`pow`, `scale`, `negate`, …),
    /// each followed by `_` and a number: the names the engine once made up. A user's name such
    /// as `W_1` or `z_2` is not an op's name, so it does not match.
    static let generatedNamePattern: String = {
        let ops = Set(OpTable.all.map(\.name) + [
            "add", "subtract", "multiply", "divide", "matmul", "pow", "power", "sum", "mean", "scale", "negate",
            "relu", "sigmoid", "tanh", "exp", "log", "softmax", "log_softmax", "reshape", "transpose", "flatten",
            "cross_entropy", "mse", "batchnorm", "conv2d", "maxpool2d", "dropout", "input", "parameter", "constant",
        ])
        let alternatives = ops.sorted { $0.count > $1.count }.joined(separator: "|")
        return "(?:^|[^A-Za-z0-9_])[d∂]?(?:\(alternatives))_[0-9]+(?![A-Za-z0-9_])"
    }()

    static func generatedNames(in lines: [String]) -> [String] {
        let regex = try! Regex(generatedNamePattern)
        return lines.filter { $0.contains(regex) }
    }

    @Test func thePatternFindsGeneratedNamesAndNotUsersNames() {
        for line in ["matmul_6 = x · W1", "  dpow_13 = ∂loss/∂pow_13", "∂sum_14/∂e", "dx = dmultiply_2 · w", "(add_4)"] {
            #expect(!Self.generatedNames(in: [line]).isEmpty, "\(line)")
        }
        for line in ["W_1 = [[1]]", "z_2 = x @ W_1", "x_image", "d(x @ W1)", "sum_rows(dz2)", "h1 = relu(z1)"] {
            #expect(Self.generatedNames(in: [line]).isEmpty, "\(line)")
        }
    }

    @Test(arguments: try! FileManager.default.contentsOfDirectory(atPath: packageRoot + "/Transcripts")
        .filter { $0.hasSuffix(".t") }.sorted())
    func noTranscriptShowsAGeneratedName(file: String) throws {
        let text = try String(contentsOfFile: packageRoot + "/Transcripts/" + file, encoding: .utf8)
        let found = Self.generatedNames(in: text.components(separatedBy: "\n"))
        #expect(found.isEmpty, "Transcripts/\(file): \(found.prefix(5).joined(separator: "\n"))")
    }

    /// `explain`, `trace`, `graph` and `gradcheck` (every gradient, every entry) on each lesson's
    /// network, as the commands write them.
    @Test(arguments: LessonCatalog.lessons.filter(\.hasNetwork).map(\.name))
    func noCommandShowsAGeneratedNameForALesson(name: String) throws {
        let network = try LessonCatalog.network(name)
        let trace = try network.run().trace()
        var lines = try Explanation().render(trace, computation: network).lines
        lines += TraceTable().render(trace).components(separatedBy: "\n")
        lines += DotGraph().render(trace).components(separatedBy: "\n")
        let derivation = try Derivation(trace: trace)
        let report = try GradientChecker(derivation: derivation, computation: network, settings: CheckSettings(samples: 4))
            .check(nodes: derivation.derivedNodes)
        lines += CheckText().table(report) + CheckText().summary(report)
        #expect(trace.nodes.count > 3)
        let found = Self.generatedNames(in: lines)
        #expect(found.isEmpty, "lesson \(name): \(found.prefix(5).joined(separator: "\n"))")
    }

    @Test(arguments: LessonTests.selfContained.map(\.name))
    func noLessonShowsAGeneratedName(name: String) throws {
        let found = Self.generatedNames(in: try lessonOutput(name).lines)
        #expect(found.isEmpty, "lesson \(name): \(found.prefix(5).joined(separator: "\n"))")
    }

    @Test(arguments: [
        ("tanh(w*x + b)", "w=0.5, x=2, b=0.1"),
        ("-x^3 / y + exp(x) * log(y) - sigmoid(x - y) + relu(y - 2*x)", "x=0.7, y=2.5"),
        ("x*x + x*x", "x=3"),
    ])
    func noExpressionShowsAGeneratedName(expression: String, values: String) throws {
        let scalar = try ScalarExpression(expression, at: values)
        let trace = try scalar.trace()
        let lines = try Explanation().render(trace, computation: scalar).lines
        let found = Self.generatedNames(in: lines)
        #expect(found.isEmpty, "\(expression): \(found.prefix(5).joined(separator: "\n"))")
    }

    /// The rule itself: unnamed values are named by their text as written, spaces made single;
    /// the same text twice gets ` #2`; gradients of such names are bracketed.
    @Test func unnamedValuesAreNamedByTheirTextAsWritten() throws {
        let source = """
            input x = [[1, 2]]
            param W1 = [[0.5], [-1]]
            param b1 = [0.25]
            z = x  @   W1 + b1
            y = sigmoid(x @ W1)
            loss = 0.5 * sum((z - y) ^ 2)
            """
        let trace = try Network(source: source, file: "names.net").run().trace()
        let names = trace.nodes.filter { $0.role == .operation }.map(\.name)
        #expect(names == ["x @ W1", "z", "x @ W1 #2", "y", "z - y", "(z - y) ^ 2", "sum((z - y) ^ 2)", "loss"])
        #expect(trace.node(named: "z")?.formula == "(x @ W1) + b1")
        #expect(trace.node(named: "y")?.formula == "σ(x @ W1 #2)")
        #expect(Trace.gradientName("x @ W1") == "d(x @ W1)")
        #expect(Trace.gradientName("W1") == "dW1")
        let scalar = try ScalarExpression("tanh(w*x + b)", at: "w=0.5, x=2, b=0.1").trace()
        #expect(scalar.nodes.filter { $0.role == .operation }.map(\.name) == ["w*x", "w*x + b", "f"])
        let twice = try ScalarExpression("x*x + x*x", at: "x=3").trace()
        #expect(twice.nodes.filter { $0.role == .operation }.map(\.name) == ["x*x", "x*x #2", "f"])
    }
}
