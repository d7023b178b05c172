import Foundation
import Languages
import Support

/// An exercise: a Markdown file `Lessons/exercises/NN-name.md` that reads well on its own, in
/// three parts (the format is documented in Lessons/README.md):
/// - the task, everything before `## Hints`: prose, the ```network blocks of the forward pass,
///   ```run blocks (`forward`), and which gradients to derive;
/// - `## Hints`: a ```hints block of lines `NAME: hint`, the first line of a NAME its first hint,
///   the second a stronger one;
/// - `## Solution`: prose, then a ```solution block of `grad NAME = EXPRESSION` lines, the order
///   in which the gradients are to be derived.
public struct Exercise: Sendable {
    /// The whole file, read as a lesson (number, name, title, summary).
    public let file: Lesson

    /// One gradient to derive.
    public struct Gradient: Sendable, Equatable {
        /// The value it is the gradient of (`W2`).
        public let name: String
        /// The solution's expression.
        public let answer: String
        /// The first hint, then the stronger ones.
        public let hints: [String]
        /// `dW2`.
        public var gradientName: String { "d" + name }
        /// `grad W2 = transpose(h) @ dz2`.
        public var line: String { "grad \(name) = \(answer)" }
    }

    public init(fileName: String, text: String) { file = Lesson(fileName: fileName, text: text) }

    public var number: Int { file.number }
    public var name: String { file.name }
    public var title: String { file.title }
    public var summary: String { file.summary }
    /// Where it comes from, for messages: `Lessons/exercises/01-one-neuron.md`.
    public var path: String { "Lessons/exercises/" + file.fileName }

    private var lines: [String] { file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The line index of a `## ` heading, or nil.
    private func heading(_ title: String) -> Int? { lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "## " + title } }

    /// The task: the file up to `## Hints` (or `## Solution`), as a lesson to run.
    public var task: Lesson {
        let end = heading("Hints") ?? heading("Solution") ?? lines.count
        return Lesson(fileName: file.fileName, text: lines[..<end].joined(separator: "\n"))
    }

    /// The lines of the first ```KIND block at or after line `from`.
    private func block(_ kind: String, from start: Int = 0) -> [String] {
        var inside = false
        var out: [String] = []
        for line in lines.dropFirst(start) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inside {
                if trimmed == "```" { return out }
                out.append(line)
            } else if trimmed == "```" + kind {
                inside = true
            }
        }
        return out
    }

    /// The gradients to derive, in order, with their answers and hints.
    public var gradients: [Gradient] {
        var hints: [String: [String]] = [:]
        for line in block("hints") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            hints[name, default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return block("solution").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("grad "), let equals = text.firstIndex(of: "=") else { return nil }
            let name = text[text.index(text.startIndex, offsetBy: 5)..<equals].trimmingCharacters(in: .whitespaces)
            let answer = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            return Gradient(name: name, answer: answer, hints: hints[name] ?? [])
        }
    }

    /// The prose of `## Solution` before its ```solution block.
    public var solutionProse: [String] {
        guard let start = heading("Solution") else { return [] }
        let rest = lines[(start + 1)...]
        var prose = Array(rest.prefix { $0.trimmingCharacters(in: .whitespaces) != "```solution" })
        while prose.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { prose.removeFirst() }
        while prose.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { prose.removeLast() }
        return prose
    }

    /// The forward pass: the ```network blocks of the task, joined.
    public var networkSource: String {
        NetworkSource.networkBlocks(in: task.text).map { $0.text.hasSuffix("\n") ? String($0.text.dropLast()) : $0.text }
            .joined(separator: "\n\n")
    }

    /// The exercise's network, without stated gradients.
    public func network() throws -> Network {
        try NetworkSource.network(markdown: task.text, file: path)
    }

    /// The network with the solution's gradients stated.
    public func solvedNetwork() throws -> Network {
        try Network(source: networkSource + "\n\n" + gradients.map(\.line).joined(separator: "\n") + "\n", file: path + " (solution)")
    }

    /// The file `--start` writes: the forward pass and a `grad NAME = ?` line per gradient.
    public var starter: String {
        var out = [
            "# \(title) (backprop exercise \(number))",
            "# Replace each ? with your formula for the gradient of the loss. A formula may use every",
            "# value by name, and dNAME for the gradients above it. Check the file with",
            "#   backprop exercise \(number) --check FILE",
            "# and ask for a hint with --hint (Lessons/README.md has the language).",
            "",
            networkSource,
            "",
            "# Your gradients, from the loss back",
        ]
        let width = gradients.map(\.name.count).max() ?? 0
        out += gradients.map { "grad " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + " = ?" }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The exercises the tool ships (embedded, like the lessons).
public enum ExerciseCatalog {
    public static let exercises: [Exercise] = EmbeddedExercises.files
        .map { Exercise(fileName: $0.fileName, text: $0.text) }
        .sorted { $0.number < $1.number }

    /// The exercise named `reference` (its number or name), or an error listing them.
    public static func resolve(_ reference: String) throws -> Exercise {
        let key = reference.lowercased()
        if let number = Int(key), let found = exercises.first(where: { $0.number == number }) { return found }
        if let found = exercises.first(where: { $0.name == key }) { return found }
        var message = "no exercise '\(reference)'; "
        if let guess = Spelling.closest(to: key, among: exercises.map(\.name)) {
            message += "did you mean '\(guess)'?"
        } else {
            message += "the exercises are " + exercises.map { "\($0.number) \($0.name)" }.joined(separator: ", ")
        }
        throw LessonError(message)
    }
}
