import Engine
import Explainer
import Foundation
import Lessons
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Test func scratch() throws {
    let network = try NetworkSource.load(path: packageRoot + "/Lessons/two-layer-sigmoid.net")
    let trace = try network.run().trace()
    let (lines, _) = try Explanation().render(trace, computation: network)
    print(lines.joined(separator: "\n"))
}
