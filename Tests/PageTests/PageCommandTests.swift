import Foundation
import Testing

/// `backprop page` as a command: a network file with a mistake gets `trace`'s message, and no page.
@Suite struct PageCommandTests {
    @Test(arguments: ["typo-function.net", "shape-mismatch.net", "undefined-name.net"])
    func aMistakeGivesTracesMessage(fixture: String) throws {
        let file = "Transcripts/fixtures/" + fixture
        let page = Browser.outputFolder.appendingPathComponent("mistake-\(fixture).html")
        try? FileManager.default.removeItem(at: page)
        let backprop = try Browser.backprop()
        let trace = try Browser.run(backprop, ["trace", file])
        let written = try Browser.run(backprop, ["page", file, "-o", page.path])
        #expect(trace.status == 1 && written.status == 1)
        #expect(written.stderr == trace.stderr)
        #expect(written.stderr.hasPrefix("backprop: \(file):") && written.stderr.filter { $0 == "\n" }.count == 1, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: page.path))
    }

    /// The page is one file: nothing in it names anything to load.
    @Test func thePageIsOneFileThatLoadsNothing() throws {
        let page = Browser.outputFolder.appendingPathComponent("two-layer-sigmoid.html")
        let output = try Browser.backprop(["page", "Lessons/two-layer-sigmoid.net", "-o", page.path])
        #expect(output == "wrote \(page.path) (30 steps); open it in a browser\n")
        let html = try String(contentsOf: page, encoding: .utf8)
        // No address of anything to load: no src, no href, no @import; url() only of the page's own
        // parts (`url(#arrow)`).
        for pattern in ["src=", "href=", "@import", "<link", "<iframe"] {
            #expect(!html.contains(pattern), "the page holds \(pattern)")
        }
        #expect(html.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") })
        #expect(html.contains("default-src 'none'"))
    }
}
