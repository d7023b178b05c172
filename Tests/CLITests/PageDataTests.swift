import Engine
import Foundation
import Languages
import Lessons
import Support
import Testing
import Training

@testable import BackpropCLI

/// The data `backprop page` adds for `--train N` and for MNIST digits, against what `backprop
/// step` prints and what `trace` records.
@Suite struct PageDataTests {
    /// `backprop step FILE ARGS --digits 17`: the loss column (before each step, then after the
    /// last), and each entry's before, gradient at step 1 and after.
    static func stepOutput(_ arguments: [String]) throws -> (losses: [Double], entries: [String: [Double]]) {
        let console = Console.capturing()
        let code = runBackprop(arguments: ["step"] + arguments + ["--digits", "17"], console: console)
        try #require(code == 0, "\(console.err.text)")
        var losses: [Double] = [], entries: [String: [Double]] = [:]
        for line in console.out.text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 2, Int(words[0]) != nil || words[0] == "after", let loss = Double(words[1]) {
                losses.append(loss)
            } else if words.count == 4, words[0].contains("[") {
                let numbers = words[1...].compactMap(Double.init)
                if numbers.count == 3 { entries[words[0]] = numbers }
            }
        }
        return (losses, entries)
    }

    static func timeline(_ file: String, steps: Int, kind: OptimizerKind, rate: Double?) throws -> TrainingTimeline {
        let stepper = NetworkStepper(try LessonCatalog.network(file), kind: kind, rate: rate)
        return try TrainingTimeline(stepper, steps: steps)
    }

    @Test(arguments: [
        ("Lessons/xor.net", OptimizerKind.adam, 0.1),
        ("2", OptimizerKind.sgd, 0.5),
        ("4", OptimizerKind.momentum, 0.05),
    ])
    func theLossAtEveryStepIsTheStepCommands(file: String, kind: OptimizerKind, rate: Double) throws {
        let steps = 50
        let printed = try Self.stepOutput([file, "--steps", "\(steps)", "--optimizer", kind.rawValue, "--lr", "\(rate)"])
        #expect(printed.losses.count == steps + 1)
        let timeline = try Self.timeline(file, steps: steps, kind: kind, rate: rate)
        #expect(timeline.loss == printed.losses)
        // The page reads the JSON: the same numbers after writing and parsing it.
        let json = try JSONValue.parse(Array(timeline.json.serialized().utf8))
        guard case .object(let members) = json, case .array(let loss)? = members.first(where: { $0.0 == "loss" })?.1 else {
            Issue.record("no loss in the timeline's JSON")
            return
        }
        #expect(loss.compactMap(\.doubleValue) == printed.losses)
        #expect([0, 1, steps].map { loss[$0].doubleValue } == [0, 1, steps].map { printed.losses[$0] })
        #expect(timeline.loss[steps] < timeline.loss[0])

        // Every parameter entry: before and its first gradient at step 0, after at step 50.
        let first = try #require(timeline.snapshots.first), last = try #require(timeline.snapshots.last)
        #expect(first.step == 0 && last.step == steps)
        var compared = 0
        for (k, name) in timeline.parameterNames.enumerated() {
            for i in first.values[k].indices {
                let entry = name + StepCommand.index(i, of: timeline.parameterShapes[k])
                let row = try #require(printed.entries[entry], "\(entry) not printed")
                #expect(first.values[k][i] == row[0], "\(entry) before")
                #expect(first.gradients[k][i] == row[1], "\(entry) gradient")
                #expect(last.values[k][i] == row[2], "\(entry) after")
                compared += 1
            }
        }
        #expect(compared == printed.entries.count && compared > 0)
    }

    /// Every step's parameters for a small network; for a large one, every k-th step within the
    /// budget, the last always.
    @Test func snapshotsKeepWithinTheBudget() throws {
        let small = try Self.timeline("Lessons/xor.net", steps: 20, kind: .sgd, rate: 0.5)
        #expect(small.every == 1 && small.snapshots.map(\.step) == Array(0...20))
        func bigTimeline(units: Int) throws -> TrainingTimeline {
            let source = """
                input x = [[1, 2, 3]]
                target t = [[1]]
                param W = uniform(3, \(units), seed=1)
                param V = uniform(\(units), 1, seed=2)
                loss = mean((x @ W @ V - t) ^ 2)
                """
            let network = try Network(source: source, file: "big.net")
            return try TrainingTimeline(NetworkStepper(network, kind: .sgd, rate: 1e-5), steps: 40)
        }
        // 8,000 numbers a step: 5 snapshots fit in 40,000, so every 14th step and the last.
        let timeline = try bigTimeline(units: 1000)
        #expect(timeline.every == 14)
        #expect(timeline.snapshots.map(\.step) == [0, 14, 28, 40])
        // 16,000 a step: the first and the last; 48,000 a step: none (the loss all the same).
        #expect(try bigTimeline(units: 2000).snapshots.map(\.step) == [0, 40])
        let huge = try bigTimeline(units: 6000)
        #expect(huge.every == 0 && huge.snapshots.isEmpty && huge.loss.count == 41)
        #expect(TrainingTimeline.every(numbersPerStep: 1, steps: 39_999) == 1)
        #expect(TrainingTimeline.every(numbersPerStep: 1, steps: 40_000) == 2)
        #expect(timeline.loss.count == 41)
        #expect(timeline.surface == nil)  // three inputs: no plane to draw
    }

    /// Lesson 2's outputs `o` over the plane around its one point, against the network written
    /// out by hand with the lesson's weights (step 0) and after one SGD step (the step command's
    /// `after` values).
    @Test func theSurfaceIsTheOutputOverThePlane() throws {
        let timeline = try Self.timeline("2", steps: 1, kind: .sgd, rate: 0.5)
        let surface = try #require(timeline.surface)
        #expect(surface.input == "x" && surface.output == "o" && surface.columns == 2)
        for (range, (low, high)) in [(surface.xRange, (-0.45, 0.55)), (surface.yRange, (-0.4, 0.6))] {
            #expect(abs(range.lowerBound - low) < 1e-15 && abs(range.upperBound - high) < 1e-15)
        }
        #expect(surface.points == [[0.05, 0.10]] && surface.expected! == [[0.01, 0.99]])
        #expect(surface.frames.map(\.step) == [0, 1])
        // At the data point: the trace's `o`, as `trace --json` has it.
        let o = try #require(try LessonCatalog.network("2").run().trace().node(named: "o"))
        #expect(surface.frames[0].atPoints == [o.value])
        // The page's bytes: each value within (high − low)/510 of the number.
        let range = surface.range
        #expect(range == 0...1)
        for frame in surface.frames {
            for column in frame.values {
                let bytes = TrainingTimeline.Surface.bytes(column, in: range)
                for (b, v) in zip(bytes, column) { #expect(abs(Double(b) / 255 - v) <= 0.5 / 255 + 1e-12) }
            }
        }
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        for (frame, snapshot) in zip(surface.frames, timeline.snapshots) {
            let p = snapshot.values  // W1, b1, W2, b2, row-major
            let g = TrainingTimeline.grid
            for (i, j) in [(0, 0), (0, g - 1), (g - 1, 0), (g - 1, g - 1), (11, 7)] {
                let x0 = -0.45 + Double(j) / Double(g - 1), x1 = 0.6 - Double(i) / Double(g - 1)
                let h = (0..<2).map { c in sigmoid(x0 * p[0][c] + x1 * p[0][2 + c] + p[1][c]) }
                let o = (0..<2).map { c in sigmoid(h[0] * p[2][c] + h[1] * p[2][2 + c] + p[3][c]) }
                for c in 0..<2 {
                    #expect(abs(frame.values[c][i * g + j] - o[c]) < 1e-12, "step \(frame.step) (\(i), \(j)) o[\(c)]")
                }
            }
        }
    }

    /// XOR's four points, evaluated four at a time, and only every k-th surface kept.
    @Test func aBatchOfPointsFillsTheGridAndFramesAreSampled() throws {
        let timeline = try Self.timeline("Lessons/xor.net", steps: 200, kind: .adam, rate: 0.1)
        let surface = try #require(timeline.surface)
        #expect(surface.output == "p" && surface.columns == 1 && surface.points.count == 4)
        #expect(surface.expected! == [[0], [1], [1], [0]])
        #expect(timeline.surfaceEvery == 4)
        #expect(surface.frames.count == 51 && surface.frames.last?.step == 200)
        let g = TrainingTimeline.grid
        #expect(surface.frames.allSatisfy { $0.values.count == 1 && $0.values[0].count == g * g })
        // Trained, the corners (the data's points, a quarter of a unit inside the plane's
        // corners) are on the right sides: XOR of the corner.
        let last = surface.frames.last!.values[0]
        func at(_ x: Double, _ y: Double) -> Double {
            let j = Int(((x + 0.5) / 2 * Double(g - 1)).rounded()), i = Int(((1.5 - y) / 2 * Double(g - 1)).rounded())
            return last[i * g + j]
        }
        #expect(at(0, 0) < 0.2 && at(1, 1) < 0.2 && at(0, 1) > 0.8 && at(1, 0) > 0.8)
    }
}

/// The MNIST pictures against the trace they come from.
@Suite(.enabled(if: PageMNISTFiles.directory != nil, "real MNIST not present (set MNIST_DIR)"))
struct DigitImagesTests {
    @Test func lessonEightsDigitsWeightsProbabilitiesAndInputGradient() throws {
        let computation = try MNISTBatchProgram.computation(dataOption: PageMNISTFiles.directory)
        let trace = try computation.trace()
        let gradient = try computation.inputGradient()
        let images = try DigitImages(trace, inputGradient: gradient)
        #expect(images.side == 28 && images.digits.count == 4)
        #expect(images.digits.map(\.label) == [7, 2, 1, 0])
        let x = try #require(trace.node(named: "x")), logits = try #require(trace.node(named: "logits"))
        let xW1 = try #require(trace.node(named: "xW1")), W1 = try #require(trace.node(named: "W1"))
        let dxW1 = try #require(xW1.gradient)
        for (i, digit) in images.digits.enumerated() {
            // Pixels: the file's bytes, which the trace holds divided by 255.
            for p in 0..<784 { #expect(Double(digit.pixels[p]) == (x.value[i * 784 + p] * 255).rounded()) }
            // Probabilities: softmax of the logits row, summing to 1, the largest the logits' largest.
            let z = Array(logits.value[(i * 10)..<(i * 10 + 10)])
            let total = z.map { exp($0) }.reduce(0, +)
            for c in 0..<10 { #expect(abs(digit.probabilities[c] - exp(z[c]) / total) < 1e-12) }
            // The input's gradient: d(x_flat) = d(xW1) · W1ᵀ, from the trace's own numbers.
            let g = try #require(digit.gradient)
            for p in stride(from: 0, to: 784, by: 7) {
                let expected = (0..<128).reduce(0.0) { $0 + dxW1[i * 128 + $1] * W1.value[p * 128 + $1] }
                #expect(abs(g[p] - expected) <= 1e-12 * max(1, abs(expected)), "image \(i) pixel \(p)")
            }
        }
        // The weights: unit j's image is column j of W1, within a byte's step of its scale.
        #expect(images.weightsName == "W1" && images.weights.count == 128)
        #expect(images.weightRows == 28 && images.weightColumns == 28)
        for j in [0, 17, 127] {
            let (bytes, scale) = DigitImages.signedBytes(images.weights[j])
            #expect(scale == (0..<784).map { abs(W1.value[$0 * 128 + j]) }.max())
            for p in 0..<784 {
                let w = W1.value[p * 128 + j]
                #expect(abs(DigitImages.signedValue(bytes[p], scale: scale) - w) <= scale / 255 + 1e-15)
            }
        }
    }
}

/// MNIST_DIR, else ../shared/data/mnist beside the package, if it holds the test images.
enum PageMNISTFiles {
    static var directory: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        var candidates = [root + "/../shared/data/mnist"]
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { candidates.insert(env, at: 0) }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/t10k-images-idx3-ubyte.gz") }
    }
}

/// The JSON a written page embeds, against what `step` prints and what `trace --json` writes.
@Suite struct PageCommandDataTests {
    /// Runs `backprop ARGS`, expecting success; its standard output.
    static func run(_ arguments: [String]) throws -> String {
        let console = Console.capturing()
        let code = runBackprop(arguments: arguments, console: console)
        try #require(code == 0, "backprop \(arguments.joined(separator: " ")): \(console.err.text)")
        return console.out.text
    }

    /// The page's embedded JSON, parsed (by Foundation, which reads numbers to about 16 digits:
    /// `exactly` parses the text as the tool's own reader does, to the last bit).
    static func embedded(_ arguments: [String], into name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try embeddedText(arguments, into: name).utf8)) as? [String: Any])
    }

    static func embeddedText(_ arguments: [String], into name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid()).html").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let said = try run(arguments + (arguments.first == "mnist" ? ["--page", path] : ["-o", path]))
        #expect(said.hasPrefix("wrote \(path) ("))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"backprop-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return String(html[start.upperBound..<end.lowerBound])
    }

    static func bytes(_ base64: Any?) throws -> [UInt8] {
        let text = try #require(base64 as? String)
        return [UInt8](try #require(Data(base64Encoded: text)))
    }

    /// The acceptance: with `--train 50` the loss at steps 0, 1 and 50 is what `step --steps 50`
    /// prints (here to 17 digits, every step).
    @Test func theTimelinesLossIsWhatStepPrints() throws {
        let settings = ["--optimizer", "adam", "--lr", "0.1"]
        let text = try Self.embeddedText(["page", "Lessons/xor.net", "--train", "50"] + settings, into: "xor")
        guard case .object(let page) = try JSONValue.parse(Array(text.utf8)),
            case .object(let timeline)? = page.first(where: { $0.0 == "timeline" })?.1,
            case .array(let values)? = timeline.first(where: { $0.0 == "loss" })?.1
        else {
            Issue.record("the page has no timeline with a loss")
            return
        }
        let loss = values.compactMap(\.doubleValue)
        let printed = try PageDataTests.stepOutput(["Lessons/xor.net", "--steps", "50"] + settings)
        #expect(loss.count == 51)
        #expect([0, 1, 50].map { loss[$0] } == [0, 1, 50].map { printed.losses[$0] })
        #expect(loss == printed.losses)
        // As the page shows them, with 6 digits: as `step` prints them by default.
        let shown = try Self.run(["step", "Lessons/xor.net", "--steps", "50"] + settings)
        let rows = shown.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        for s in [0, 1, 50] {
            let row = s == 50 ? "after" : String(s + 1)
            #expect(rows.contains([row, NumberFormat.significant(loss[s], digits: 6)]), "step \(s)")
        }
        #expect(timeline.first { $0.0 == "steps" }?.1 == .integer(50))
    }

    @Test func flagsOfTrainGoWithTrain() throws {
        let console = Console.capturing()
        #expect(runBackprop(arguments: ["page", "2", "--lr", "0.5"], console: console) == 2)
        #expect(console.err.text.hasPrefix("backprop: --lr and --optimizer set the optimizer of --train N; give --train too\n"))
    }
}

/// The pictures a written page embeds, against `trace --json`.
@Suite(.enabled(if: PageMNISTFiles.directory != nil, "real MNIST not present (set MNIST_DIR)"))
struct PageImagesTests {
    /// `trace --json`'s nodes by name: (values, gradient).
    static func traced(_ arguments: [String]) throws -> [String: (value: [Double], grad: [Double]?)] {
        // `trace 8 --json` writes the trace of lesson 8's subject (it takes no --data: here the
        // folder is given to the subject itself).
        let text = arguments == ["trace", "8"]
            ? try LessonCatalog.subject("8", dataOption: PageMNISTFiles.directory).trace.json.serialized()
            : try PageCommandDataTests.run(arguments + ["--json", "--data", PageMNISTFiles.directory!])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var nodes: [String: (value: [Double], grad: [Double]?)] = [:]
        for node in try #require(json["nodes"] as? [[String: Any]]) {
            let name = try #require(node["name"] as? String), value = try #require(node["value"] as? [Double])
            nodes[name] = (value, node["grad"] as? [Double])
        }
        return nodes
    }

    static func softmax(_ z: ArraySlice<Double>) -> [Double] {
        let top = z.max()!
        let e = z.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    @Test func lessonEightsPageHasItsDigitsProbabilitiesGradientsAndWeights() throws {
        let data = PageMNISTFiles.directory!
        let page = try PageCommandDataTests.embedded(["page", "8", "--data", data], into: "lesson8")
        let images = try #require(page["images"] as? [String: Any])
        let digits = try #require(images["digits"] as? [[String: Any]])
        let trace = try Self.traced(["trace", "8"])
        let x = try #require(trace["x"]).value, logits = try #require(trace["logits"]).value
        let W1 = try #require(trace["W1"]).value, xW1 = try #require(trace["xW1"])
        let dxW1 = try #require(xW1.grad)
        #expect(digits.count == 4 && digits.map { $0["label"] as? Int } == [7, 2, 1, 0])
        #expect(digits.map { $0["name"] as? String } == (0..<4).map { "test image \($0)" })
        for (i, digit) in digits.enumerated() {
            let pixels = try PageCommandDataTests.bytes(digit["pixels"])
            #expect(pixels.count == 784)
            #expect(pixels.indices.allSatisfy { Double(pixels[$0]) == (x[i * 784 + $0] * 255).rounded() })
            let p = try #require(digit["probabilities"] as? [Double])
            let expected = Self.softmax(logits[(i * 10)..<(i * 10 + 10)])
            #expect(zip(p, expected).allSatisfy { abs($0 - $1) < 1e-12 } && p.count == 10)
            // d(x_flat) = d(xW1) · W1ᵀ, from trace --json's numbers, within a byte of its scale.
            let gradient = try #require(digit["gradient"] as? [String: Any])
            let scale = try #require(gradient["scale"] as? Double)
            let g = try PageCommandDataTests.bytes(gradient["bytes"])
            let exact = (0..<784).map { q in (0..<128).reduce(0.0) { $0 + dxW1[i * 128 + $1] * W1[q * 128 + $1] } }
            #expect(abs(scale - exact.map(abs).max()!) <= 1e-12 * scale)
            for q in 0..<784 { #expect(abs(DigitImages.signedValue(g[q], scale: scale) - exact[q]) <= scale / 255 * 1.0001) }
        }
        let weights = try #require(images["weights"] as? [String: Any])
        let units = try #require(weights["images"] as? [String])
        let scales = try #require(weights["scales"] as? [Double])
        #expect(weights["name"] as? String == "W1" && units.count == 128 && scales.count == 128)
        for j in [0, 64, 127] {
            let b = try PageCommandDataTests.bytes(units[j])
            for q in 0..<784 {
                #expect(abs(DigitImages.signedValue(b[q], scale: scales[j]) - W1[q * 128 + j]) <= scales[j] / 255 * 1.0001)
            }
        }
    }

    /// `mnist trace --index 3 --page`: the training image and its label, and probabilities as
    /// `mnist trace --json`'s (which runs in Float) has them, to Float's precision.
    @Test func mnistTracesPageDrawsItsImage() throws {
        let data = PageMNISTFiles.directory!
        let page = try PageCommandDataTests.embedded(["mnist", "trace", "--index", "3", "--data", data], into: "mnist3")
        let digits = try #require((page["images"] as? [String: Any])?["digits"] as? [[String: Any]])
        let trace = try Self.traced(["mnist", "trace", "--index", "3"])
        let x = try #require(trace["x"]).value, logits = try #require(trace["logits"]).value
        #expect(digits.count == 1 && digits[0]["label"] as? Int == 1)
        let pixels = try PageCommandDataTests.bytes(digits[0]["pixels"])
        #expect(pixels.indices.allSatisfy { Double(pixels[$0]) == (x[$0] * 255).rounded() })
        let p = try #require(digits[0]["probabilities"] as? [Double])
        #expect(zip(p, Self.softmax(logits[0..<10])).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(digits[0]["gradient"] is [String: Any])
        #expect(digits[0]["name"] as? String == "training image 3")
    }
}
