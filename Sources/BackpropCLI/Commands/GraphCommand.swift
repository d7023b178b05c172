import Engine
import Explainer
import Datasets
import Foundation
import Languages
import Lessons
import Support

extension Command {
    /// `backprop graph FILE|LESSON --dot out.dot | --svg out.svg`.
    static var graph: Command {
        Command(
            name: "graph",
            summary: "write a network's computation graph in Graphviz DOT (or SVG through dot)",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) forward and backward and writes its computation graph: one box per \
                node with its name and op, its value and gradient when it has at most 4 elements \
                (else its shape); an arrow from each input to the op using it. Parameters are bold, \
                inputs and constants grey, the loss has a double border.

                --dot FILE writes the DOT text to FILE; without a FILE (or with -), and without \
                --svg, it goes to standard output. \
                --svg FILE renders it with Graphviz's dot, which must be installed \
                (apt-get install graphviz); the DOT is always available without it.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: GraphCommand.Options.declaredFlags,
            run: { invocation in
                let options = try GraphCommand.Options(invocation)
                let subject = try LessonCatalog.subject(options.file, environment: invocation.console.environment)
                let trace = subject.trace
                let title = (subject.file as NSString).lastPathComponent
                let dot = DotGraph().render(trace, title: title)
                let dotPath = options.dot == "-" ? nil : options.dot, svgPath = options.svg
                if options.dot == "-" || (dotPath == nil && svgPath == nil) {
                    invocation.out.write(dot)
                    if svgPath == nil { return ExitCode.success }
                }
                if let dotPath { try invocation.refuseOverwritingInput(dotPath, flag: "--dot") }
                if let svgPath { try invocation.refuseOverwritingInput(svgPath, flag: "--svg") }
                for path in [dotPath, svgPath].compactMap({ $0 }) {
                    let directory = (path as NSString).deletingLastPathComponent
                    if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
                }
                if let dotPath {
                    try FileIO.writeAtomically(Array(dot.utf8), to: dotPath)
                    invocation.out.line("wrote \(dotPath) (\(trace.nodes.count) nodes)")
                }
                if let svgPath {
                    try FileIO.writeAtomically(try Graphviz.renderSVG(dot, for: svgPath), to: svgPath)
                    invocation.out.line("wrote \(svgPath)")
                }
                return ExitCode.success
            })
    }
}

enum GraphCommand {
    /// `graph`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var dot: String?
        var svg: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.path("dot", valueName: "FILE", "write the graph in DOT to FILE (to standard output without one, or -)")
                .valueOptional("-").into(\.dot),
            Flag.path("svg", valueName: "FILE", "render the graph to an SVG FILE with Graphviz's dot").into(\.svg),
        ]

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) ?? "" }
    }
}
