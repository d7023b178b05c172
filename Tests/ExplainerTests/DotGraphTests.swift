import Engine
import Explainer
import Languages
import Testing

@Suite struct DotGraphTests {
    @Test func everyNodeAndEdgeIsDrawn() throws {
        let trace = try lessonNetwork("02-two-layer-sigmoid.md").run().trace()
        let dot = DotGraph().render(trace, title: "two \"layers\"")
        #expect(dot.hasPrefix("digraph \"two \\\"layers\\\"\" {\n"))
        #expect(dot.hasSuffix("}\n"))
        let nodes = dot.split(separator: "\n").filter { $0.hasPrefix("  n") && $0.contains("[label=") }
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(nodes.count == trace.nodes.count)
        #expect(edges.count == trace.nodes.map(\.inputs.count).reduce(0, +))
        #expect(dot.contains("W2  (parameter)\\nvalue [[0.4, 0.5], [0.45, 0.55]]\\ngrad [[0.08217, -0.0226], [0.08267, -0.02274]]"))
        #expect(dot.contains("peripheries=2"))
    }

    @Test func largeTensorsShowTheirShape() throws {
        let trace = try lessonNetwork("05-batch-norm.md").run().trace()
        #expect(DotGraph().render(trace).contains("y  [batchnorm]\\nshape (4×3)"))
    }
}

@Suite struct GraphvizTests {
    @Test func withoutDotTheMessageSaysHowToGetIt() {
        let environment = ["PATH": "/nonexistent-directory"]
        #expect(Graphviz.dotExecutable(environment: environment) == nil)
        do {
            _ = try Graphviz.renderSVG("digraph g {}", for: "/tmp/never.svg", environment: environment)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("Graphviz 'dot' is not installed"))
            #expect(!"\(error)".contains("\n"))
        }
    }
}
