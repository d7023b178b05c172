import Engine
import Explainer
import Languages
import Lessons
import Support

extension Command {
    /// `backprop explain FILE` and `backprop explain --expr EXPR --at VALUES`.
    static var explain: Command {
        Command(
            name: "explain",
            summary: "derive every gradient by the chain rule, with the numbers put in, and check it",
            discussion: """
                For the network in FILE (a network file, a lesson's Markdown file, or a lesson's \
                number or name) prints the forward pass, then for every parameter and \
                intermediate, from the loss back, how its gradient is obtained in one local step: \
                the chain rule one link back, from the gradients of the ops that use it, the \
                local derivative from the op's own rule, the gradient formula \
                (with shapes for matrix steps), the same formula with the numbers put in, and the \
                result. Ends with the check of every entry; past \(Explanation.defaultCheckedGradientLimit) \
                gradients, of a sample (every parameter and the others evenly spread, at most \
                \(Explanation.defaultSampledGradientEntries) entries each unless --samples says otherwise), \
                of at most \(Explanation.defaultCheckedGradientLimit) gradients and about \
                \(Explanation.defaultRecomputedNodeBudget) recomputed nodes, as each entry runs the \
                whole graph forward twice. The check prints one line per gradient, then the \
                entries that are not PASS; --full prints every entry (and every element of large \
                tensors). Numbers have --digits significant digits (default 6).

                With --expr, explains a scalar expression instead, built on the scalar engine: \
                operators + - * / ^ (a number as exponent), unary minus, parentheses, and the \
                functions \(OpTable.scalarFunctionNames.joined(separator: ", ")); every name needs a \
                value in --at.

                \(CheckFlags.discussion) Exits with 1 when an entry FAILs or is NONFINITE.
                """,
            usage: "backprop explain (FILE | --expr EXPR --at VALUES) [options]",
            positionals: [Positional("FILE", "network file, lesson file, or lesson number or name", optional: true)],
            flags: ExplainCommand.Options.declaredFlags,
            run: { invocation in
                let options = try ExplainCommand.Options(invocation)
                var settings = try options.check.settings(samples: options.samples)
                let text = TensorText(full: options.full, digits: options.digits, notation: options.ascii ? .ascii : .unicode)
                let trace: Trace
                let computation: any Recomputable
                if let source = options.expression {
                    guard options.file == nil else {
                        throw UsageError("give either FILE or --expr, not both")
                    }
                    guard let values = options.values else {
                        throw UsageError("--expr needs --at with a value for every name, e.g. --at \"x=2, w=-3\"")
                    }
                    let expression = try ScalarExpression(source, at: values)
                    trace = try expression.trace()
                    computation = expression
                    invocation.out.line(text.notation.write("Explaining \(source) at \(values)"))
                } else {
                    guard let path = options.file else {
                        throw UsageError("give a network FILE or --expr EXPR --at VALUES")
                    }
                    guard options.values == nil else { throw UsageError("--at goes with --expr") }
                    let subject = try LessonCatalog.subject(path, environment: invocation.console.environment)
                    trace = subject.trace
                    computation = subject.computation
                    invocation.out.line("Explaining \(subject.file)")
                }
                if settings.samples == nil, trace.nodes.contains(where: { $0.value.count > 100 }) {
                    settings.samples = 20
                }
                invocation.out.line()
                invocation.out.flush()
                let width = invocation.console.layoutWidth
                var explanation = Explanation(text: text, settings: settings)
                explanation.width = width
                let report = try explanation.render(trace, computation: computation) {
                    for line in TextWrap.wrap($0, width: width) { invocation.out.line(line) }
                }
                return report.exitCode
            })
    }
}

enum ExplainCommand {
    /// `explain`'s arguments, read once.
    struct Options: CommandOptions {
        var file: String?
        var expression: String?
        var values: String?
        var ascii = false
        var full = false
        var digits = 6
        var samples: Int?
        var check = CheckFlags.Values()

        static let flags: [OptionFlag<Options>] =
            [
                Flag.string("expr", valueName: "EXPR", "a scalar expression, e.g. \"tanh(w*x + b)\"").into(\.expression),
                Flag.string("at", valueName: "VALUES", "values of the expression's names, e.g. \"w=0.5, x=2, b=0.1\"")
                    .into(\.values),
                Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
                Flag.toggle("full", "print every element of large tensors, and every checked entry").into(\.full),
                Flag.integer("digits", 1...17, default: 6, valueName: "N", "significant digits of the numbers shown").into(\.digits),
                Flag.integer(
                    "samples", 1..., valueName: "N",
                    "check at most N entries of each gradient (default: all when every gradient has at most 100, else 20)"
                ).into(\.samples),
            ] + CheckFlags.flags(into: \.check)

        mutating func complete(_ invocation: Invocation) { file = invocation.positional(0) }
    }
}
