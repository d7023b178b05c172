import Engine
import Foundation
import Support
import Testing

@testable import Lessons
@testable import Languages

// No input crashes the language: deep nesting is refused at a limit, long chains are loops,
// sizes are checked before anything is allocated, every line ending reads the same, and every
// mistake is one line `file:line:column: message` without raw control characters.

/// Runs `body` on a new thread with `stackSize` bytes of stack (8 MB: what the main thread of
/// the command-line tool has on Linux and macOS) and waits for it, so that the deep-nesting
/// tests show the limits hold within that stack in a debug build, whatever thread the test
/// runner gives them.
func onThread<T>(stackSize: Int = 8 << 20, _ body: @escaping () -> T) -> T {
    let box = ThreadResult<T>(body)
    let thread = Thread { box.run() }
    thread.stackSize = stackSize
    thread.start()
    box.done.wait()
    return box.value!
}

private final class ThreadResult<T>: @unchecked Sendable {
    let body: () -> T
    var value: T?
    let done = DispatchSemaphore(value: 0)
    init(_ body: @escaping () -> T) { self.body = body }
    func run() {
        value = body()
        done.signal()
    }
}

/// The outcome of parsing and running some input: the loss, or the error's description.
enum Outcome: Equatable {
    case value(Double)
    case error(String)

    var error: String? { if case .error(let e) = self { e } else { nil } }
}

func runNetwork(_ source: String, file: String = "t.net") -> Outcome {
    do {
        let network = try Network(source: source, file: file)
        return .value(try network.run().lossValue)
    } catch {
        return .error(error.description)
    }
}

func runExpression(_ source: String, at values: String = "x=0.5") -> Outcome {
    do {
        let trace = try ScalarExpression(source, at: values).trace()
        return .value(trace.nodes.last!.value[0])
    } catch {
        return .error(error.description)
    }
}

/// Whether `message` is one line `file:line:column: text` with no control characters.
func isOneLineError(_ message: String, file: String) -> Bool {
    let parts = message.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
    guard message.hasPrefix(file + ":"), parts.count == 4, let line = Int(parts[1]), let column = Int(parts[2]),
        line >= 1, column >= 1, parts[3].hasPrefix(" "), parts[3].count > 1
    else { return false }
    return !message.unicodeScalars.contains {
        [.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
    }
}

// MARK: - Nesting

@Suite struct NestingLimitTests {
    /// A construct nested `depth` times around `x`, and the value of the result at x = 0.5.
    struct Construct: Sendable, CustomStringConvertible {
        let description: String
        let text: @Sendable (Int) -> String
        let value: @Sendable (Int, Double) -> Double
        /// The column, in `y = TEXT`, of the construct that goes one level too deep.
        let columnOfLevel: @Sendable (Int) -> Int
    }

    static let constructs: [Construct] = [
        Construct(
            description: "parentheses", text: { String(repeating: "(", count: $0) + "x" + String(repeating: ")", count: $0) },
            value: { _, x in x }, columnOfLevel: { $0 }),
        Construct(
            description: "calls", text: { String(repeating: "tanh(", count: $0) + "x" + String(repeating: ")", count: $0) },
            value: { n, x in (0..<n).reduce(x) { v, _ in tanh(v) } }, columnOfLevel: { 5 * ($0 - 1) + 1 }),
        Construct(
            description: "unary minus", text: { String(repeating: "-", count: $0) + "x" },
            value: { n, x in n % 2 == 0 ? x : -x }, columnOfLevel: { $0 }),
        Construct(
            description: "unary plus and minus", text: { String(repeating: "+ -", count: $0 / 2) + ($0 % 2 == 1 ? "-" : "") + "x" },
            value: { n, x in (n - n / 2) % 2 == 0 ? x : -x }, columnOfLevel: { 3 * (($0 - 1) / 2) + 1 + ($0 % 2 == 0 ? 2 : 0) }),
        Construct(
            description: "powers", text: { "x" + String(repeating: "^1", count: $0) },
            value: { _, x in x }, columnOfLevel: { 2 * $0 }),
        Construct(
            description: "calls inside sums and products",
            text: { String(repeating: "x + x * tanh(", count: $0) + "x" + String(repeating: ")", count: $0) },
            value: { n, x in (0..<n).reduce(x) { v, _ in x + x * tanh(v) } }, columnOfLevel: { 13 * ($0 - 1) + 9 }),
    ]

    @Test(arguments: constructs, [255, 256])
    func upToTheLimitEveryConstructIsComputed(construct: Construct, depth: Int) throws {
        let network = "input x = [[0.5, 0.25]]\ny = \(construct.text(depth))\nloss = sum(y)"
        let loss = construct.value(depth, 0.5) + construct.value(depth, 0.25)
        let outcome = onThread { runNetwork(network) }
        guard case .value(let value) = outcome else {
            Issue.record("\(construct) at \(depth): \(outcome)")
            return
        }
        #expect(abs(value - loss) <= 1e-12 * max(1, abs(loss)), "\(construct) at \(depth)")

        let expression = onThread { runExpression(construct.text(depth)) }
        guard case .value(let scalar) = expression else {
            Issue.record("--expr \(construct) at \(depth): \(expression)")
            return
        }
        #expect(abs(scalar - construct.value(depth, 0.5)) <= 1e-12, "--expr \(construct) at \(depth)")
    }

    @Test(arguments: constructs, [257, 100_000])
    func pastTheLimitEveryConstructIsOneLineAtTheLevelTooDeep(construct: Construct, depth: Int) {
        let column = construct.columnOfLevel(LanguageLimits.nesting + 1)
        let message = "more than 256 levels of nesting (parentheses, brackets, calls, signs and '^' each count one)"
        let network = "input x = [[0.5, 0.25]]\ny = \(construct.text(depth))\nloss = sum(y)"
        #expect(onThread { runNetwork(network) } == .error("t.net:2:\(column + 4): " + message), "\(construct)")
        #expect(onThread { runExpression(construct.text(depth)) } == .error("--expr:1:\(column): " + message), "\(construct)")
    }

    @Test(arguments: [255, 256, 257, 100_000])
    func bracketsNestToTheLimitThenStop(depth: Int) {
        let literal = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let outcome = onThread { runNetwork("input x = \(literal)\nloss = sum(x)") }
        // Within the limit the literal parses, and is then too deep to be a tensor.
        let expected = depth <= 256
            ? "t.net:1:\(11 + 4): at most 4 levels of brackets"
            : "t.net:1:\(10 + 257): more than 256 levels of nesting"
        #expect(outcome.error?.hasPrefix(expected) == true, "\(outcome)")
        let inExpression = onThread { runExpression(literal, at: "") }
        #expect(inExpression.error?.hasPrefix(depth <= 256 ? "--expr:1:1: a scalar expression has no brackets" : "--expr:1:257: more than 256") == true)
    }

    @Test(arguments: [256, 257])
    func aSeededMixOfConstructsCountsEveryLevel(depth: Int) {
        // Random sequences of every construct: each one counts, whatever the mix.
        var random = SplitMix(seed: UInt64(depth))
        for _ in 0..<20 {
            var open = "", close = ""
            for _ in 0..<depth {
                switch random.next() % 5 {
                case 0: open += "("; close = ")" + close
                case 1: open += "exp("; close = ")" + close
                case 2: open += "-"
                case 3: open += "["; close = "]" + close
                default: open += "2^"
                }
            }
            let source = "y = " + open + "1" + close
            let outcome = onThread { runNetwork(source) }
            let tooDeep = outcome.error?.contains("more than 256 levels of nesting") == true
            #expect(tooDeep == (depth > 256), "\(source.prefix(60))…: \(outcome)")
        }
    }
}

// MARK: - Long chains

@Suite struct LongChainTests {
    @Test func aSumOfTwentyThousandTermsIsComputedAndDifferentiated() throws {
        let terms = Array(repeating: "x", count: 20_000).joined(separator: " + ")
        let network = try Network(source: "input x = [[0.5, 0.25]]\ny = \(terms)\nloss = sum(y)", file: "t.net")
        let run = try network.run()
        #expect(run.lossValue == 20_000 * 0.75)
        let y = try #require(run.trace().node(named: "y"))
        #expect(y.value == [10_000, 5_000])
        let parameter = try Network(source: "param x = [[0.5, 0.25]]\nloss = sum(\(terms))", file: "t.net")
        #expect(try #require(parameter.run().trace().node(named: "x")?.gradient) == [20_000, 20_000])
    }

    @Test func productsAndDifferencesChainAsWell() throws {
        let product = "x" + String(repeating: " * 1", count: 20_000)
        #expect(runNetwork("param x = [[0.5, 0.25]]\nloss = sum(\(product))") == .value(0.75))
        let alternating = "x" + String(repeating: " - x + x", count: 10_000)
        #expect(runNetwork("param x = [[0.5, 0.25]]\nloss = sum(\(alternating))") == .value(0.75))
        // Numbers alone are folded by the same loop.
        #expect(runNetwork("input x = [[1]]\nloss = sum(x * (" + Array(repeating: "1", count: 20_000).joined(separator: " + ") + "))") == .value(20_000))
    }

    @Test func aNetworkHasAtMostFiftyThousandOperations() throws {
        // 50,000 operations: 49,999 additions and the sum; one term more is one operation too many,
        // refused where it would be recorded, before trace or explain could walk it.
        let atLimit = Array(repeating: "x", count: 50_000).joined(separator: " + ")
        #expect(runNetwork("input x = [[1]]\nloss = sum(\(atLimit))") == .value(50_000))
        let pastLimit = atLimit + " + x"
        guard case .error(let message) = runNetwork("input x = [[1]]\nloss = sum(\(pastLimit))") else {
            Issue.record("50,001 operations were accepted")
            return
        }
        #expect(message.hasPrefix("t.net:2:"))
        #expect(message.hasSuffix("this would be operation 50001 of the network; a network may have at most 50000"))
    }

    @Test func aScalarSumOfTwentyThousandTermsBuildsItsGraphInALoop() throws {
        let terms = Array(repeating: "x", count: 20_000).joined(separator: " + ")
        let expression = try ScalarExpression(terms, at: "x=0.5")
        let trace = try expression.trace()
        #expect(trace.nodes.count == 20_000)  // x and 19,999 additions
        #expect(trace.nodes.last?.value == [10_000])
        #expect(trace.node(named: "x")?.gradient == [20_000])
    }
}

// MARK: - Line endings

@Suite struct LineEndingTests {
    /// The line ending of line k for each kind: LF, CRLF, CR, or the three in turn.
    static func lineEnding(_ name: String) -> (Int) -> String {
        switch name {
        case "LF": { _ in "\n" }
        case "CRLF": { _ in "\r\n" }
        case "CR": { _ in "\r" }
        // In this order a CR is never followed by an LF that belongs to the next line.
        default: { ["\n", "\r", "\r\n"][$0 % 3] }
        }
    }

    /// `text` with its k-th line ending written `ending(k)`.
    static func withLineEndings(_ text: String, _ ending: (Int) -> String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + ending($0.offset) : String($0.element) }
            .joined()
    }

    @Test(arguments: ["LF", "CRLF", "CR", "mixed"])
    func aNetworkFileGivesTheSameTraceWithAnyLineEndings(name: String) throws {
        let ending = Self.lineEnding(name)
        let text = try String(contentsOfFile: packageRoot + "/Lessons/two-layer-sigmoid.net", encoding: .utf8)
        let reference = try Network(source: text, file: "t.net").run().trace()
        let converted = Self.withLineEndings(text, ending)
        #expect(name == "LF" || converted != text)
        let trace = try Network(source: converted, file: "t.net").run().trace()
        #expect(trace.nodes.map(\.name) == reference.nodes.map(\.name))
        #expect(trace.nodes.map(\.value) == reference.nodes.map(\.value))
        #expect(trace.nodes.map(\.gradient) == reference.nodes.map(\.gradient))
        #expect(abs(try Network(source: converted, file: "t.net").run().lossValue - 0.298371109) < 1e-9)

        // Read from a file, too, and a mistake is reported at the same line and column.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-eol-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("net.net").path
        try Data(converted.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try NetworkSource.load(path: path).run().trace().nodes.map(\.value) == reference.nodes.map(\.value))
        let broken = Self.withLineEndings("# a comment\ninput x = [[1, 2]]\n\nloss = sum(x @ V)\n", ending)
        #expect(runNetwork(broken) == .error("t.net:4:16: undefined name 'V' (defined so far: x)"))
    }

    @Test(arguments: ["LF", "CRLF", "CR", "mixed"])
    func aLessonRunsTheSameWithAnyLineEndings(name: String) throws {
        let ending = Self.lineEnding(name)
        let shipped = try #require(LessonCatalog.lesson("2"))
        let lesson = Lesson(fileName: shipped.fileName, text: Self.withLineEndings(shipped.text, ending))
        #expect(lesson.text == shipped.text)
        #expect(lesson.parts == shipped.parts)
        #expect(lesson.title == shipped.title && lesson.summary == shipped.summary)
        var expected: [String] = [], actual: [String] = []
        let outcome = try LessonRunner().run(lesson) { actual.append($0) }
        _ = try LessonRunner().run(shipped) { expected.append($0) }
        #expect(outcome.passed)
        #expect(actual.count > 50)
        #expect(actual == expected)
    }

    @Test(arguments: ["LF", "CRLF", "CR", "mixed"])
    func anExpressionAndItsValuesReadTheSameWithAnyLineEndings(name: String) throws {
        let ending = Self.lineEnding(name)
        let source = "tanh(w * x\n+ b)\n", values = "w=0.5,\nx=2,\nb=0.1"
        let reference = try ScalarExpression(source, at: values).trace()
        let trace = try ScalarExpression(Self.withLineEndings(source, ending), at: Self.withLineEndings(values, ending)).trace()
        #expect(trace.nodes.map(\.value) == reference.nodes.map(\.value))
        #expect(trace.nodes.map(\.gradient) == reference.nodes.map(\.gradient))
        #expect(abs(reference.nodes.last!.value[0] - tanh(1.1)) < 1e-15)
        #expect(runExpression(Self.withLineEndings("x +\n\ny $", ending), at: "x=1, y=2") == .error("--expr:3:3: unexpected character '$'"))
    }

    @Test func normalizationTurnsEveryLineEndingIntoLF() {
        #expect(SourceText.normalizingLineEndings("a\r\nb\rc\nd\r\r\ne\n\r") == "a\nb\nc\nd\n\ne\n\n")
        #expect(SourceText.normalizingLineEndings("−·×\r\n") == "−·×\n")
        #expect(SourceText.normalizingLineEndings("") == "")
    }
}

// MARK: - Sizes

@Suite struct SizeLimitTests {
    @Test(arguments: [
        ("param W = zeros(1000000, 1000000)\nloss = sum(W)",
         "t.net:1:11: zeros(1000000, 1000000) would have 1000000000000 numbers; a tensor may hold at most 16777216 (2^24)"),
        ("param W = zeros(1e6, 1e6, 1e6, 1e6)\nloss = sum(W)",
         "t.net:1:11: zeros(1000000, 1000000, 1000000, 1000000) would have more numbers than a 64-bit integer counts; a tensor may hold at most 16777216 (2^24)"),
        ("param W = ones(4097, 4096)\nloss = sum(W)", "t.net:1:11: ones(4097, 4096) would have 16781312 numbers"),
        ("param W = normal(64, 64, 64, 65, seed=1)\nloss = sum(W)", "t.net:1:11: normal(64, 64, 64, 65) would have 17039360 numbers"),
        ("param W = glorot_uniform(100000, 1000)\nloss = sum(W)", "t.net:1:11: glorot_uniform(100000, 1000) would have 100000000 numbers"),
        ("input x = full(20000000, value=1)\nloss = sum(x)", "t.net:1:16: a dimension must be a whole number from 1 to 16777216, got 20000000"),
        ("param W = zeros(2, 3)\nloss = sum(reshape(W, [1e8, 1e8, 1e8, 1e8]))",
         "t.net:2:24: a dimension must be a whole number from 1 to 16777216, got 100000000"),
        ("param W = zeros(2, 3)\nloss = sum(reshape(W, [16777216, 16777216, 16777216, 16777216]))",
         "t.net:2:23: reshape: the shape [16777216, 16777216, 16777216, 16777216] has more numbers than a 64-bit integer counts, but the tensor has 6"),
        ("param W = zeros(2, 3)\nloss = sum(reshape(W, [4097, 4096]))", "t.net:2:23: reshape: the shape [4097, 4096] has 16781312 numbers, but the tensor has 6"),
        ("param W = zeros(2, 3)\nloss = sum(reshape(W, [4096, 4096]))",
         "t.net:2:12: reshape: cannot reshape (2×3) (6 elements) to (4096×4096) (16777216 elements)"),
        ("param W = zeros(2.5)\nloss = sum(W)", "t.net:1:17: a dimension must be a whole number from 1 to 16777216, got 2.5"),
        ("param W = zeros(-1)\nloss = sum(W)", "t.net:1:17: a dimension must be a whole number from 1 to 16777216, got -1"),
        ("param W = zeros(0)\nloss = sum(W)", "t.net:1:17: a dimension must be a whole number from 1 to 16777216, got 0"),
        ("param W = zeros(0/0)\nloss = sum(W)", "t.net:1:17: a dimension must be a whole number from 1 to 16777216, got NaN"),
        ("param W = zeros(2^2000)\nloss = sum(W)", "t.net:1:17: a dimension must be a whole number from 1 to 16777216, got infinity"),
        ("param W = zeros(1e999)\nloss = sum(W)", "t.net:1:17: the number '1e999' is too large (the largest is about 1.8e308)"),
        ("input x = [[1e999]]\nloss = sum(x)", "t.net:1:13: the number '1e999' is too large"),
        ("param W = zeros(5000, 1)\nloss = sum(W @ transpose(W))",
         "t.net:2:14: the result of matmul (5000×5000) would have 25000000 numbers; a tensor may hold at most 16777216 (2^24)"),
        ("param W = zeros(5000, 1)\nloss = sum(matmul(W, transpose(W)))", "t.net:2:12: the result of matmul (5000×5000) would have 25000000 numbers"),
        ("param x = zeros(1, 600, 600, 1)\nparam K = zeros(20, 20, 1, 1)\nloss = sum(conv2d(x, K))",
         "t.net:3:12: the scratch of conv2d would have 135024800 numbers"),
        ("param x = zeros(1, 1024, 1024, 1)\nparam K = zeros(1, 1, 1, 32)\nloss = sum(conv2d(x, K))",
         "t.net:3:12: the result of conv2d (1×1024×1024×32) would have 33554432 numbers"),
        ("param x = zeros(1, 2)\nloss = sum(x, axis=1e300)", "t.net:2:15: option 'axis' must be a whole number in 0…1, got 1e+300"),
        ("param x = zeros(1, 2)\nloss = sum(dropout(x, seed=-1e300))", "t.net:2:23: option 'seed' must be a whole number in 0…2147483647"),
        ("param x = zeros(1, 1, 1, 1)\nloss = sum(maxpool2d(x, size=0/0))", "t.net:2:25: option 'size' must be a whole number in 1…1000, got NaN"),
        ("param x = uniform(2, low=1/0)\nloss = sum(x)", "t.net:1:22: option 'low' must be a finite number, got infinity"),
        ("param x = uniform(2, low=3, high=1)\nloss = sum(x)", "t.net:1:22: low must not be above high"),
        ("param x = normal(2, std=0/0)\nloss = sum(x)", "t.net:1:21: option 'std' must be a finite number, got NaN"),
        ("param x = normal(2, std=-1)\nloss = sum(x)", "t.net:1:21: std must be 0 or more"),
        ("param x = full(2, value=-1/0)\nloss = sum(x)", "t.net:1:19: option 'value' must be a finite number, got -infinity"),
        ("labels y = [1e300]\nparam x = zeros(1, 2)\nloss = cross_entropy(x, y)", "t.net:1:13: a label must be a whole number ≥ 0"),
    ])
    func absurdSizesAreOneLineErrorsBeforeAnythingIsAllocated(source: String, expected: String) {
        let outcome = runNetwork(source)
        #expect(outcome.error?.hasPrefix(expected) == true, "\(outcome)")
    }

    @Test func theTotalIsCountedAcrossTensors() throws {
        var budget = EntryBudget(file: "t.net")
        let at = SourceLocation(line: 1, column: 1)
        for _ in 0..<4 { try budget.take(LanguageLimits.tensorEntries, for: "a tensor", at: at) }
        #expect(budget.used == LanguageLimits.totalEntries)
        #expect(throws: SourceError(
            file: "t.net", at, "one more would bring the network to 67108865 numbers; a network may hold at most 67108864 (2^26) in all"
        )) { try budget.take(1, for: "one more", at: at) }
        var fresh = EntryBudget(file: "t.net")
        #expect(throws: SourceError.self) { try fresh.take(nil, for: "x", at: at) }
        #expect(throws: SourceError.self) { try fresh.take(LanguageLimits.tensorEntries + 1, for: "x", at: at) }
        #expect(fresh.used == 0)
    }

    @Test func aLiteralCountsTowardsTheTotal() throws {
        // The literal's numbers, an op's result and a constant each count.
        var budget = EntryBudget(file: "t.net")
        var parser = try Parser("[[1, 2, 3], [4, 5, 6]]", file: "t.net")
        let tensor = try NetworkInterpreter.literal(try parser.singleExpression(), budget: &budget)
        #expect(tensor.shape == Shape(2, 3))
        #expect(budget.used == 6)
    }

    /// A name or number of up to 256 characters is read; a longer one is refused at its place,
    /// with a message that quotes only its start (a 2 MB name stays out of the terminal).
    @Test(arguments: [256, 257, 2_000_000])
    func aNameOrNumberHasAtMost256Characters(length: Int) throws {
        let name = String(repeating: "a", count: length), digits = String(repeating: "1", count: length)
        for (source, what) in [("\(name) = 1\nloss = \(name)", "name"), ("x = \(digits)\nloss = x", "number")] {
            if length <= LanguageLimits.tokenCharacters {
                _ = try Network(source: source, file: "t.net").run(backward: false)
                continue
            }
            do {
                _ = try Network(source: source, file: "t.net")
                Issue.record("expected an error for a \(what) of \(length)")
            } catch {
                let message = "\(error)"
                #expect(message.hasPrefix("t.net:1:\(what == "name" ? 1 : 5): a \(what) of \(length) characters"))
                #expect(message.hasSuffix("a \(what) may have at most 256"))
                #expect(message.count < 200)
            }
        }
    }

    @Test func aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-large-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("large.net").path
        try Data(repeating: UInt8(ascii: " "), count: LanguageLimits.fileBytes + 1).write(to: URL(fileURLWithPath: path))
        do {
            _ = try NetworkSource.read(path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == path + ": is larger than 8 MB, the most a network or lesson file may be")
        }
    }

    @Test(arguments: [
        ("check samples=1e300", "samples must be a whole number from 1 to 1000000000"),
        ("check samples=0", "samples must be a whole number"),
        ("gradcheck samples=nan", "samples must be a whole number"),
        ("check h=0", "h must be a number above 0"),
        ("kinks h=-inf", "h must be a number above 0"),
    ])
    func lessonStepOptionsAreChecked(step: String, expected: String) {
        let text = "# T\n\n```network\nparam x = [[1, 2]]\nloss = sum(x * x)\n```\n\n```run\n\(step)\n```\n"
        do {
            _ = try LessonRunner().run(Lesson(fileName: "t.md", text: text)) { _ in }
            Issue.record("expected an error for \(step)")
        } catch {
            #expect("\(error)".hasPrefix("t.md:9:1: " + expected), "\(error)")
        }
    }
}

// MARK: - Control characters

@Suite struct ControlCharacterTests {
    @Test(arguments: [
        ("\0", "\\0"), ("\u{1B}", "\\u{1B}"), ("\u{7}", "\\u{7}"), ("\u{7F}", "\\u{7F}"), ("\t\u{1}", "\\u{1}"),
    ])
    func controlCharactersAreShownEscaped(raw: String, shown: String) {
        #expect(runNetwork("input x = [[1, 2]]\(raw)\nloss = sum(x)") == .error("t.net:1:\(raw == "\t\u{1}" ? 20 : 19): unexpected character '\(shown)'"))
        #expect(runExpression("x\(raw)") .error?.hasPrefix("--expr:1:") == true)
        let values = runExpression("x", at: "x\(raw)=1")
        #expect(values.error.map { isOneLineError($0, file: "--at") } == true, "\(values)")
    }

    @Test func escapesAreTheSwiftSpellings() {
        #expect(MessageText.escapingControlCharacters("a\0b\u{1B}[31mc\td\ne\r") == "a\\0b\\u{1B}[31mc\\td\\ne\\r")
        #expect(MessageText.escapingControlCharacters("plain −·× text") == "plain −·× text")
        #expect(MessageText.escapingControlCharacters("\u{85}\u{2028}\u{7F}") == "\\u{85}\\u{2028}\\u{7F}")
        #expect(SourceError(file: "f", SourceLocation(line: 1, column: 1), "a\u{1B}b").description == "f:1:1: a\\u{1B}b")
    }
}

// MARK: - Random programs

/// A small seeded generator (SplitMix64), so the property tests draw the same cases everywhere.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}

@Suite struct RandomProgramTests {
    /// A valid network of 2×2 tensors: declarations, a few assignments, and a loss.
    static func program(_ random: inout SplitMix) -> String {
        func number() -> String { random.pick(["0.5", "-1", "2", ".25", "1e-1", "3", "1_0", "−0.75", "-1/3", "2^-2"]) }
        func matrix() -> String { "[[\(number()), \(number())],\n   [\(number()), \(number())]]" }
        var names = ["x", "W"]
        var lines = [
            "# a random network", "input x = \(matrix())",
            "param W = " + random.pick([matrix(), "glorot_uniform(2, 2, seed=\(random.below(9)))", "normal(2, 2, std=0.5, seed=1)", "ones(2, 2)"]),
            "param b = [\(number()), \(number())]  # a row",
        ]
        func expression(_ depth: Int) -> String {
            guard depth > 0, random.chance(0.7) else {
                return random.chance(0.2) ? "(\(number()) * \(random.pick(names)))" : random.pick(names)
            }
            switch random.below(9) {
            case 0, 1: return "\(expression(depth - 1)) \(random.pick(["+", "-", "*", "@", "×", "·"])) \(expression(depth - 1))"
            case 2: return "\(random.pick(["relu", "sigmoid", "tanh", "softmax"]))(\(expression(depth - 1)))"
            case 3: return "-\(expression(depth - 1))"
            case 4: return "(\(expression(depth - 1)))^2"
            case 5: return "(\(expression(depth - 1)) + b)"
            case 6: return "transpose(\(expression(depth - 1)))"
            case 7: return "matmul(\(expression(depth - 1)), W)"
            default: return "(\(expression(depth - 1)) / \(random.pick(["2", "4", "0.5"])))"
            }
        }
        for k in 0..<(1 + random.below(3)) {
            let name = "z\(k)"
            lines.append("\(name) = \(expression(3))")
            names.append(name)
            if random.chance(0.3) { lines.append("") }
        }
        lines.append("loss = \(random.pick(["sum", "mean"]))(\(expression(2)))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `bytes` changed by one of: a truncation, a bit flip, inserted bytes, an inserted token.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var bytes = bytes
        let at = random.below(bytes.count + 1)
        switch random.below(4) {
        case 0: bytes.removeSubrange(at...)
        case 1:
            guard at < bytes.count else { break }
            bytes[at] ^= 1 << UInt8(random.below(8))
        case 2:
            let count = 1 + random.below(4)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        default:
            let tokens = [
                "(", ")", "[", "]", ",", "=", "^", "-", "@", "\0", "\u{1B}", "\r", "\r\n", "\n", "#", "1e999", "0/0",
                "zeros(1e6, 1e6)", "ones(1e5, 1e5)", "reshape(x, [1e8, 1e8])", "axis=1e300", "tanh(", "labels",
                "param", "= =", "−", "×", "\u{FEFF}", "é", "\u{301}", ".", "_", "1_", "2e", "e-",
            ]
            bytes.insert(contentsOf: Array(random.pick(tokens).utf8), at: at)
        }
        return bytes
    }

    @Test func randomProgramsAndTheirMutationsNeverCrashAndFailInOneLine() {
        var random = SplitMix(seed: 2024)
        var valid = 0, failures = 0, cases = 0
        for _ in 0..<250 {
            let source = Self.program(&random)
            let outcome = runNetwork(source, file: "p.net")
            cases += 1
            guard case .value(let loss) = outcome else {
                Issue.record("a valid program failed: \(outcome)\n\(source)")
                continue
            }
            valid += 1
            // The same program with Windows line endings computes the same loss, bit for bit.
            let crlf = runNetwork(source.replacingOccurrences(of: "\n", with: "\r\n"), file: "p.net")
            #expect(crlf == .value(loss) || (loss.isNaN && crlf.error == nil), "\(crlf)")
            for _ in 0..<12 {
                var bytes = Array(source.utf8)
                for _ in 0..<(1 + random.below(3)) { bytes = Self.mutate(bytes, &random) }
                let mutated = String(decoding: bytes, as: UTF8.self)
                cases += 1
                if let message = runNetwork(mutated, file: "p.net").error {
                    failures += 1
                    #expect(isOneLineError(message, file: "p.net"), "\(message)")
                }
            }
        }
        #expect(cases == 250 * 13)
        #expect(valid == 250)
        #expect(failures > cases / 4)  // the mutations do reach the error paths
    }

    /// A random scalar expression over x and y, with its value computed by Swift.
    static func scalar(_ depth: Int, _ random: inout SplitMix) -> (text: String, value: (Double, Double) -> Double) {
        guard depth > 0, random.chance(0.75) else {
            switch random.below(3) {
            case 0: return ("x", { x, _ in x })
            case 1: return ("y", { _, y in y })
            default:
                let c = random.pick([0.5, 2.0, 3.0, 0.25])
                return ("\(c)", { _, _ in c })
            }
        }
        let a = scalar(depth - 1, &random), b = scalar(depth - 1, &random)
        switch random.below(8) {
        case 0: return ("\(a.text) + \(b.text)", { a.value($0, $1) + b.value($0, $1) })
        case 1: return ("\(a.text) - (\(b.text))", { a.value($0, $1) - b.value($0, $1) })
        case 2: return ("(\(a.text)) * (\(b.text))", { a.value($0, $1) * b.value($0, $1) })
        case 3: return ("(\(a.text)) / (2 + (\(b.text)) * (\(b.text)))", { a.value($0, $1) / (2 + b.value($0, $1) * b.value($0, $1)) })
        case 4: return ("tanh(\(a.text))", { tanh(a.value($0, $1)) })
        case 5: return ("sigmoid(\(a.text))", { 1 / (1 + exp(-a.value($0, $1))) })
        case 6: return ("-(\(a.text))", { -a.value($0, $1) })
        default: return ("(\(a.text))^2", { pow(a.value($0, $1), 2) })
        }
    }

    @Test func randomScalarExpressionsComputeTheirValueAndTheirMutationsFailInOneLine() throws {
        var random = SplitMix(seed: 7)
        var failures = 0
        for _ in 0..<300 {
            let (text, value) = Self.scalar(4, &random)
            let (x, y) = (0.3 + Double(random.below(10)) / 7, -0.4 + Double(random.below(10)) / 9)
            let at = "x=\(x), y=\(y)"
            let used = ["x", "y"].filter { text.contains($0) }
            let values = used.isEmpty ? "" : used.map { $0 == "x" ? "x=\(x)" : "y=\(y)" }.joined(separator: ", ")
            let outcome = runExpression(text, at: values)
            guard case .value(let computed) = outcome else {
                Issue.record("\(text) at \(at): \(outcome)")
                continue
            }
            let expected = value(x, y)
            #expect(abs(computed - expected) <= 1e-12 * max(1, abs(expected)), "\(text) at \(at)")
            for _ in 0..<10 {
                let mutatedText = String(decoding: Self.mutate(Array(text.utf8), &random), as: UTF8.self)
                let mutatedValues = random.chance(0.3) ? String(decoding: Self.mutate(Array(values.utf8), &random), as: UTF8.self) : values
                if let message = runExpression(mutatedText, at: mutatedValues).error {
                    failures += 1
                    #expect(isOneLineError(message, file: "--expr") || isOneLineError(message, file: "--at"), "\(message)")
                }
            }
        }
        #expect(failures > 1000)
    }
}
