import Foundation
import Testing

@testable import Lessons
import Languages

/// The complete example in Lessons/README.md is a working network file.
@Suite struct ReadmeExampleTests {
    @Test func theCompleteExampleRuns() throws {
        let readme = try String(contentsOfFile: packageRoot + "/Lessons/README.md", encoding: .utf8)
        let afterHeading = try #require(readme.range(of: "### A complete example")).upperBound
        let rest = readme[afterHeading...]
        let start = try #require(rest.range(of: "```text\n")).upperBound
        let end = try #require(rest[start...].range(of: "```")).lowerBound
        let network = try Network(source: String(rest[start..<end]), file: "README.md")
        #expect(network.parameterNames == ["W1", "b1", "W2", "b2"])
        #expect(network.lossName == "loss")
        let run = try network.run()
        #expect(run.lossValue > 0)
    }
}
