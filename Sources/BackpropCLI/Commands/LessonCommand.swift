import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Support

extension Command {
    /// `backprop lesson` lists the lessons; `backprop lesson N` runs one.
    static var lesson: Command {
        Command(
            name: "lesson",
            summary: "list the lessons, or run one: narration with every computed step",
            discussion: """
                Without LESSON, lists the lessons with one-line summaries. With a lesson's number \
                (2), name (two-layer-sigmoid) or the path of a lesson file of your own (.md), runs \
                it: the lesson's text, with the output of its steps (forward values, derivations, \
                updates, checks) in place of its run blocks. Every lesson ends with its numeric \
                check; the exit code is 1 if a check FAILs. The lessons are built into the tool, \
                so this works from any directory; their sources are in Lessons/ (see \
                Lessons/README.md to write your own).

                A check prints one line per gradient and the entries that are not PASS; --full \
                prints every checked entry (and every element of large tensors). --digits N writes \
                every number, checks included, with N significant digits, in place of the lesson's \
                own digits.

                --step shows the output one step at a time when standard input and output are a \
                terminal (and never otherwise): after every forward node, every backward gradient \
                and every other step it waits for a key: Enter or space for the next step, b to go \
                back one step (printed again), c to continue to the end, q to quit.
                """,
            positionals: [Positional("LESSON", "lesson number, name, or lesson file", optional: true)],
            flags: LessonCommand.Options.declaredFlags,
            run: { invocation in
                let options = try LessonCommand.Options(invocation)
                let notation: Notation = options.ascii ? .ascii : .unicode
                guard let reference = options.lesson else {
                    let width = LessonCatalog.lessons.map(\.name.count).max() ?? 0
                    for lesson in LessonCatalog.lessons {
                        let name = lesson.name.padding(toLength: width, withPad: " ", startingAt: 0)
                        let line = notation.write("\(String(format: "%2d", lesson.number))  \(name)  \(lesson.summary)")
                        // The summary wraps under itself.
                        let indent = line.prefix { $0 == " " }.count
                        for part in TextWrap.wrap(line, width: invocation.console.layoutWidth, hanging: width + 6 - indent) {
                            invocation.out.line(part)
                        }
                    }
                    invocation.out.line()
                    invocation.out.line("Run one with 'backprop lesson N' (or its name).")
                    return ExitCode.success
                }
                let lesson = try LessonCatalog.resolve(reference)
                let mnist = MNISTBatchProgram.program(dataOption: options.data)
                var programs = LessonPrograms.all
                programs[mnist.name] = mnist
                var runner = LessonRunner(notation: notation, programs: programs)
                runner.digits = options.digits
                runner.full = options.full
                let width = invocation.console.layoutWidth
                runner.width = width
                let outcome: LessonRunner.Outcome
                if options.step && invocation.console.stdinIsTerminal && invocation.out.isTerminal {
                    let pager = LessonPager(out: invocation.out, err: invocation.err)
                    LessonPager.takeKeys()
                    defer { LessonPager.releaseKeys() }
                    outcome = try runner.run(
                        lesson, emit: { for line in TextWrap.wrap($0, width: width) { pager.emit(line) } },
                        pause: pager.pause)
                } else {
                    outcome = try runner.run(
                        lesson, emit: { for line in TextWrap.wrap($0, width: width) { invocation.out.line(line) } })
                }
                return outcome.checks.contains { $0.failed } ? ExitCode.failure : ExitCode.success
            })
    }
}

enum LessonCommand {
    /// `lesson`'s arguments, read once.
    struct Options: CommandOptions {
        var lesson: String?
        var step = false
        var ascii = false
        var full = false
        /// `--digits N`, nil when not given (then the lesson's own digits).
        var digits: Int?
        var data: String?

        static let flags: [OptionFlag<Options>] = [
            Flag.toggle("step", "one step at a time, at your pace (on a terminal)").into(\.step),
            Flag.toggle("ascii", "plain ASCII instead of Unicode math symbols").into(\.ascii),
            Flag.toggle("full", "print every element of large tensors and every checked entry").into(\.full),
            Flag.integer("digits", 1...17, valueName: "N", "significant digits of the numbers shown (default: the lesson's)")
                .into(\.digits),
            Flag.path(
                "data", valueName: "DIR", "folder holding the MNIST files (lesson 8; else MNIST_DIR, else the cache)"
            ).into(\.data),
        ]

        mutating func complete(_ invocation: Invocation) { lesson = invocation.positional(0) }
    }
}
