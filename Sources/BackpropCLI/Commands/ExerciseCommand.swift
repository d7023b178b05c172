import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Support

extension Command {
    /// `backprop exercise [N]`: derive the gradients yourself; the tool checks them.
    static var exercise: Command {
        Command(
            name: "exercise",
            summary: "list the exercises, or print one: derive the gradients yourself, the tool checks them",
            discussion: """
                Without N, lists the exercises. With N (a number or a name), prints the task: the \
                network with its forward pass written out and its values, and the gradients to \
                derive, in order.

                --start FILE writes a file to fill in: the network, then one 'grad NAME = ?' line \
                per gradient (an existing FILE is kept unless --force is given). Replace each ? \
                with your formula: the values by name, dNAME for the gradients above it.

                --check FILE checks your file: one line per gradient (exact, close, WRONG, shape, \
                not answered), the entries furthest off of a wrong one, a hint at the first step \
                that broke, and which gradients are still missing. Exits with 0 when every \
                gradient of the exercise is stated and right, 1 otherwise.

                --hint gives a hint for the first gradient not solved yet, in the exercise's order: \
                of FILE with --check FILE, else the first one. The hints get stronger as the file \
                gets further: for a gradient still '?', where to start; once it is answered but \
                wrong, what the checker found wrong and the exercise's stronger hint. --stronger \
                asks for the stronger hint at once.

                --solution prints a worked solution: the reasoning, every backward step with its \
                numbers, and the answer checked.
                """,
            positionals: [Positional("N", "exercise number or name", optional: true)],
            flags: ExerciseCommand.Options.declaredFlags,
            run: { try ExerciseCommand.run(ExerciseCommand.Options($0), $0) })
    }
}

enum ExerciseCommand {
    /// `exercise`'s arguments, read once.
    struct Options: CommandOptions {
        var exercise: String?
        var start: String?
        var force = false
        var check: String?
        var hint = false
        var stronger = false
        var solution = false

        static let flags: [OptionFlag<Options>] = [
            Flag.path("start", valueName: "FILE", "write FILE to fill in: the network and a 'grad NAME = ?' line per gradient").into(\.start),
            Flag.toggle("force", "with --start: replace FILE if it exists").into(\.force),
            Flag.path("check", valueName: "FILE", "check the gradients stated in FILE").into(\.check),
            Flag.toggle("hint", "a hint for the first gradient not solved yet (of FILE with --check)").into(\.hint),
            Flag.toggle("stronger", "with --hint: the stronger hint").into(\.stronger),
            Flag.toggle("solution", "print a worked solution, every step with its numbers").into(\.solution),
        ]

        mutating func complete(_ invocation: Invocation) throws {
            exercise = invocation.positional(0)
            let modes = [start != nil, check != nil && !hint, hint, solution].filter { $0 }.count
            if modes > 1 { throw UsageError("give one of --start, --check, --hint (with or without --check) and --solution") }
            if exercise == nil && (modes > 0 || force || stronger) { throw UsageError("say which exercise: backprop exercise N …") }
            if force && start == nil { throw UsageError("--force goes with --start FILE") }
            if stronger && !hint { throw UsageError("--stronger goes with --hint") }
        }
    }

    static func run(_ options: Options, _ invocation: Invocation) throws -> Int32 {
        let width = invocation.console.layoutWidth
        func say(_ text: String = "", hanging: Int = 0) {
            for line in TextWrap.wrap(text, width: width, hanging: hanging) { invocation.out.line(line) }
        }
        guard let reference = options.exercise else {
            let exercises = ExerciseCatalog.exercises
            let nameWidth = exercises.map(\.name.count).max() ?? 0
            for exercise in exercises {
                let name = exercise.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                // The summary wraps under itself.
                say("\(String(format: "%2d", exercise.number))  \(name)  \(exercise.summary)", hanging: nameWidth + 5)
            }
            say()
            say("Print one with 'backprop exercise N' (or its name).")
            return ExitCode.success
        }
        let exercise = try ExerciseCatalog.resolve(reference)
        if let path = options.start { return try start(exercise, path: path, force: options.force, say) }
        if options.hint { return try hint(exercise, file: options.check, stronger: options.stronger, say) }
        if let path = options.check { return try check(exercise, path: path, invocation, say) }
        if options.solution { return try solution(exercise, invocation) }
        return try task(exercise, invocation, say)
    }

    /// The task: the exercise's text with its steps run, then the gradients in order.
    static func task(_ exercise: Exercise, _ invocation: Invocation, _ say: (String, Int) -> Void) throws -> Int32 {
        var runner = LessonRunner()
        runner.width = invocation.console.layoutWidth
        _ = try runner.run(exercise.task, emit: { say($0, 0) })
        let trace = try exercise.network().run().trace()
        say("The gradients to derive, in this order:", 0)
        let rows = exercise.gradients.map { gradient in
            [gradient.gradientName, trace.node(named: gradient.name)?.shape.description ?? ""]
        }
        for line in TextColumns(header: ["", ""], rows: rows).columnLines().dropFirst() { say("  " + line, 4) }
        say("", 0)
        say("Start with 'backprop exercise \(exercise.number) --start FILE', fill in FILE, then "
            + "'backprop exercise \(exercise.number) --check FILE'.", 0)
        return ExitCode.success
    }

    static func start(_ exercise: Exercise, path: String, force: Bool, _ say: (String, Int) -> Void) throws -> Int32 {
        if !force && FileIO.status(path) != nil {
            throw CommandError("\(path) exists; give --force to replace it (your answers in it would be lost)")
        }
        try FileIO.writeAtomically(exercise.starter, to: path)
        let count = exercise.gradients.count
        say("wrote \(path): the network of exercise \(exercise.number) and \(count) gradient\(count == 1 ? "" : "s") to fill in", 2)
        say("replace each ? of its 'grad' lines, then: backprop exercise \(exercise.number) --check \(path)", 2)
        return ExitCode.success
    }

    /// The learner's file, refused when its network is not the exercise's.
    static func answers(_ exercise: Exercise, path: String) throws -> AnswerReport {
        let network = try NetworkSource.load(path: path)
        let ours = try exercise.network().run().lossValue
        let theirs = try network.run(backward: false).lossValue
        guard Set(network.parameterNames) == Set(try exercise.network().parameterNames),
            ours == theirs || abs(ours - theirs) <= 1e-12 * max(abs(ours), abs(theirs))
        else {
            throw CommandError(
                "\(path) does not hold the network of exercise \(exercise.number) (its loss is \(NumberFormat.significant(theirs)), "
                    + "the exercise's \(NumberFormat.significant(ours))); start from 'backprop exercise \(exercise.number) --start FILE'")
        }
        return try AnswerCheck(network: network).run()
    }

    static func check(_ exercise: Exercise, path: String, _ invocation: Invocation, _ say: (String, Int) -> Void) throws -> Int32 {
        let report = try answers(exercise, path: path)
        if !report.answers.isEmpty {
            for line in report.lines(width: invocation.console.layoutWidth) { invocation.out.line(line) }
        }
        let missing = exercise.gradients.filter { report.answer($0.gradientName) == nil }
        if !missing.isEmpty {
            if !report.answers.isEmpty { say("", 0) }
            say("Not stated yet: " + missing.map(\.gradientName).joined(separator: ", ")
                + " (add a line 'grad \(missing[0].name) = …' for each).", 2)
        }
        let solved = missing.isEmpty && report.allRight
        say("", 0)
        say(solved
            ? "Exercise \(exercise.number) solved: every gradient is right."
            : "For a hint: backprop exercise \(exercise.number) --hint --check \(path)", 2)
        if !solved {
            // What is not right yet, as the one line of the failure on standard error (as `check` does).
            let items = exercise.gradients.compactMap { gradient -> String? in
                guard let answer = report.answer(gradient.gradientName) else { return "\(gradient.gradientName) (not stated)" }
                return answer.verdict.isRight ? nil : "\(gradient.gradientName) (\(answer.verdict.word))"
            }
            let total = exercise.gradients.count
            invocation.err.line("backprop: \(items.count) of the \(total) gradients of exercise \(exercise.number) "
                + "\(items.count == 1 ? "is" : "are") not right yet: " + items.joined(separator: ", "))
        }
        return solved ? ExitCode.success : ExitCode.failure
    }

    static func hint(_ exercise: Exercise, file: String?, stronger: Bool, _ say: (String, Int) -> Void) throws -> Int32 {
        let report = try file.map { try answers(exercise, path: $0) }
        let gradients = exercise.gradients
        guard let index = gradients.firstIndex(where: { report?.answer($0.gradientName)?.verdict.isRight != true }) else {
            say("Every gradient of exercise \(exercise.number) is right: nothing left to hint at.", 0)
            return ExitCode.success
        }
        let gradient = gradients[index]
        let answer = report?.answer(gradient.gradientName)
        let attempted = answer.map { $0.stated != nil } ?? false
        let place = "the \(ordinal(index + 1)) of \(gradients.count)"
        say("Hint for \(gradient.gradientName) (\(place); \(attempted ? "your answer is " + (answer?.verdict.word ?? "wrong") : "not answered yet")):", 0)
        // The hints grow with the file: where to start for a gradient not answered yet; once it
        // is answered, what the checker found wrong as well; --stronger adds the stronger hint.
        var texts: [String] = []
        if attempted, let found = report?.hint, found.gradient == gradient.gradientName {
            texts.append(found.text)
        } else if attempted, let answer, !answer.followsFrom.isEmpty {
            texts.append("it uses " + answer.followsFrom.map { "d" + $0 }.joined(separator: ", ") + ", which is not right yet")
        }
        let own = gradient.hints
        if let first = own.first { texts.append(first) }
        if stronger { texts += own.dropFirst() }
        for text in texts { say("  " + text, 4) }
        if !stronger && own.count > 1 {
            say("A stronger hint: backprop exercise \(exercise.number) --hint --stronger" + (file.map { " --check \($0)" } ?? ""), 2)
        }
        return ExitCode.success
    }

    /// The worked solution: the reasoning, every backward step with its numbers, the answer checked.
    static func solution(_ exercise: Exercise, _ invocation: Invocation) throws -> Int32 {
        let width = invocation.console.layoutWidth
        var text = ["# \(exercise.title): a solution", ""] + exercise.solutionProse
        text += ["", "The network:", "", "```network", exercise.networkSource, "```", ""]
        text += ["Every step of backpropagation, from the loss back, with the numbers:", "", "```run", "backward", "```", ""]
        var runner = LessonRunner()
        runner.width = width
        _ = try runner.run(Lesson(fileName: exercise.path, text: text.joined(separator: "\n")), emit: { line in
            for part in TextWrap.wrap(line, width: width) { invocation.out.line(part) }
        })
        invocation.out.line("The answer, one line per gradient, checked:")
        invocation.out.line()
        for gradient in exercise.gradients { invocation.out.line("    " + gradient.line) }
        invocation.out.line()
        let report = try AnswerCheck(network: try exercise.solvedNetwork()).run()
        for line in report.lines(width: width).dropFirst() { invocation.out.line(line) }
        return report.exitCode
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}
