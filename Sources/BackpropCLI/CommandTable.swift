/// The `backprop` tool: every command it has, in the order `backprop --help` lists them.
///
/// To add a command: write `Commands/<Name>Command.swift` with
///
///     extension Command {
///         static var trace: Command {
///             Command(
///                 name: "trace",
///                 summary: "Print every node of a forward and backward pass",
///                 discussion: "...",
///                 positionals: [Positional("FILE", "The network file to run")],
///                 flags: [.toggle("json", "Print the trace as JSON")],
///                 run: { invocation in ... return ExitCode.success })
///         }
///     }
///
/// and add `.trace` to `subcommands` below. Groups (`mnist`) are commands with `subcommands` and
/// no `run`. Only list commands that really work.
extension Command {
    static var backprop: Command {
        Command(
            name: "backprop",
            summary: "learn backpropagation step by step, then train a real network on MNIST",
            discussion: """
                Lessons walk through a small network's forward and backward pass, printing every \
                intermediate value and gradient and checking each gradient numerically. The same \
                engine trains a network on the real MNIST digits.
                """,
            subcommands: [
                .trace,
                .explain,
                .gradcheck,
                .graph,
                .step,
                .page,
                .functions,
                .lesson,
                .regress,
                .mnist,
                .bench,
            ])
    }
}
