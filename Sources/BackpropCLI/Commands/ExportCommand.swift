import Engine
import Explainer
import Lessons
import Support

extension Command {
    /// `backprop export FILE|LESSON --pytorch [-o script.py]`: the network as a PyTorch script.
    static var export: Command {
        Command(
            name: "export",
            summary: "write a network as a runnable PyTorch script that prints the same gradients",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name; lesson 8's network is the MNIST model on its 4 test images) and \
                writes, with --pytorch, a Python script that builds the same computation in \
                PyTorch in float64: every starting value written out with all its digits, one \
                line per value the file names (the unnamed pieces inside the line that uses \
                them), then backward from the loss. Run with python3 where PyTorch is installed \
                (pip install torch), it prints the loss and every parameter's gradient in the \
                layout of 'backprop trace' (the same ids, names, shapes and digits), so the two \
                can be compared number by number; with --json it prints them as JSON with every \
                digit.

                The script goes to standard output, or with -o to FILE (replaced if it exists). \
                An op without a PyTorch form is an error naming it.
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: ExportCommand.Options.declaredFlags,
            run: { try ExportCommand.run(ExportCommand.Options($0), $0) })
    }
}

enum ExportCommand {
    /// `export`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var pytorch = false
        var output: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.toggle("pytorch", "write a PyTorch script (the one format so far; required)").into(\.pytorch),
            Flag.path("output", short: "o", valueName: "FILE", "write the script to FILE instead of standard output")
                .into(\.output),
        ]

        mutating func complete(_ invocation: Invocation) throws {
            file = invocation.positional(0) ?? ""
            guard pytorch else { throw UsageError("say which framework to export to: --pytorch") }
        }
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let subject = try LessonCatalog.subject(options.file)
        let script: String
        do {
            script = try PyTorchScript.script(subject.trace, file: subject.file)
        } catch {
            throw CommandError("\(subject.file): \(error.description)")
        }
        guard let path = options.output else {
            invocation.out.write(script)
            return ExitCode.success
        }
        try invocation.refuseOverwritingInput(path, flag: "-o")
        try FileIO.writeAtomically(script, to: path, creatingFolders: true)
        invocation.out.line("wrote \(path): \(subject.file) in PyTorch")
        invocation.out.line("run it with python3 \(path)")
        return ExitCode.success
    }
}
