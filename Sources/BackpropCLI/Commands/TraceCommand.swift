import Engine
import Explainer
import Lessons

extension Command {
    /// `backprop trace FILE`: every forward and backward intermediate of a network file.
    static var trace: Command {
        Command(
            name: "trace",
            summary: "print every forward value and every gradient of a network",
            discussion: """
                Runs the network in FILE (a network file, or the network blocks of a lesson's \
                Markdown file) once forward and once backward in Double precision, and prints \
                the trace: every node in execution order with its op, inputs, shape and value, \
                then every gradient of the loss in the order backward computed them. Tensors \
                with more than 16 elements are shown as their shape with min, mean, max and L2 \
                norm unless --full is given.

                --json writes the whole trace instead: {"nodes": [{"id", "name", "op", \
                "inputs", "shape", "value", "grad"}], "loss"}, values flat in row-major order, \
                grad null for nodes that take no gradient.
                """,
            positionals: [Positional("FILE", "the network file (.net) or lesson (.md) to run")],
            flags: [
                .toggle("json", "write the trace as JSON"),
                .toggle("full", "print every element of large tensors"),
                .toggle("ascii", "plain ASCII instead of Unicode math symbols"),
            ],
            run: { invocation in
                let path = invocation.positional(0) ?? ""
                let network = try NetworkSource.load(path: path)
                let trace = try network.run().trace()
                if invocation.flag("json") {
                    invocation.out.line(trace.json.serialized())
                    return ExitCode.success
                }
                let text = TensorText(
                    full: invocation.flag("full"), notation: invocation.flag("ascii") ? .ascii : .unicode)
                invocation.out.write(TraceTable(text: text).render(trace, title: "Trace of \(path)"))
                return ExitCode.success
            })
    }
}
