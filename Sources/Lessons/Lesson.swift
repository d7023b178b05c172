import Languages
/// A lesson: a Markdown file `NN-name.md` that reads well on its own, made of prose, the
/// ```network blocks of the network it runs, and ```run blocks of steps whose computed output
/// `backprop lesson` prints in their place. The format is documented in Lessons/README.md.
public struct Lesson: Sendable {
    /// The file name, `02-two-layer-sigmoid.md`.
    public let fileName: String
    /// The number in the file name (0 when it has none).
    public let number: Int
    /// The file name without number and extension: `two-layer-sigmoid`.
    public let name: String
    /// The whole Markdown text, its line endings made "\n" (a lesson may be written with LF,
    /// CRLF or CR).
    public let text: String

    /// One piece of a lesson, in order.
    public enum Part: Sendable, Equatable {
        /// Lines of prose, printed as written.
        case prose([String])
        /// A ```network block: its lines and the line number of the first.
        case network(firstLine: Int, lines: [String])
        /// A ```run block: its steps, each with its line number.
        case run([RunStep])
    }

    /// One line of a ```run block: a directive and its words (`update lr=0.5`).
    public struct RunStep: Sendable, Equatable {
        public let line: Int
        public let words: [String]
        public var directive: String { words.first ?? "" }
    }

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = SourceText.normalizingLineEndings(text)
        let base = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        let digits = base.prefix { $0.isNumber }
        number = Int(digits) ?? 0
        var rest = base.dropFirst(digits.count)
        if rest.first == "-" { rest = rest.dropFirst() }
        name = rest.isEmpty ? base : String(rest)
    }

    /// The first `# ` heading, without the `#`.
    public var title: String {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("# ") {
            return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        return name
    }

    /// The one-line summary: the first `> ` quote line.
    public var summary: String {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("> ") {
            return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        return ""
    }

    /// The lesson split into prose, network blocks and run blocks.
    public var parts: [Part] {
        var parts: [Part] = []
        var prose: [String] = []
        var block: (kind: String, firstLine: Int, lines: [String])? = nil
        func flushProse() {
            if !prose.isEmpty { parts.append(.prose(prose)) }
            prose = []
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var open = block {
                if trimmed == "```" {
                    if open.kind == "network" {
                        parts.append(.network(firstLine: open.firstLine, lines: open.lines))
                    } else {
                        let steps = open.lines.enumerated().compactMap { offset, text -> RunStep? in
                            let content = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                            let words = content.split(whereSeparator: \.isWhitespace).map(String.init)
                            return words.isEmpty ? nil : RunStep(line: open.firstLine + offset, words: words)
                        }
                        parts.append(.run(steps))
                    }
                    block = nil
                } else {
                    open.lines.append(line)
                    block = open
                }
            } else if trimmed == "```network" || trimmed == "```run" {
                flushProse()
                block = (String(trimmed.dropFirst(3)), index + 2, [])
            } else {
                prose.append(line)
            }
        }
        flushProse()
        return parts
    }

    /// Whether the lesson has a network to explain and check.
    public var hasNetwork: Bool { parts.contains { if case .network = $0 { true } else { false } } }
}
