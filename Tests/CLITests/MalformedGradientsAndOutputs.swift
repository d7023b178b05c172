import Foundation
import Lessons

// The malformed inputs of the commands that read `grad NAME = …` lines (check, exercise --check,
// and every network command on a file that has them), that take optimizer steps (step, page
// --train) and that write files (page -o, export -o, graph --dot, exercise --start): their
// families of MalformedInputs.families.

extension MalformedInputs {
    /// Network 0 (every stated gradient right) with its `grad` lines taken apart.
    static var gradientNetwork: (forward: String, gradients: [String]) {
        let lines = networks[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let forward = lines.filter { !$0.hasPrefix("grad ") }.joined(separator: "\n")
        return (forward, lines.filter { $0.hasPrefix("grad ") })
    }

    /// A command that reads the file's `grad` lines; `check` exits 0 on network 0 itself.
    func gradientCommand(_ file: String, _ random: inout CaseRandom) -> [String] {
        switch random.int(0..<9) {
        case 0: ["explain", file, "--samples", "2"]
        case 1: ["gradcheck", file, "--samples", "2"]
        case 2: ["trace", file]
        case 3: ["page", file, "-o", casePath + "/page.html"]
        case 4: ["export", file, "--pytorch", "-o", casePath + "/script.py"]
        case 5: ["step", file, "--steps", "2"]
        default: ["check", file]
        }
    }

    /// `grad` lines spoiled: unknown names, a gradient stated twice, one used before it is stated,
    /// `?` answers, NaN and infinite results, deep nesting, long lines, a file of only `grad`
    /// lines, an empty file, every line ending.
    func gradientCase(_ random: inout CaseRandom) -> MalformedCase {
        let (forward, gradients) = Self.gradientNetwork
        var lines = gradients
        var tag: String
        var summary: String
        var needsSubprocess = false
        var mustBeAccepted = false
        var mustBeRefused = false
        var messageMustContain: String? = nil
        var text: String? = nil
        let k = random.int(0..<lines.count)
        switch random.int(0..<12) {
        case 0:
            let typo = Mutator.typo("z2", &random)
            let name = random.pick(["zz", "W3", "ο", "loss2", "dW2", "d", "x_", "É", typo])
            lines.insert("grad \(name) = o - t", at: k)
            (tag, summary, mustBeRefused) = ("grad.unknown-name", "grad \(name) added", true)
        case 1:
            lines.insert(lines[k], at: random.int(0...lines.count))
            (tag, summary, mustBeRefused) = ("grad.twice", "\(lines[k]) twice", true)
        case 2:
            let line = random.pick(["grad h = dz1 @ W2", "grad o = dq", "grad W2 = transpose(h) @ dz3", "grad z2 = dloss2 * o"])
            lines.insert(line, at: k)
            (tag, summary, mustBeRefused) = ("grad.undefined-gradient", line, true)
        case 3:
            let line = random.pick(["grad x = ?", "grad loss = ?", "grad loss = 1", "grad t = ?", "grad b1 = ?", "grad W1 = ?"])
            lines.insert(line, at: k)
            (tag, summary) = ("grad.answer-later", line)
        case 4:
            let tail = random.pick([" * 0 / 0", " / 0", " * 1e308 * 1e308", " * -1e308 * 10", " - (o - t)"])
            lines[0] += tail
            (tag, summary) = ("grad.nonfinite", "'\(tail)' after the first gradient")
        case 5:
            let depth = random.pick([300, 1000, 10_000, 100_000])
            let (open, close) = random.pick([("(", ")"), ("-", ""), ("sigmoid(", ")"), ("transpose(transpose(", "))")])
            lines[0] = "grad o = " + String(repeating: open, count: depth) + "o - t" + String(repeating: close, count: depth)
            (tag, summary, needsSubprocess) = ("grad.deep-nesting", "\(depth) levels of '\(open)'", true)
        case 6:
            let length = random.pick([1000, 60_000])
            let piece = random.pick([" + 0 * o", " * 1", " - 0"])
            lines[0] += String(repeating: piece, count: length)
            (tag, summary, needsSubprocess) = ("grad.long-chain", "'\(piece)' \(length) times", true)
        case 7:
            let padding = random.pick([" ", "é", "#"])
            lines[k] += "  # " + String(repeating: padding, count: random.pick([10_000, 1_000_000]))
            (tag, summary) = ("grad.long-line", "a comment of a million characters")
        case 8:
            text = lines.joined(separator: "\n") + "\n"
            (tag, summary, mustBeRefused) = ("grad.only", "only the grad lines", true)
        case 9:
            text = random.chance(0.6) ? "" : random.pick(["\n", "\r\n", " "])
            (tag, summary, mustBeRefused) = ("file.empty", "an empty file (\(Mutator.visible(text!)))", true)
            if text == "" { messageMustContain = "empty" }
        case 10:
            // The grad lines first, before the values they name.
            text = lines.joined(separator: "\n") + "\n" + forward
            (tag, summary) = ("grad.before-definition", "grad lines first")
        default:
            let (bytes, eolTag, what) = Mutator.lineEndings(Self.networks[0], &random, tagPrefix: "grad")
            text = String(decoding: bytes, as: UTF8.self)
            (tag, summary, mustBeAccepted) = (eolTag, what, true)
        }
        let source: String = text ?? forward + lines.joined(separator: "\n") + "\n"
        let file = casePath + "/grads.net"
        var arguments = gradientCommand(file, &random)
        // A valid file in other line endings is accepted by every command.
        if mustBeAccepted && arguments[0] == "page" { arguments = ["check", file] }
        return MalformedCase(
            tag: tag, summary: summary, arguments: arguments, files: ["grads.net": Array(source.utf8)],
            mustBeAccepted: mustBeAccepted, mustBeRefused: mustBeRefused, needsSubprocess: needsSubprocess,
            messageMustContain: messageMustContain)
    }

    // MARK: Exercises

    /// `exercise` with odd numbers and names, and `--check` of files of every kind.
    func exerciseCase(_ random: inout CaseRandom) -> MalformedCase {
        let exercise = random.pick(Array(ExerciseCatalog.exercises.prefix(3)))
        let number = String(exercise.number)
        let solved = exercise.networkSource + "\n\n" + exercise.gradients.map(\.line).joined(separator: "\n") + "\n"
        let file = casePath + "/answer.net"
        switch random.int(0..<4) {
        case 0:
            let typo = Mutator.typo(exercise.name, &random)
            let references: [String] = ["0", "99", "-1", "abc", "", " ", "1e3", "٣", "01", "1.0", "9223372036854775808", typo]
            let reference = random.pick(references)
            let extras: [[String]] = [[], ["--hint"], ["--solution"], ["--check", file], ["--start", casePath + "/new.net"]]
            let extra = random.pick(extras)
            return MalformedCase(
                tag: "exercise.reference", summary: "exercise '\(reference)' \(extra.joined(separator: " "))",
                arguments: ["exercise", reference] + extra, files: ["answer.net": Array(solved.utf8)])
        case 1:
            // The solution in other line endings: right all the same.
            let (bytes, tag, what) = Mutator.lineEndings(solved, &random, tagPrefix: "exercise")
            let hint = random.chance(0.3) ? ["--hint"] : []
            return MalformedCase(
                tag: tag, summary: "exercise \(number)'s solution, \(what)", arguments: ["exercise", number, "--check", file] + hint,
                files: ["answer.net": bytes], mustBeAccepted: true)
        case 2:
            let (bytes, what) = random.chance(0.5)
                ? Mutator.bytes(Array(solved.utf8), &random, count: random.int(1...3))
                : Mutator.tokens(solved, &random, count: random.int(1...3))
            let tag = Mutator.hasHugeNumber(String(decoding: bytes, as: UTF8.self)) ? "net.huge-numbers" : "exercise.answer-bytes"
            return MalformedCase(
                tag: tag, summary: "exercise \(number)'s solution: \(what)", arguments: ["exercise", number, "--check", file],
                files: ["answer.net": bytes])
        default:
            // Not a network file at all.
            let special = random.pick(["missing", "empty", "binary", "directory", "fifo", "/dev/null", "/dev/zero"])
            var files: [String: [UInt8]] = [:]
            var fifos: [String] = []
            var path = file
            var messageMustContain: String? = nil
            switch special {
            case "missing": path = casePath + "/no-such.net"
            case "empty": files["answer.net"] = []; messageMustContain = "empty"
            case "binary": files["answer.net"] = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
            case "directory": path = casePath
            case "fifo": path = casePath + "/fifo.net"; fifos = ["fifo.net"]
            default: path = special
            }
            let hint = random.chance(0.3) ? ["--hint"] : []
            return MalformedCase(
                tag: "exercise.special-file", summary: "--check \(special)", arguments: ["exercise", number, "--check", path] + hint,
                files: files, fifos: fifos, mustBeRefused: true, needsSubprocess: special == "fifo" || special == "/dev/zero",
                messageMustContain: messageMustContain)
        }
    }

    // MARK: Steps

    /// `step` and `page --train` whose steps diverge (a learning rate far too large) or start
    /// from a loss that is not finite: a message and exit code 1, never numbers passed off as fine.
    func stepsCase(_ random: inout CaseRandom) -> MalformedCase {
        if random.chance(0.2) {
            // A large network and the most steps the flag takes: refused at once, naming the most
            // steps it may take, instead of running for hours.
            let length = random.pick([5000, 20_000])
            var lines = ["input x = [[0.5, -1.0]]", "param W = [[0.1], [0.2]]", "a0 = x @ W"]
            for k in 1..<length { lines.append("a\(k) = a\(k - 1) * 1") }
            lines.append("loss = sum(a\(length - 1))")
            let file = casePath + "/large.net"
            let arguments: [String] = random.chance(0.5)
                ? ["step", file, "--steps", random.pick(["100000", "50000"])]
                : ["page", file, "-o", casePath + "/page.html", "--train", random.pick(["10000", "5000"])]
            return MalformedCase(
                tag: "steps.too-much-work", summary: "\(arguments[2...].joined(separator: " ")) on \(length) operations",
                arguments: arguments, files: ["large.net": Array((lines.joined(separator: "\n") + "\n").utf8)],
                mustBeRefused: true)
        }
        let diverging = random.chance(0.6)
        let file = casePath + "/steps.net"
        let source: String
        let options: [String]
        if diverging {
            // Each step of SGD or momentum on w⁴ with this rate overshoots further (w ← w − 4ηw³):
            // infinite within 10 steps; Adam's first step moves every w by η.
            source = random.pick(["param w = [2.0, -3.0]\nloss = sum(w ^ 4)\n", "param w = [[1.5], [-2]]\nloss = mean(w ^ 4)\n"])
            options = random.chance(0.3)
                ? ["--optimizer", "adam", "--lr", random.pick(["1e300", "1e308"])]
                : ["--optimizer", random.pick(["sgd", "momentum"]), "--lr", random.pick(["1", "10", "1e10"])]
        } else {
            source = random.pick([
                "input x = [[0, 2]]\nparam W = [[1], [2]]\nloss = sum(log(x @ W - 4))\n",
                "input x = [[1, 2]]\nparam W = [[1e308], [1e308]]\nloss = sum(x @ W)\n",
                "input x = [[1, 2]]\nparam W = [[0], [0]]\nloss = sum(pow(x @ W - 1, 0.5))\n",
            ])
            options = []
        }
        let steps = String(random.pick(diverging ? [10, 50] : [2, 3, 10]))
        var arguments: [String]
        if random.chance(0.5) {
            arguments = ["step", file, "--steps", steps]
        } else {
            arguments = ["page", file, "-o", casePath + "/page.html", "--train", steps]
        }
        arguments += options
        return MalformedCase(
            tag: diverging ? "steps.diverge" : "steps.not-finite", summary: "\(arguments.dropFirst(2).joined(separator: " ")) on \(Mutator.visible(source))",
            arguments: arguments, files: ["steps.net": Array(source.utf8)], mustBeRefused: true)
    }

    // MARK: Written files

    /// Outputs that must not replace what the user has: the input file itself (by its path, by
    /// another spelling of it, through a link), an exercise file already there (`--start`
    /// without `--force`); and outputs that cannot be written (a directory, a path under a
    /// regular file, a full device).
    func outputCase(_ random: inout CaseRandom) -> MalformedCase {
        let input = casePath + "/mine.net"
        let mine = Array(Self.networks[random.int(0..<Self.networks.count)].utf8)
        var files: [String: [UInt8]] = ["mine.net": mine]
        var keptFiles: Set<String> = ["mine.net"]
        func writer(_ output: String, _ random: inout CaseRandom) -> [String] {
            switch random.int(0..<4) {
            case 0: ["export", input, "--pytorch", "-o", output]
            case 1: ["graph", input, "--dot", output]
            default: ["page", input, random.pick(["-o", "--output"]), output]
            }
        }
        switch random.int(0..<4) {
        case 0:
            let spelling = random.pick(["same", "dot", "link", "double-slash"])
            var output = input
            switch spelling {
            case "dot": output = casePath + "/./mine.net"
            case "double-slash": output = casePath + "//mine.net"
            case "link": output = casePath + "/link.net"
            default: break
            }
            var c = MalformedCase(
                tag: "output.same-as-input", summary: "the output is the input file (\(spelling))",
                arguments: writer(output, &random), files: files, mustBeRefused: true, keptFiles: keptFiles)
            if spelling == "link" { c.links = ["link.net": "mine.net"] }
            return c
        case 1:
            let start = casePath + "/answers.net"
            files["answers.net"] = Array("grad o = o - t   # my answers\n".utf8)
            keptFiles.insert("answers.net")
            return MalformedCase(
                tag: "output.existing", summary: "exercise --start over a file already there, without --force",
                arguments: ["exercise", String(random.int(1...3)), "--start", start], files: files, mustBeRefused: true,
                keptFiles: keptFiles)
        case 2:
            let outputs: [String] = [casePath, casePath + "/", casePath + "/mine.net/x.html", "/dev/full", casePath + "/fifo.html"]
            let output = random.pick(outputs)
            var arguments: [String]
            if random.chance(0.25) {
                arguments = ["exercise", "1", "--start", output]
                if random.chance(0.5) { arguments.append("--force") }
            } else {
                arguments = writer(output, &random)
            }
            return MalformedCase(
                tag: "output.unwritable", summary: "output \(output)", arguments: arguments, files: files,
                fifos: output.hasSuffix("fifo.html") ? ["fifo.html"] : [], mustBeRefused: true, keptFiles: keptFiles)
        default:
            // A new name, in folders that do not exist yet: page and export make them.
            let output = casePath + "/new/deeper/out.file"
            let page: [String] = ["page", input, "-o", output]
            let export: [String] = ["export", input, "--pytorch", "-o", output]
            let arguments = random.chance(0.5) ? page : export
            return MalformedCase(
                tag: "output.new-folders", summary: "output in new folders", arguments: arguments, files: files,
                keptFiles: keptFiles)
        }
    }
}
