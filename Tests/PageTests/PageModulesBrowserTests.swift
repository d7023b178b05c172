import Foundation
import Support
import Testing

/// The page's modules in headless Chromium: the timeline of `--train N` shows the losses and
/// parameters `backprop step` prints, and lesson 8's pictures show the probabilities of `trace
/// --json`'s logits; nothing is loaded. Skipped, saying so, without Chromium.
@Suite(.serialized) struct PageModulesBrowserTests {
    static let runs = PageBrowserTests.runs
    static let settings = ["--optimizer", "adam", "--lr", "0.1"]

    /// The DOM of `page` at `#step=1&train=S` after its scripts ran, and the <html> attributes.
    static func dom(_ page: URL, train step: Int) throws -> (dom: String, root: [String: String]) {
        let output = try Browser.chromium(["--dump-dom", page.absoluteString + "#step=1&train=\(step)"])
        let root = try #require(DOM.attributes(of: "html", in: output.stdout), "no <html> in the DOM")
        #expect(root["data-ready"] == "true" && root["data-failed-loads"] == "0" && root["data-blocked-requests"] == "0")
        return (output.stdout, root)
    }

    /// With `--train 50`, the loss shown at steps 0, 1 and 50 is what `step --steps 50` prints,
    /// and at step 50 every parameter entry is its `after` column.
    @Test(.enabled(if: runs, PageBrowserTests.skipped)) func theTimelineShowsWhatStepPrints() throws {
        let page = Browser.outputFolder.appendingPathComponent("xor-train-50.html")
        _ = try Browser.backprop(["page", "Lessons/xor.net", "--train", "50", "-o", page.path] + Self.settings)
        let printed = try Browser.backprop(["step", "Lessons/xor.net", "--steps", "50"] + Self.settings)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        func printedLoss(_ row: String) -> String? { printed.first { $0.count == 2 && $0[0] == row }?[1] }
        for (step, row) in [(0, "1"), (1, "2"), (50, "after")] {
            let (dom, _) = try Self.dom(page, train: step)
            let section = try #require(DOM.attributes(of: "section", having: ["id": "timeline"], in: dom))
            #expect(section["data-step"] == String(step))
            let loss = try #require(printedLoss(row), "step prints no row \(row)")
            #expect(section["data-loss"] == loss, "step \(step): the page shows \(section["data-loss"] ?? "none"), step prints \(loss)")
            let readout = DOM.text(try #require(DOM.inner(of: "output", having: ["id": "timeline-readout"], in: dom)))
            #expect(readout.hasPrefix("step \(step) of 50: loss = \(loss)"), "\(readout)")
            guard step == 50 else { continue }
            // The plane: drawn, and the output at the four points as the JSON holds it.
            #expect(DOM.startTags("canvas", in: try #require(DOM.inner(of: "figure", having: ["class": "surface"], in: dom))).count == 1)
            let html = try String(contentsOf: page, encoding: .utf8)
            let open = #"<script type="application/json" id="backprop-data">"#
            let start = try #require(html.range(of: open)).upperBound
            let end = try #require(html[start...].range(of: "</script>")).lowerBound
            let data = try JSONValue.parse(Array(html[start..<end].replacingOccurrences(of: "<\\/", with: "</").utf8))
            let frame = try #require(data["timeline"]?["surface"]?["frames"]?.arrayValue?.last)
            #expect(frame["step"]?.intValue == 50)
            let atPoints = try #require(frame["at_points"]?.arrayValue).map { $0.arrayValue?.first?.doubleValue ?? .nan }
            let points = try #require(DOM.inner(of: "table", having: ["class": "numbers points-table"], in: dom))
            let shownOutputs = points.matches(of: /<tr><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><\/tr>/).map { String($0.1) }
            #expect(shownOutputs.count == 4)
            for (text, value) in zip(shownOutputs, atPoints) { #expect(agrees(text, value), "output \(text), the JSON has \(value)") }
            var compared = 0
            for name in ["W1", "b1", "W2", "b2"] {
                let table = try #require(DOM.inner(of: "table", having: ["data-parameter": name], in: dom))
                for row in table.matches(of: /<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/) {
                    let entry = String(row.1)
                    let after = try #require(printed.first { $0.count == 4 && $0[0] == entry }, "step prints no \(entry)")
                    #expect(String(row.2) == after[3], "\(entry) at step 50: the page shows \(row.2), step prints \(after[3])")
                    compared += 1
                }
            }
            #expect(compared == 17)
        }
    }

    /// Lesson 8: four digits, each with ten probabilities that are softmax of `trace --json`'s
    /// logits to the digits shown, the label named in words.
    @Test(.enabled(if: runs && (Browser.mnist != nil || Browser.isCI), "no Chromium, or no MNIST files for lesson 8"))
    func lessonEightShowsItsDigitsAndProbabilities() throws {
        let page = Browser.outputFolder.appendingPathComponent("lesson-8-images.html")
        _ = try Browser.backprop(["page", "8", "-o", page.path])
        let trace = try JSONValue.parse(Array(try Browser.backprop(["trace", "8", "--json"]).utf8))
        let logits = try #require(trace["nodes"]?.arrayValue?.first { $0["name"]?.stringValue == "logits" })
        let z = try #require(logits["value"]?.arrayValue).map { $0.doubleValue ?? .nan }
        let (dom, _) = try Self.dom(page, train: 0)
        for (i, label) in [7, 2, 1, 0].enumerated() {
            let figure = try #require(DOM.inner(of: "figure", having: ["data-digit": String(i)], in: dom), "no digit \(i)")
            #expect(DOM.text(figure).hasPrefix("test image \(i), label \(label)"))
            let row = z[(i * 10)..<(i * 10 + 10)]
            let top = row.max()!, total = row.map { exp($0 - top) }.reduce(0, +)
            let shown = figure.matches(of: /<td class="probability">([^<]*)<\/td>/).map { String($0.1) }
            #expect(shown.count == 10)
            for (k, text) in shown.enumerated() {
                #expect(agrees(text, exp(row[row.startIndex + k] - top) / total), "image \(i) class \(k) shows \(text)")
            }
            let labelRow = try #require(DOM.inner(of: "tr", having: ["data-class": String(label)], in: figure))
            #expect(labelRow.contains(#"class="bar-note">label"#), "\(labelRow)")
            #expect(DOM.startTags("canvas", in: figure).count == 2, "the digit and its gradient")
        }
        #expect(DOM.attributes(of: "canvas", having: ["class": "weights-grid"], in: dom) != nil)
        let readout = DOM.text(try #require(DOM.inner(of: "output", having: ["id": "weights-readout"], in: dom)))
        #expect(readout.hasPrefix("W1[:,0]: scale ±"))
    }
}
