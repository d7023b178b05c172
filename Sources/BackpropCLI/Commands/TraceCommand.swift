import Engine
import Explainer
import Languages
import Lessons

extension Command {
    /// `backprop trace FILE`: every forward and backward intermediate of a network file.
    static var trace: Command {
        Command(
            name: "trace",
            summary: "print every forward value and every gradient of a network",
            discussion: """
                Runs the network in FILE (a network file, the network blocks of a lesson's \
                Markdown file, or a lesson's number or name; lesson 8's network is the MNIST \
                model on its 4 test images, read from MNIST_DIR, else the cache) once forward and once backward in Double precision, and prints \
                the trace: every node in execution order with its op, inputs, shape and value, \
                then every gradient of the loss in the order backward computed them. Tensors \
                with more than 16 elements are shown as their shape with min, mean, max and L2 \
                norm unless --full is given; numbers have --digits significant digits (default 6).

                --json writes the whole trace instead: {"nodes": [{"id", "name", "op", \
                "inputs", "shape", "value", "grad"}], "loss"}, values flat in row-major order, \
                grad null for nodes that take no gradient; a node whose gradient the file \
                states ('grad NAME = …') also has "stated" (and "stated_shape" when that differs), \
                which the table shows as a 'stated' row under the gradient. A NaN or an infinity, which JSON \
                numbers cannot hold, is written as the string "NaN", "Infinity" or "-Infinity".

                When a value the loss is computed from, or a gradient, is NaN or infinite, the \
                trace is printed all the same, then a message names the node that produced the \
                first one (the first in execution order for values, from the loss back for \
                gradients) with its op and the input elements it came from; the exit code is \
                then 1.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: TraceCommand.Options.declaredFlags,
            run: { invocation in
                let options = try TraceCommand.Options(invocation)
                let subject = try LessonCatalog.subject(options.file, environment: invocation.console.environment)
                let trace = subject.trace
                let notation: Notation = options.ascii ? .ascii : .unicode
                if options.json {
                    invocation.out.line(trace.json.serialized())
                } else {
                    let text = TensorText(full: options.full, digits: options.digits, notation: notation)
                    invocation.out.write(
                        TraceTable(text: text, width: invocation.console.layoutWidth).render(trace, title: "Trace of \(subject.file)"))
                }
                // The trace is worth reading as it is; the message says where it went wrong.
                guard let finding = trace.nonFiniteFinding() else { return ExitCode.success }
                invocation.err.line("backprop: " + notation.write(finding.message))
                return ExitCode.failure
            })
    }
}

enum TraceCommand {
    /// `trace`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var json = false
        var full = false
        var digits = 6
        var ascii = false

        static let flags: [OptionFlag<Options>] = [
            Flag.toggle("json", "write the trace as JSON").into(\.json),
            Flag.toggle("full", "print every element of large tensors").into(\.full),
            Flag.integer("digits", 1...17, default: 6, valueName: "N", "significant digits of the numbers shown").into(\.digits),
            Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
        ]

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) ?? "" }
    }
}
