import Engine
import Languages
import Explainer
import NN
import Support

/// Runs a lesson: prints its prose and network blocks as written and, in place of each ```run
/// block, the output of its steps, computed on the lesson's network by the explainer. The
/// directives are documented in Lessons/README.md.
public struct LessonRunner {
    public var notation: Notation
    /// Check settings for `check` and `gradcheck` (a step may override h).
    public var settings: CheckSettings
    /// The Swift programs `program NAME` can run.
    public var programs: [String: LessonProgram]
    /// Significant digits of every number shown, checks included, in place of the lesson's own
    /// `digits` steps (`lesson --digits N`); nil keeps the lesson's (and 6 at most in checks).
    public var digits: Int? = nil
    /// Every element of large tensors and every checked entry (`lesson --full`).
    public var full = false
    /// The columns the output may take (nil: any): tables of a step wider than that (less the
    /// step's indentation) are stacked or wrap inside their last column.
    public var width: Int? = nil

    /// The width inside a step's output, which is indented by 4.
    private var stepWidth: Int? { width.map { $0 - 4 } }

    public init(notation: Notation = .unicode, settings: CheckSettings = CheckSettings(), programs: [String: LessonProgram] = LessonPrograms.all) {
        self.notation = notation
        self.settings = settings
        self.programs = programs
    }

    /// What a run ended with: the reports of its checks, in order (the last one is the lesson's
    /// closing check).
    public struct Outcome: Sendable {
        public var checks: [GradientCheckReport] = []
        public var passed: Bool { !checks.isEmpty && checks.allSatisfy { !$0.failed } }
    }

    /// The state a lesson's steps share: the network, its current parameter values (an update
    /// changes them), and how numbers are written.
    final class Session {
        let lesson: Lesson
        let network: Network?
        var parameters: [Parameter<Double>]
        var digits = 6
        /// Every element of large tensors is printed (the `full` step), not a summary.
        var full = false
        var outcome = Outcome()

        init(lesson: Lesson, network: Network?) {
            self.lesson = lesson
            self.network = network
            parameters = network?.makeParameters() ?? []
        }
    }

    /// Runs `lesson`, giving each output line to `emit`. With `--step`, `pause` is called after
    /// every step of the output, before the next line is emitted: after each node of a `forward`
    /// step, each gradient of a `backward` step, and each other step; it returns false to stop
    /// the lesson there (the learner quit). It is not called after the last step.
    public func run(_ lesson: Lesson, emit: (String) -> Void, pause: () -> Bool = { true }) throws -> Outcome {
        let network = lesson.hasNetwork ? try NetworkSource.network(markdown: lesson.text, file: lesson.fileName) : nil
        let session = Session(lesson: lesson, network: network)
        if let digits { session.digits = digits }
        session.full = full
        var paused = false
        var stopped = false
        /// A line, after the pause that the step before it asked for.
        func write(_ line: String) {
            guard !stopped else { return }
            if paused {
                paused = false
                stopped = !pause()
                if stopped { return }
            }
            emit(line)
        }
        for part in lesson.parts {
            switch part {
            case .prose(let lines):
                let written = lines.map(notation.write)
                for line in width.map({ TextWrap.reflow(written, width: $0) }) ?? written { write(line) }
            case .network(_, let lines):
                for line in lines { write(line.isEmpty ? "" : "    " + notation.write(line)) }
            case .run(let steps):
                for (k, step) in steps.enumerated() where !stopped {
                    let lines = try perform(step, session)
                    if k > 0 && !lines.isEmpty { write("") }
                    for piece in Self.pieces(of: lines, from: step.directive) {
                        for line in piece { write(line.isEmpty ? "" : "    " + line) }
                        paused = true
                    }
                }
            }
            if stopped { break }
        }
        return session.outcome
    }

    /// The output of one step as `--step` shows it: a `forward` step node by node (a node's
    /// matrix continues on indented lines), a `backward` step gradient by gradient (an empty line
    /// separates its blocks and starts the next piece), any other step whole.
    static func pieces(of lines: [String], from directive: String) -> [[String]] {
        guard directive == "forward" || directive == "backward" else { return lines.isEmpty ? [] : [lines] }
        var pieces: [[String]] = []
        for line in lines {
            let starts = directive == "forward" ? !line.hasPrefix(" ") : line.isEmpty
            if starts || pieces.isEmpty { pieces.append([line]) } else { pieces[pieces.count - 1].append(line) }
        }
        return pieces
    }

    private func error(_ step: Lesson.RunStep, _ session: Session, _ message: String) -> SourceError {
        SourceError(file: session.lesson.fileName, SourceLocation(line: step.line, column: 1), message)
    }

    private func requireNetwork(_ step: Lesson.RunStep, _ session: Session) throws -> Network {
        guard let network = session.network else {
            throw error(step, session, "'\(step.directive)' needs a ```network block in the lesson")
        }
        return network
    }

    /// `key=value` options of a step.
    private func options(_ step: Lesson.RunStep, _ session: Session, allowed: Set<String>) throws -> (names: [String], values: [String: Double]) {
        var names: [String] = []
        var values: [String: Double] = [:]
        for word in step.words.dropFirst() {
            if let equals = word.firstIndex(of: "=") {
                let key = String(word[..<equals])
                guard allowed.contains(key), let value = Double(word[word.index(after: equals)...]) else {
                    throw error(step, session, "'\(step.directive)' takes \(allowed.isEmpty ? "no options" : allowed.sorted().map { "\($0)=NUMBER" }.joined(separator: ", ")), got '\(word)'")
                }
                values[key] = value
            } else {
                names.append(word)
            }
        }
        return (names, values)
    }

    /// A finite-difference step `h=X`: a finite number above 0.
    private func stepSize(_ h: Double, _ step: Lesson.RunStep, _ session: Session) throws -> Double {
        guard h > 0, h.isFinite else { throw error(step, session, "h must be a number above 0, as in h=1e-5") }
        return h
    }

    private func text(_ session: Session) -> TensorText {
        TensorText(full: session.full, digits: session.digits, notation: notation)
    }

    /// Six digits at most unless `lesson --digits` asked for more: the finite difference's last
    /// digits are rounding noise.
    private func checkDigits(_ session: Session) -> Int { digits ?? min(session.digits, 6) }

    private func checkText(_ session: Session, full: Bool) -> CheckText {
        var checkText = CheckText(text: TensorText(digits: checkDigits(session), notation: notation), full: full)
        checkText.width = stepWidth
        return checkText
    }

    /// The current trace of the network with its gradients.
    private func currentRun(_ network: Network, _ session: Session) throws -> NetworkRun {
        try network.run(parameters: session.parameters)
    }

    /// A network evaluated at the session's current parameter values, for finite differences.
    private func recomputation(_ network: Network, _ session: Session) -> Recomputation {
        let values = Dictionary(uniqueKeysWithValues: session.parameters.map { ($0.name, $0.tensor) })
        return Recomputation { shift in
            let run = try network.run(parameterValues: values, backward: false, shift: shift)
            var trace = run.trace()
            trace.lossID = run.loss.id
            return trace
        }
    }

    private func checkNames(_ names: [String], in trace: Trace, _ step: Lesson.RunStep, _ session: Session) throws -> Set<String>? {
        guard !names.isEmpty else { return nil }
        for name in names where trace.node(named: name) == nil {
            throw error(step, session, "no node named '\(name)' in the network")
        }
        return Set(names)
    }

    func perform(_ step: Lesson.RunStep, _ session: Session) throws -> [String] {
        switch step.directive {
        case "digits":
            guard step.words.count == 2, let digits = Int(step.words[1]), (3...17).contains(digits) else {
                throw error(step, session, "'digits' takes a number of significant digits from 3 to 17")
            }
            if self.digits == nil { session.digits = digits }
            return []
        case "full":
            guard step.words.count == 1 else { throw error(step, session, "'full' takes nothing") }
            session.full = true
            return []
        case "forward":
            let network = try requireNetwork(step, session)
            let (names, _) = try options(step, session, allowed: [])
            let trace = try currentRun(network, session).trace()
            return DerivationText(text: text(session)).forward(trace, only: try checkNames(names, in: trace, step, session))
        case "backward":
            let network = try requireNetwork(step, session)
            let (names, _) = try options(step, session, allowed: [])
            let trace = try currentRun(network, session).trace()
            let derivation = try Derivation(trace: trace)
            return DerivationText(text: text(session), width: stepWidth).backward(derivation, only: try checkNames(names, in: trace, step, session))
        case "trace":
            let network = try requireNetwork(step, session)
            let table = TraceTable(text: text(session), width: stepWidth).render(try currentRun(network, session).trace())
            return table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropFirst().dropLast().map { $0 }
        case "update":
            let network = try requireNetwork(step, session)
            let (_, values) = try options(step, session, allowed: ["lr"])
            guard let rate = values["lr"], rate > 0 else { throw error(step, session, "'update' needs a learning rate, as in 'update lr=0.5'") }
            return try sgdUpdate(network, session, learningRate: rate)
        case "check", "gradcheck":
            let network = try requireNetwork(step, session)
            let (names, values) = try options(step, session, allowed: ["h", "samples"])
            guard names.allSatisfy({ $0 == "full" }) else {
                throw error(step, session, "'\(step.directive)' takes full, h=NUMBER and samples=NUMBER, got '\(names.first { $0 != "full" } ?? "")'")
            }
            var settings = self.settings
            if let h = values["h"] { settings.h = try stepSize(h, step, session) }
            if let samples = values["samples"] {
                guard samples == samples.rounded(), samples >= 1, samples <= 1e9 else {
                    throw error(step, session, "samples must be a whole number from 1 to 1000000000")
                }
                settings.samples = Int(samples)
            }
            let trace = try currentRun(network, session).trace()
            let checker = GradientChecker(
                derivation: try Derivation(trace: trace), computation: recomputation(network, session), settings: settings)
            let parametersOnly = step.directive == "gradcheck"
            let report = try checker.check(nodes: parametersOnly ? checker.parameterNodes : checker.allDerivedNodes)
            session.outcome.checks.append(report)
            // `check full` prints every entry (where the lesson compares them with the derivation
            // shown); else one line per gradient and the entries that are not PASS.
            return checkText(session, full: full || names.contains("full")).lines(report)
        case "kinks":
            let network = try requireNetwork(step, session)
            let (_, values) = try options(step, session, allowed: ["h"])
            return kinkReport(try currentRun(network, session).trace(), h: try values["h"].map { try stepSize($0, step, session) } ?? settings.h, session)
        case "program":
            guard step.words.count == 2, let program = programs[step.words[1]] else {
                throw error(step, session, "'program' takes the name of one of: \(programs.keys.sorted().joined(separator: ", "))")
            }
            var context = LessonProgram.Context(
                network: session.network, notation: notation, digits: session.digits, settings: settings,
                checkDigits: checkDigits(session), fullChecks: full)
            context.width = stepWidth
            let output = try program.run(context)
            session.outcome.checks += output.checks
            return output.lines.map(notation.write)
        default:
            throw error(
                step, session,
                "unknown step '\(step.directive)'; steps are forward, backward, trace, update, check, gradcheck, kinks, digits, full, program")
        }
    }

    /// One SGD step θ ← θ − η·dθ on every parameter (NN's `SGD`), every update written out with
    /// its numbers, then the loss before and after.
    private func sgdUpdate(_ network: Network, _ session: Session, learningRate: Double) throws -> [String] {
        let before = try currentRun(network, session)
        let text = self.text(session)
        let expressions = DerivationText(text: text)
        var out = [notation.write("SGD step with η = \(NumberFormat.compact(learningRate)): θ ← θ − η·dθ for every parameter")]
        let old = session.parameters.map(\.tensor)
        let optimizer = SGD(session.parameters, learningRate: learningRate)
        optimizer.step()
        for (k, p) in session.parameters.enumerated() {
            let inline = { (values: [Double]) in expressions.inlineValue(values, shape: p.shape) }
            out.append(notation.write(
                "\(p.name) ← \(p.name) − η·d\(p.name) = \(inline(old[k].elements)) − \(NumberFormat.compact(learningRate))·\(inline(p.gradient.array))"))
            out.append(notation.write(String(repeating: " ", count: p.name.count + 3) + "= " + inline(p.value.array)))
        }
        let after = try network.run(parameters: session.parameters, backward: false)
        out.append("\(loss(network)) before the step: \(text.number(before.lossValue))")
        out.append("\(loss(network)) after the step:  \(text.number(after.lossValue))")
        return out
    }

    private func loss(_ network: Network) -> String { network.lossName }

    /// Every input element of an elementwise op with a kink (a ReLU's 0) with its distance to
    /// the kink, marking those within h.
    private func kinkReport(_ trace: Trace, h: Double, _ session: Session) -> [String] {
        let text = self.text(session)
        var out: [String] = []
        for node in trace.nodes {
            guard let op = node.operation as? any ElementwiseOp, let kink = op.kink,
                let input = node.inputs.first.map({ trace.nodes[$0] })
            else { continue }
            for (k, x) in input.value.enumerated() {
                let position = input.shape.rank == 2 ? "[\(k / input.shape.columns),\(k % input.shape.columns)]" : "[\(k)]"
                let note = x == kink ? "exactly at the kink" : abs(x - kink) <= h ? "within h = \(NumberFormat.significant(h, digits: 3)) of the kink" : ""
                out.append("\(node.name) = \(node.formula): \(Trace.operand(input.name))\(position) = \(text.number(x))" + (note.isEmpty ? "" : "   ← " + note))
            }
        }
        return out.map(notation.write)
    }
}
