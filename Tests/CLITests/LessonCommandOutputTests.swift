@testable import BackpropCLI
import Engine
import Foundation
import Lessons
import Testing

/// What `explain`, `gradcheck` and `trace` print for every lesson with a network, at 100 columns:
/// no line wider than that (as the learner's terminal would show it), and no generated op name
/// with a node number (`matmul_6`, `dpow_13`): values are named as `Lessons/README.md` says.
@Suite struct LessonCommandOutputTests {
    /// An op's name followed by `_` and a number, alone or behind `d`/`∂`: a name the engine once
    /// made up. (A user's `W_1` is not an op's name.) The same rule as LessonsTests'
    /// ReadableNameTests, which checks it at the library's level.
    static let generatedNamePattern: String = {
        let ops = Set(OpTable.all.map(\.name) + [
            "add", "subtract", "multiply", "divide", "matmul", "pow", "sum", "mean", "scale", "negate", "input",
            "parameter", "constant",
        ])
        let alternatives = ops.sorted { $0.count > $1.count }.joined(separator: "|")
        return "(?:^|[^A-Za-z0-9_])[d∂]?(?:\(alternatives))_[0-9]+(?![A-Za-z0-9_])"
    }()

    static var generatedName: Regex<AnyRegexOutput> { try! Regex(generatedNamePattern) }

    static let width = 100

    /// Lesson 8's network needs the MNIST files; the others are self-contained.
    static let mnist = ProcessInfo.processInfo.environment["MNIST_DIR"] ?? "../shared/data/mnist"

    static var cases: [(String, String)] {
        var cases: [(String, String)] = []
        for lesson in LessonCatalog.lessons where lesson.hasNetwork || lesson.number == 8 {
            for command in ["explain", "gradcheck", "trace"] { cases.append((command, "\(lesson.number)")) }
        }
        return cases
    }

    @Test(arguments: cases)
    func fitsTheWidthAndNamesEveryValueReadably(command: String, lesson: String) throws {
        if lesson == "8", !FileManager.default.fileExists(atPath: Self.mnist + "/train-images-idx3-ubyte.gz") {
            print("skipped: lesson 8 needs the MNIST files in \(Self.mnist)")
            return
        }
        let console = Console.capturing(environment: ["MNIST_DIR": Self.mnist], terminalWidth: Self.width)
        let code = runTool(root: .backprop, version: "test", arguments: [command, lesson], console: console)
        let lines = (console.out.text + console.err.text).split(separator: "\n").map(String.init)
        #expect(code == 0, "\(command) \(lesson): \(console.err.text)")
        #expect(lines.count >= 3)
        let wide = lines.filter { $0.count > Self.width }
        #expect(wide.isEmpty, "\(command) \(lesson): \(wide.count) lines over \(Self.width) columns: \(wide.prefix(3))")
        let generated = lines.filter { $0.contains(Self.generatedName) }
        #expect(generated.isEmpty, "\(command) \(lesson): \(generated.prefix(3))")
    }

    @Test func thePatternFindsGeneratedNames() {
        #expect("  dpow_13 = ∂loss/∂pow_13".contains(Self.generatedName))
        #expect("x = matmul_6".contains(Self.generatedName))
        #expect(!"z_2 = x @ W_1 and d(x @ W1)".contains(Self.generatedName))
    }
}
