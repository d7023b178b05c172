import Engine
import Explainer
import Lessons

extension Command {
    /// `backprop gradcheck FILE|LESSON`: every parameter entry checked three ways.
    static var gradcheck: Command {
        Command(
            name: "gradcheck",
            summary: "check every parameter's gradient against finite differences",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) forward and backward in Double, and prints a table of every \
                parameter entry (at most --samples per parameter when given: half the largest \
                gradients, half spread evenly) with its derived, backward and numeric values, \
                relative error and status; then per parameter the worst relative error, and one \
                summary line.

                \(CheckFlags.discussion) Exits with 1 when an entry FAILs.

                --json writes {"settings", "entries": [{"name", "element", "index", "derivation", \
                "backward", "numeric", "relative_error", "status"}], "gradients": [{"name", "count", \
                "checked", "worst_relative_error", "status"}], "worst_relative_error", "status"}.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: [
                .integer("samples", 1..., valueName: "N", "check at most N entries of each parameter"),
                .toggle("json", "write the report as JSON"),
                .toggle("ascii", "plain ASCII instead of Unicode math symbols"),
            ] + CheckFlags.flags,
            run: { invocation in
                let settings = try CheckFlags.settings(invocation, samples: invocation.optionalInt("samples"))
                let network = try LessonCatalog.network(invocation.positional(0) ?? "")
                let derivation = try Derivation(trace: try network.run().trace())
                let checker = GradientChecker(derivation: derivation, computation: network, settings: settings)
                let report = try checker.check(nodes: checker.parameterNodes)
                let writer = CheckText(text: TensorText(notation: invocation.flag("ascii") ? .ascii : .unicode))
                if invocation.flag("json") {
                    invocation.out.line(writer.json(report).serialized(pretty: true))
                    return report.exitCode
                }
                invocation.out.line("Gradient check of \(network.file)")
                invocation.out.line()
                for line in writer.table(report) { invocation.out.line(line) }
                invocation.out.line()
                for line in writer.summary(report) { invocation.out.line(line) }
                return report.exitCode
            })
    }
}
