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

@Test func scratchExpr() throws {
    let e = try ScalarExpression("tanh(w*x + b)", at: "w=0.5, x=2, b=0.1")
    let (lines, _) = try Explanation().render(try e.trace(), computation: e)
    print(lines.joined(separator: "\n"))
    for (s, a) in [("tanh(w*x + )", "w=1,x=2"), ("tanh(w*x)", "w=1"), ("tanh(w*x)", "w=1,x=2,q=3"), ("tan(w)", "w=1"), ("w^x", "w=1,x=2"), ("w", "w=1, x 3"), ("w", "w=1+")] {
        do { _ = try ScalarExpression(s, at: a); print("no error", s) } catch { print(error) }
    }
}
