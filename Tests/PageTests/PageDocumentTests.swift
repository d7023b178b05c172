import Foundation
import Testing

@testable import Page
import Explainer
import Lessons
import Support

/// The page's data without a browser: the steps, the embedded JSON, the HTML frame.
@Suite struct PageDocumentTests {
    @Test func lessonTwoWalksEveryNodeForwardThenEveryGradientBack() throws {
        let document = try PageDocument.load("2")
        let forward = document.steps.filter { $0.phase == "forward" }
        let backward = document.steps.filter { $0.phase == "backward" }
        #expect(forward.map(\.node) == Array(0..<document.trace.nodes.count))
        // The loss first, then back; every parameter's gradient among them.
        #expect(backward.first?.node == document.trace.lossID)
        let names = Set(backward.map { document.trace.nodes[$0.node].name })
        for parameter in ["W1", "b1", "W2", "b2"] { #expect(names.contains(parameter)) }
        // Without -o, the page is named after the lesson's file.
        #expect(document.defaultFileName == "02-two-layer-sigmoid.html")
    }
}

@Suite struct PageJSONTests {
    @Test func lessonTwoSectionsSayWhichPassTheyShow() throws {
        let lesson = try #require(LessonCatalog.lesson("2"))
        let sections = LessonHTML(lesson: lesson).sections
        let forward = try #require(sections.first { $0.html.contains("<h3>Forward</h3>") })
        let backward = try #require(sections.first { $0.html.contains("<h3>Backward</h3>") })
        #expect(forward.phases == ["forward"])
        #expect(backward.phases == ["backward"])
        #expect(backward.names.contains("dW2") && backward.names.contains("dloss"))
        #expect(sections.first?.phases == ["network"])
        // Every section is in the side column's HTML, in order.
        let body = LessonHTML(lesson: lesson).body
        #expect(body.components(separatedBy: "<section ").count == sections.count + 1)
    }

    @Test func markdownBecomesEscapedHTML() {
        #expect(LessonHTML.inline("`a < b` and **x & y**, *z*, [the notes](../x.md)")
            == "<code>a &lt; b</code> and <strong>x &amp; y</strong>, <em>z</em>, the notes")
        let html = LessonHTML.html(["# Title", "", "> a quote", "", "- one", "- two", "  wrapped", "", "Text", "more.", "", "    code <x>"])
        #expect(html == """
            <h2>Title</h2>
            <blockquote>a quote</blockquote>
            <ul><li>one</li><li>two wrapped</li></ul>
            <p>Text more.</p>
            <pre><code>code &lt;x&gt;</code></pre>

            """)
        // Nothing can end the data's <script> early.
        #expect(PageDocument.scriptSafe(#"{"a": "</script><!--"}"#) == #"{"a": "<\/script><\u0021--"}"#)
    }

    @Test func eachNodeCarriesExplainsTextAndItsCheck() throws {
        let document = try PageDocument.load("2")
        let derivation = try Derivation(trace: document.trace)
        let writer = DerivationText()
        let nodes = try #require(document.json.member("trace")?.member("nodes")?.items)
        let id = try #require(document.trace.nodes.firstIndex { $0.name == "W2" })
        let w2 = nodes[id]
        #expect(w2.member("derivation")?.items?.compactMap(\.text) == writer.explanation(of: id, in: derivation, wholeChain: id == writer.wholeChainNode(in: derivation)))
        #expect(w2.member("forward")?.items?.compactMap(\.text) == writer.forwardLines(document.trace.nodes[id], trace: document.trace))
        #expect(w2.member("gradient_name")?.text == "dW2")
        #expect(w2.member("check")?.member("status")?.text == "PASS")
        #expect(w2.member("check")?.member("checked") == .integer(4))
        let stats = try #require(w2.member("stats")?.member("value"))
        #expect(stats.member("min")?.doubleValue == 0.4 && stats.member("max")?.doubleValue == 0.55)
        // The loss's gradient is not checked (it is 1 by definition); every parameter's is.
        let loss = try #require(document.trace.lossID)
        #expect(nodes[loss].member("check") == .null)
        #expect(document.json.member("check")?.member("status")?.text == "PASS")
    }

    /// The embedded trace is `trace --json`, node for node, with members added after its own.
    @Test func theEmbeddedTraceIsTraceJSONExtended() throws {
        for reference in ["2", "4", "Lessons/dropout.net"] {
            let document = try PageDocument.load(reference)
            let own = try #require(document.trace.json.member("nodes")?.items)
            let embedded = try #require(document.json.member("trace")?.member("nodes")?.items)
            #expect(own.count == embedded.count)
            for (a, b) in zip(own, embedded) {
                let members = try #require(a.objectMembers), extended = try #require(b.objectMembers)
                #expect(JSONValue.object(Array(extended.prefix(members.count))) == JSONValue.object(members), "\(reference)")
            }
            #expect(document.json.member("trace")?.member("loss") == document.trace.json.member("loss"))
        }
    }

    @Test func largeTensorsArePackedAsFloat32() throws {
        let small = (0..<PageDocument.packAbove).map { Double($0) / 7 }
        #expect(PageDocument.tensor(small) == .array(small.map { .number($0) }))
        let large = (0...PageDocument.packAbove).map { Double($0) / 7 - 100 }
        let packed = try #require(PageDocument.tensor(large).member("float32")?.text)
        let bytes = try #require(Data(base64Encoded: packed))
        #expect(bytes.count == 4 * large.count)
        let floats = bytes.withUnsafeBytes { raw in (0..<large.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) } }
        #expect(floats == large.map { Float($0) })
    }
}

extension JSONValue {
    func member(_ key: String) -> JSONValue? { objectMembers?.first { $0.0 == key }?.1 }
    var items: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var text: String? { if case .string(let s) = self { s } else { nil } }
}
