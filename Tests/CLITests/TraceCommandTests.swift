import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Support
import Testing

@testable import BackpropCLI

@Suite struct TraceCommandTests {
    static let example = TranscriptSetup.packageRoot.path + "/Lessons/two-layer-sigmoid.net"

    /// `trace --json` parses as JSON with the documented fields, and its gradients are the ones
    /// the table prints.
    @Test func jsonHasTheDocumentedFieldsAndTheTablesGradients() throws {
        let console = Console.capturing()
        let code = runBackprop(arguments: ["trace", Self.example, "--json"], console: console)
        #expect(code == 0)
        let data = Data(console.out.text.utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(root["nodes"] as? [[String: Any]])
        let loss = try #require(root["loss"] as? Double)
        #expect(abs(loss - 0.298371109) < 1e-9)

        let trace = try NetworkSource.load(path: Self.example).run().trace()
        #expect(nodes.count == trace.nodes.count)
        let table = TraceTable().render(trace)
        for (json, node) in zip(nodes, trace.nodes) {
            #expect(Set(json.keys).isSuperset(of: ["id", "name", "op", "inputs", "shape", "value", "grad"]))
            #expect(json["id"] as? Int == node.id)
            #expect(json["name"] as? String == node.name)
            #expect(json["op"] as? String == node.op)
            #expect(json["inputs"] as? [Int] == node.inputs)
            #expect(json["shape"] as? [Int] == node.shape.dimensions)
            // Foundation's JSON reader on Linux may round the last bit; our writer prints the
            // shortest text that reads back exactly, so compare to within a few ulps.
            #expect(nearlyEqual(try #require(json["value"] as? [Double]), node.value))
            if let gradient = node.gradient {
                let jsonGradient = try #require(json["grad"] as? [Double])
                #expect(nearlyEqual(jsonGradient, gradient))
                // The table prints the same numbers to 6 significant digits.
                for g in jsonGradient { #expect(table.contains(NumberFormat.significant(g))) }
            } else {
                #expect(json["grad"] is NSNull)
            }
        }
    }
}

func nearlyEqual(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-15 * max(abs($0), abs($1)) }
}
