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

/// The network in the package's README runs, and the files its tour names exist.
@Suite struct PackageReadmeTests {
    @Test func theExampleNetworkRuns() throws {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        let afterIntroduction = try #require(readme.range(of: "Write your own network")).upperBound
        let rest = readme[afterIntroduction...]
        let start = try #require(rest.range(of: "```\n")).upperBound
        let end = try #require(rest[start...].range(of: "```")).lowerBound
        let network = try Network(source: String(rest[start..<end]), file: "README.md")
        #expect(try network.run().lossValue > 0)
    }

    @Test func theReadmeIsANewcomersPage() throws {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count < 150)
        for path in ["Lessons/two-layer-sigmoid.net", "Sources/Engine/Ops/Softplus.swift", "Tests/ExplainerTests/SoftplusTests.swift"] {
            #expect(readme.contains(path) && FileManager.default.fileExists(atPath: packageRoot + "/" + path), "\(path)")
        }
    }
}
