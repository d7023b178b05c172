import Engine
import Explainer
import Languages
import Lessons

extension Command {
    /// `backprop gradcheck FILE|LESSON`: every parameter entry checked three ways.
    static var gradcheck: Command {
        Command(
            name: "gradcheck",
            summary: "check every parameter's gradient against finite differences",
            discussion: """
                Runs the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) forward and backward in Double, and prints per parameter the \
                entries checked, the worst relative error and how many entries had each status; \
                then a table of the entries that are not PASS (with --full, of every entry) with \
                their derived, backward and numeric values (--digits significant digits), relative \
                error and status; and one summary line.

                A parameter with more than \(CheckFlags.sampleAbove) entries is sampled: \
                \(CheckFlags.automaticSamples) of its entries are checked (half the largest \
                gradients, half spread evenly), and the output says so. --samples N checks at most \
                N entries of every parameter instead; --samples all checks every entry.

                \(CheckFlags.discussion) Exits with 1 when an entry FAILs or is NONFINITE.

                --json writes {"settings", "entries": [{"name", "element", "index", "derivation", \
                "backward", "numeric", "allowance", "extrapolated", "relative_error", "status"}], \
                "gradients": [{"name", "count", "checked", "worst_relative_error", "status"}], \
                "worst_relative_error", "status", "non_finite"}; NaN and infinities as the strings \
                "NaN", "Infinity" and "-Infinity", non_finite the message (or null).
                """,
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name")],
            flags: GradcheckCommand.Options.declaredFlags,
            run: { invocation in
                let options = try GradcheckCommand.Options(invocation)
                let settings = try options.check.sampledSettings(options.samples)
                let subject = try LessonCatalog.subject(options.file, environment: invocation.console.environment)
                let derivation = try Derivation(trace: subject.trace)
                let checker = GradientChecker(derivation: derivation, computation: subject.computation, settings: settings)
                let report = try checker.check(nodes: checker.parameterNodes)
                let hint = "(more than \(CheckFlags.sampleAbove) entries: \(CheckFlags.automaticSamples) sampled; "
                    + "--samples all checks every entry)"
                return GradcheckReport.write(
                    report, heading: ["Gradient check of \(subject.file)"],
                    footer: { writer in options.samples == nil ? writer.samplingNote(report, hint: hint) : [] },
                    ascii: options.ascii, json: options.json, full: options.full, digits: options.digits,
                    to: invocation)
            })
    }
}

enum GradcheckCommand {
    /// `gradcheck`'s arguments, read once.
    struct Options: CommandOptions {
        var file = ""
        /// `--samples N|all`, nil when not given.
        var samples: String?
        var json = false
        var ascii = false
        var full = false
        var digits = 6
        var check = CheckFlags.Values()

        static let flags: [OptionFlag<Options>] =
            [
                CheckFlags.samples.into(\.samples),
                Flag.toggle("json", "write the report as JSON").into(\.json),
                Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
                Flag.toggle("full", "print every checked entry, not only those that are not PASS").into(\.full),
                Flag.integer("digits", 1...17, default: 6, valueName: "N", "significant digits of the numbers shown").into(\.digits),
            ] + CheckFlags.flags(into: \.check)

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) ?? "" }
    }
}
