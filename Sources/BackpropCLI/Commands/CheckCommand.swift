import Engine
import Languages
import Lessons
import Support

extension Command {
    /// `backprop check FILE|LESSON`: the learner's own gradients (`grad NAME = EXPR`) checked.
    static var check: Command {
        Command(
            name: "check",
            summary: "check the gradients you derived yourself (grad lines) against backpropagation",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) forward and backward in Double, evaluates every gradient stated in \
                it as 'grad NAME = EXPRESSION' (your own formula for the gradient of the loss with \
                respect to NAME, using the forward values by name and dNAME for other stated \
                gradients; 'grad NAME = ?' is not answered yet), and compares each entry with the \
                backward pass and with a central finite difference. Prints one line per stated \
                gradient, from the loss back: exact (the backward pass's numbers bit for bit), close \
                (every entry within a relative 1e-9: right up to rounding), WRONG (with the largest \
                difference and how many entries are off), shape (not the value's shape) or not \
                answered; then the entries furthest off of each wrong one, and a hint at the first \
                step that broke. Numbers have --digits significant digits (default 6).

                Exits with 0 when every stated gradient is exact or close, 1 otherwise (or when \
                none is stated).
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: CheckCommand.Options.declaredFlags,
            run: { invocation in
                let options = try CheckCommand.Options(invocation)
                let network = try LessonCatalog.network(options.file)
                let report = try AnswerCheck(network: network).run()
                guard !report.answers.isEmpty else {
                    throw CheckCommand.NothingStated(file: network.file)
                }
                for line in report.lines(digits: options.digits, width: invocation.console.layoutWidth) {
                    invocation.out.line(line)
                }
                // What is not right yet, as the one line of a failure on standard error.
                if let summary = report.notRightSummary { invocation.err.line("backprop: " + summary) }
                return report.exitCode
            })
    }
}

enum CheckCommand {
    /// A file without `grad` lines: nothing to check.
    struct NothingStated: Error, CustomStringConvertible {
        let file: String
        var description: String {
            "\(file) states no gradients: write your own as 'grad NAME = EXPRESSION' (or 'grad NAME = ?' to answer later)"
        }
    }

    /// `check`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        var digits = 6

        static let flags: [OptionFlag<Options>] = [
            Flag.integer("digits", 1...17, default: 6, valueName: "N", "significant digits of the numbers shown").into(\.digits)
        ]

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) ?? "" }
    }
}
