import Datasets
import Foundation
import Support
import Testing

/// `backprop page` in a real browser: headless Chromium loads the pages of lessons 2, 4 and 8 at
/// several `#step=` positions with every request sent to a closed port, and the DOM it dumps
/// after the page's script ran must show the numbers of `trace --json` for the current node, the
/// right node highlighted, and nothing loaded. Screenshots of lesson 2 go to .build/page-tests.
/// Without Chromium (outside CI) the tests are skipped and say so.
@Suite(.serialized) struct PageBrowserTests {
    static let runs = Browser.chromium != nil || Browser.isCI
    static let skipped: Comment = "Chromium is not installed (apt-get install chromium; CI installs it)"

    /// A lesson's page, its embedded JSON, and `trace --json`.
    struct Lesson {
        let page: URL
        let data: JSONValue
        let trace: [JSONValue]
        let steps: [(phase: String, node: Int)]

        /// The page of a lesson (`number`) or of a network file, written as `pageName`.
        init(_ number: String, pageName: String? = nil) throws {
            page = Browser.outputFolder.appendingPathComponent(pageName ?? "lesson-\(number).html")
            _ = try Browser.backprop(["page", number, "-o", page.path])
            let html = try String(contentsOf: page, encoding: .utf8)
            let open = #"<script type="application/json" id="backprop-data">"#
            let start = try #require(html.range(of: open)).upperBound
            let end = try #require(html[start...].range(of: "</script>")).lowerBound
            data = try JSONValue.parse(Array(html[start..<end].replacingOccurrences(of: "<\\/", with: "</").utf8))
            let traceJSON = try JSONValue.parse(Array(try Browser.backprop(["trace", number, "--json"]).utf8))
            trace = try #require(traceJSON["nodes"]?.arrayValue)
            steps = try #require(data["steps"]?.arrayValue).map { step in
                (step["phase"]?.stringValue ?? "", step["node"]?.intValue ?? -1)
            }
        }

        func node(_ id: Int) -> JSONValue { trace[id] }
        func numbers(_ id: Int, _ key: String) -> [Double]? {
            trace[id][key]?.arrayValue?.map { $0.doubleValue ?? .nan }
        }
        /// The 1-based step of a node's value (forward) or gradient (backward).
        func step(of name: String, _ phase: String) -> Int? {
            guard let id = trace.firstIndex(where: { $0["name"]?.stringValue == name }) else { return nil }
            return steps.firstIndex { $0.phase == phase && $0.node == id }.map { $0 + 1 }
        }
    }

    @Test(.enabled(if: runs, skipped)) func lessonTwo() throws { _ = try checkLesson("2") }

    @Test(.enabled(if: runs, skipped)) func lessonFour() throws { _ = try checkLesson("4") }

    @Test(.enabled(if: runs && (Browser.mnist != nil || Browser.isCI), "no Chromium, or no MNIST files for lesson 8"))
    func lessonEight() throws {
        let lesson = try checkLesson("8")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: lesson.page.path)[.size] as? Int)
        #expect(size < 2_000_000, "lesson 8's page is \(size) bytes")
    }

    /// The steps are every node forward, then every gradient from the loss back; at several
    /// steps the DOM shows the current node highlighted and its numbers.
    func checkLesson(_ number: String) throws -> Lesson {
        let lesson = try Lesson(number)
        let forward = lesson.steps.filter { $0.phase == "forward" }.map(\.node)
        let backward = lesson.steps.filter { $0.phase == "backward" }.map(\.node)
        #expect(forward == Array(0..<lesson.trace.count))
        let withGradient = lesson.trace.indices.filter { lesson.trace[$0]["grad"]?.arrayValue != nil }
        #expect(backward == withGradient.reversed())
        #expect(lesson.steps.count == forward.count + backward.count)

        let n = forward.count, total = lesson.steps.count
        var positions = [1, (n + 1) / 2, n, n + 1, n + (total - n + 1) / 2, total]
        // Every parameter's gradient.
        for (k, step) in lesson.steps.enumerated()
        where step.phase == "backward" && lesson.trace[step.node]["op"]?.stringValue == "parameter" {
            positions.append(k + 1)
        }
        positions = Array(Set(positions)).sorted()
        for step in positions {
            let (dom, console) = try Browser.dom(lesson.page, step: step)
            let expected = lesson.steps[step - 1]
            let place = "lesson \(number) #step=\(step)"
            let root = try #require(DOM.attributes(of: "html", in: dom), "\(place): no <html> in the DOM")
            #expect(root["data-ready"] == "true", "\(place): the page's script did not finish")
            #expect(root["data-step"] == String(step), "\(place)")
            #expect(root["data-current-node"] == String(expected.node), "\(place)")
            #expect(root["data-phase"] == expected.phase, "\(place)")
            // Nothing loaded, nothing refused, nothing failed.
            #expect(root["data-failed-loads"] == "0", "\(place): failed loads")
            #expect(root["data-blocked-requests"] == "0", "\(place): blocked requests")
            #expect(root["data-resources"] == "0", "\(place): resources fetched")
            #expect(!console.contains("Failed to load resource") && !console.contains("Refused to"), "\(place): \(console)")

            // Exactly one node highlighted: the step's.
            let current = DOM.startTags("g", in: dom).map(DOM.parse).filter {
                ($0["class"] ?? "").split(separator: " ").contains("current")
            }
            #expect(current.count == 1, "\(place): \(current.count) highlighted nodes")
            #expect(current.first?["data-node"] == String(expected.node), "\(place): highlighted \(current.first?["data-node"] ?? "none")")

            try checkNumbers(dom, lesson: lesson, node: expected.node, kind: "value", key: "value", place: place)
            if expected.phase == "backward" {
                try checkNumbers(dom, lesson: lesson, node: expected.node, kind: "grad", key: "grad", place: place)
            }
        }
        return lesson
    }

    /// The current node's value or gradient as the detail panel shows it, against `trace --json`:
    /// every entry of a table, or a heat map's min, mean, max and norm and its entry.
    func checkNumbers(_ dom: String, lesson: Lesson, node: Int, kind: String, key: String, place: String) throws {
        let values = try #require(lesson.numbers(node, key), "\(place): trace --json has no \(key) for node \(node)")
        let having = ["data-node": String(node), "data-kind": kind]
        if let table = DOM.inner(of: "table", having: having.merging(["class": "tensor"]) { $1 }, in: dom) {
            let cells = DOM.cells(table)
            #expect(cells.map(\.index) == Array(values.indices), "\(place): \(kind) table has \(cells.count) of \(values.count) entries")
            for (index, text) in cells where index < values.count {
                #expect(agrees(text, values[index]), "\(place): \(kind)[\(index)] shows \(text), trace --json has \(values[index])")
            }
            return
        }
        let stats = try #require(
            DOM.inner(of: "dl", having: having.merging(["class": "stats"]) { $1 }, in: dom), "\(place): no \(kind) table or heat map")
        let finite = values.filter(\.isFinite)
        let expected: [String: Double] = [
            "min": finite.min() ?? .nan, "max": finite.max() ?? .nan,
            "mean": finite.reduce(0, +) / Double(finite.count),
            "norm": finite.reduce(0) { $0 + $1 * $1 }.squareRoot(),
        ]
        let shown = Dictionary(
            stats.matches(of: /<dd data-stat="(\w+)">([^<]*)<\/dd>/).map { (String($0.1), String($0.2)) }, uniquingKeysWith: { a, _ in a })
        for (name, value) in expected {
            let text = try #require(shown[name], "\(place): heat map of \(kind) has no \(name)")
            #expect(agrees(text, value), "\(place): \(kind) \(name) shows \(text), trace --json gives \(value)")
        }
        // The entry read out under the map (at single precision when the page packs the tensor).
        let output = try #require(DOM.attributes(of: "output", having: having.merging(["class": "entry"]) { $1 }, in: dom), "\(place): no entry")
        let index = try #require(output["data-i"].flatMap { Int($0) })
        let text = DOM.text(try #require(DOM.inner(of: "output", having: having.merging(["class": "entry"]) { $1 }, in: dom)))
        let number = String(text.split(separator: "=").last?.split(separator: " ").first ?? "")
        if values.count > 20_000 {
            #expect(abs((Double(number) ?? .nan) - values[index]) <= 1e-6 * max(1, abs(values[index])), "\(place): entry \(text)")
        } else {
            #expect(agrees(number, values[index]), "\(place): entry \(text), trace --json has \(values[index])")
        }
    }

    /// Lesson 2 at the step of W2's gradient: the derivation is `explain 2`'s block for dW2,
    /// line for line, and the check's status is `explain 2`'s for dW2, as text.
    @Test(.enabled(if: runs, skipped)) func lessonTwoShowsExplainsDerivationOfW2() throws {
        let lesson = try Lesson("2")
        let step = try #require(lesson.step(of: "W2", "backward"))
        let id = try #require(lesson.trace.firstIndex { $0["name"]?.stringValue == "W2" })
        let (dom, _) = try Browser.dom(lesson.page, step: step)
        let shown = DOM.unescape(try #require(DOM.inner(of: "pre", having: ["class": "derivation", "data-node": String(id)], in: dom)))

        let explain = try Browser.backprop(["explain", "2"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(explain.firstIndex { $0.hasPrefix("  dW2 = ") }, "explain 2 has no block for dW2")
        let block = explain[first...].prefix { !$0.isEmpty }.map { String($0.dropFirst(2)) }
        #expect(shown == block.joined(separator: "\n"))
        #expect(block.count >= 3 && block.joined().contains("0.082167"), "dW2[0,0] of the hand-worked example")

        // The check line of dW2 in explain's table ends with its status; the page writes it out.
        let checkLine = try #require(explain.first { $0.hasPrefix("  dW2 ") && $0.contains("(2×2)") }, "no check line for dW2")
        let status = try #require(checkLine.split(separator: " ").last.map(String.init))
        let badge = try #require(DOM.attributes(of: "p", having: ["class": "check-status"], in: dom))
        #expect(badge["data-status"] == status)
        let text = DOM.text(try #require(DOM.inner(of: "p", having: ["class": "check-status"], in: dom)))
        #expect(text.hasPrefix(status + " dW2: 4 entries checked"), "\(text)")
        // The lesson beside it is at its backward pass, the paragraph that names dW2 marked.
        let part = try #require(
            DOM.startTags("section", in: dom).map(DOM.parse).first { ($0["class"] ?? "").contains("current") }, "no lesson part marked")
        let section = try #require(DOM.inner(of: "section", having: ["id": part["id"] ?? ""], in: dom))
        #expect(section.contains("<h3>Backward</h3>"))
        let mentioned = try #require(DOM.inner(of: "p", having: ["class": "mentioned"], in: dom), "no paragraph marked")
        #expect(mentioned.contains("<code>dW2"))
        // Each checked entry's derivation and backward value are dW2's numbers.
        let grad = try #require(lesson.numbers(id, "grad"))
        let table = try #require(DOM.inner(of: "table", having: ["class": "check-table"], in: dom))
        let rows = table.matches(of: /<tr data-element="(\d+)">(.*?)<\/tr>/)
        #expect(rows.count == 4)
        for row in rows {
            let cells = row.2.matches(of: /<td>([^<]*)<\/td>/).map { String($0.1) }
            let element = Int(row.1)!
            #expect(cells.count >= 3 && agrees(cells[1], grad[element]) && agrees(cells[2], grad[element]), "\(cells)")
        }
    }

    /// A network file with the learner's own gradients (`grad NAME = …`): at each stated
    /// gradient's backward step the page shows it beside the backward pass's, entry for entry as
    /// `trace --json` has it, and the verdict in `backprop check`'s words, as text.
    @Test(.enabled(if: runs, skipped)) func statedGradientsBesideTheTapes() throws {
        let file = "Transcripts/fixtures/check/sigmoid-factor.net"
        let page = try Lesson(file, pageName: "stated-gradients.html")
        let check = try Browser.backprop(["check", file], allowFailure: true)
        for name in ["o", "z2", "W2"] {
            let step = try #require(page.step(of: name, "backward"))
            let id = try #require(page.trace.firstIndex { $0["name"]?.stringValue == name })
            let (dom, _) = try Browser.dom(page.page, step: step)
            let place = "\(file) #step=\(step)"
            try checkNumbers(dom, lesson: page, node: id, kind: "stated", key: "stated", place: place)
            let verdict = try #require(DOM.attributes(of: "p", having: ["class": "stated-verdict"], in: dom), "\(place): no verdict")
            let text = DOM.text(try #require(DOM.inner(of: "p", having: ["class": "stated-verdict"], in: dom)))
            // check's line for this gradient: `  dz2  (1×2)  WRONG (max diff 0.6, 2 of 2 entries)`.
            let line = try #require(check.split(separator: "\n").first { $0.hasPrefix("  d\(name) ") }, "no check line for d\(name)")
            let words = line.split(separator: ")", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(words.hasPrefix(name == "o" ? "exact" : "WRONG"), "\(line)")
            #expect(text.hasSuffix(words.components(separatedBy: ", because").first!), "\(place): \(text) against \(line)")
            #expect(verdict["data-verdict"] == (name == "o" ? "exact" : "wrong"), "\(place)")
        }
    }

    /// Screenshots of lesson 2 at W2's gradient at 1280×800 and 390×844 (a phone), written to
    /// .build/page-tests: each is a PNG of that size that is neither blank nor one color.
    @Test(.enabled(if: runs, skipped)) func lessonTwoScreenshots() throws {
        let lesson = try Lesson("2")
        let step = try #require(lesson.step(of: "W2", "backward"))
        for (width, height) in [(1280, 800), (390, 844)] {
            let file = Browser.outputFolder.appendingPathComponent("lesson-2-step-\(step)-\(width)x\(height).png")
            try? FileManager.default.removeItem(at: file)
            _ = try Browser.chromium([
                "--window-size=\(width),\(height)", "--screenshot=" + file.path, lesson.page.absoluteString + "#step=\(step)",
            ])
            let bytes = try [UInt8](Data(contentsOf: file))
            let image = try PNG.decode(bytes, file: file.path)
            #expect(image.width == width && image.height == height, "\(file.lastPathComponent) is \(image.width)×\(image.height)")
            var counts: [UInt32: Int] = [:]
            let channels = image.channels
            for p in stride(from: 0, to: image.samples.count - channels + 1, by: channels) {
                var key: UInt32 = 0
                for c in 0..<min(channels, 3) { key = key << 8 | UInt32(image.samples[p + c]) }
                counts[key, default: 0] += 1
            }
            let pixels = image.width * image.height
            let commonest = counts.values.max() ?? 0
            #expect(counts.count >= 16, "\(file.lastPathComponent): \(counts.count) colors")
            #expect(Double(commonest) < 0.97 * Double(pixels), "\(file.lastPathComponent): one color covers \(commonest) of \(pixels) pixels")
        }
    }

    /// Keys and clicks walk the steps: → ← Home End, a click on a node (its value's step while
    /// walking forward, its gradient's while walking backward), Enter on a focused node. A
    /// script added after the page's own presses them once the page has loaded and writes the
    /// step after each on <html>.
    @Test(.enabled(if: runs, skipped)) func keysAndClicksWalkTheSteps() throws {
        let lesson = try Lesson("2")
        let w2 = try #require(lesson.trace.firstIndex { $0["name"]?.stringValue == "W2" })
        let b1 = try #require(lesson.trace.firstIndex { $0["name"]?.stringValue == "b1" })
        let driver = """
            <script>window.addEventListener("load", function () {
              var root = document.documentElement, log = [];
              function press(key, target) {
                (target || document.body).dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
                log.push(root.dataset.step);
              }
              function click(id) {
                document.querySelector('g.node[data-node="' + id + '"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
                log.push(root.dataset.step);
              }
              ["ArrowRight", "ArrowRight", "ArrowLeft", "End", "ArrowRight", "Home", "ArrowLeft"].forEach(function (k) { press(k); });
              click(\(w2)); press("End"); click(\(w2));
              var node = document.querySelector('g.node[data-node="\(b1)"]'); node.focus(); press("Enter", node);
              root.dataset.log = log.join(",");
              root.dataset.focused = document.activeElement.getAttribute("data-node");
              root.dataset.hash = location.hash;
            });</script>
            """
        let html = try String(contentsOf: lesson.page, encoding: .utf8).replacingOccurrences(of: "</body>", with: driver + "</body>")
        let driven = Browser.outputFolder.appendingPathComponent("lesson-2-keys.html")
        try html.write(to: driven, atomically: true, encoding: .utf8)
        let (dom, _) = try Browser.dom(driven, step: 5)
        let root = try #require(DOM.attributes(of: "html", in: dom))
        let total = lesson.steps.count
        let forwardW2 = try #require(lesson.step(of: "W2", "forward")), backwardW2 = try #require(lesson.step(of: "W2", "backward"))
        let backwardB1 = try #require(lesson.step(of: "b1", "backward"))
        let expected = [6, 7, 6, total, total, 1, 1, forwardW2, total, backwardW2, backwardB1].map(String.init)
        #expect(root["data-log"] == expected.joined(separator: ","))
        #expect(root["data-focused"] == String(b1), "focus stays on the node")
        #expect(root["data-hash"] == "#step=\(backwardB1)")
    }

    /// The request detector works: the same page with one image from the network (refused by the
    /// page's policy, and unreachable anyway) reports it.
    @Test(.enabled(if: runs, skipped)) func aRequestIsNoticed() throws {
        let lesson = try Lesson("2")
        let html = try String(contentsOf: lesson.page, encoding: .utf8)
            .replacingOccurrences(of: "<body>", with: #"<body><img src="http://127.0.0.1:9/probe.png" alt="">"#)
        let spoiled = Browser.outputFolder.appendingPathComponent("lesson-2-with-a-request.html")
        try html.write(to: spoiled, atomically: true, encoding: .utf8)
        let (dom, _) = try Browser.dom(spoiled, step: 1)
        let root = try #require(DOM.attributes(of: "html", in: dom))
        let noticed = (Int(root["data-failed-loads"] ?? "") ?? 0) + (Int(root["data-blocked-requests"] ?? "") ?? 0)
        #expect(noticed >= 1, "\(root)")
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectMembers?.first { $0.0 == key }?.1 }
    var arrayValue: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var intValue: Int? { if case .integer(let n) = self { n } else { nil } }
}
