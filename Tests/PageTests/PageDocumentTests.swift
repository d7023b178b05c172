import Foundation
import Testing

@testable import Page
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
    }
}
