import Lessons
import Support

/// A lesson's prose as HTML for the page's side column: one `<section>` per `##` heading, each
/// with the phase of the pass it talks about (from its ```run block: `forward`, `backward`,
/// a check, a program) and the names it mentions in code spans, so that the page scrolls to the
/// part that matches the step. Only the Markdown the lessons use: headings, paragraphs, `> `
/// quotes, `- ` lists, indented code, fenced blocks, `code`, **bold** and *emphasis*; a link
/// shows its text (the page loads nothing).
public struct LessonHTML {
    public let lesson: Lesson

    public init(lesson: Lesson) { self.lesson = lesson }

    /// One section of the lesson: its HTML, the phases its ```run blocks show, the names in its
    /// code spans.
    public struct Section {
        public var id: String
        public var lines: [String] = []
        public var phases: [String] = []
        public var names: [String] = []
        public var html = ""
    }

    /// The sections in order; the first holds everything before the first `##` heading.
    public var sections: [Section] {
        var sections = [Section(id: "lesson-part-1")]
        func add(_ line: String) { sections[sections.count - 1].lines.append(line) }
        for part in lesson.parts {
            switch part {
            case .prose(let lines):
                for line in lines {
                    if line.hasPrefix("## "), !(sections.last?.lines.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true) {
                        sections.append(Section(id: "lesson-part-\(sections.count + 1)"))
                    }
                    add(line)
                }
            case .network(_, let lines):
                add("```network")
                lines.forEach(add)
                add("```")
                sections[sections.count - 1].phases.append("network")
            case .run(let steps):
                add("```run")
                for step in steps { add(step.words.joined(separator: " ")) }
                add("```")
                for step in steps {
                    let phase: String? = switch step.directive {
                    case "forward": "forward"
                    case "backward": "backward"
                    case "check", "gradcheck": "check"
                    case "update": "update"
                    case "program": "program"
                    default: nil
                    }
                    if let phase, !sections[sections.count - 1].phases.contains(phase) {
                        sections[sections.count - 1].phases.append(phase)
                    }
                }
            }
        }
        return sections.map { section in
            var section = section
            section.html = Self.html(section.lines)
            section.names = Self.codeSpans(section.lines.joined(separator: "\n"))
            return section
        }
    }

    /// The sections' summary for the embedded JSON.
    public var json: JSONValue {
        .object([
            ("number", .integer(lesson.number)),
            ("title", .string(lesson.title)),
            ("file", .string(lesson.fileName)),
            ("sections", .array(sections.map { s in
                .object([
                    ("id", .string(s.id)),
                    ("phases", .array(s.phases.map { .string($0) })),
                    ("names", .array(s.names.map { .string($0) })),
                ])
            })),
        ])
    }

    /// The side column's HTML: every section.
    public var body: String {
        sections.map { "<section id=\"\($0.id)\" class=\"lesson-part\">\n\($0.html)</section>\n" }.joined()
    }

    /// The texts of the code spans, without an element index or a value (`dW2[0,0] = 0.08` gives
    /// `dW2`).
    static func codeSpans(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "`") else { break }
            var span = String(after[..<close])
            if let equals = span.range(of: " = ") { span = String(span[..<equals.lowerBound]) }
            if let bracket = span.firstIndex(of: "["), bracket != span.startIndex, span.last == "]" {
                span = String(span[..<bracket])
            }
            if !span.isEmpty, !span.contains("\n"), !found.contains(span) { found.append(span) }
            rest = after[after.index(after: close)...]
        }
        return found
    }

    /// Markdown lines as HTML blocks.
    static func html(_ lines: [String]) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: [String] = []
        var quote: [String] = []
        var code: [String] = []
        var fence: String? = nil
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            if !list.isEmpty { out += "<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>\n" }
            if !quote.isEmpty { out += "<blockquote>" + inline(quote.joined(separator: " ")) + "</blockquote>\n" }
            if !code.isEmpty {
                while code.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { code.removeLast() }
                out += "<pre><code>" + escape(code.joined(separator: "\n")) + "</code></pre>\n"
            }
            paragraph = []; list = []; quote = []; code = []
        }
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let kind = fence {
                if trimmed == "```" {
                    let title = kind == "run" ? "what backprop lesson prints here; this page steps through it" : kind
                    let label = kind.isEmpty ? "" : "<span class=\"fence\">\(escape(title))</span>"
                    out += "<pre class=\"block-\(escape(kind))\">\(label)<code>" + escape(code.joined(separator: "\n")) + "</code></pre>\n"
                    code = []
                    fence = nil
                } else {
                    code.append(line)
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flush()
                fence = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                continue
            }
            if line.hasPrefix("    "), paragraph.isEmpty, list.isEmpty, quote.isEmpty || !code.isEmpty {
                if code.isEmpty { flush() }
                code.append(String(line.dropFirst(4)))
                continue
            }
            if trimmed.isEmpty {
                if !code.isEmpty { code.append(""); continue }
                flush()
                continue
            }
            if !code.isEmpty { flush() }
            if let level = headingLevel(line) {
                flush()
                let tag = "h\(min(level + 1, 6))"
                out += "<\(tag)>" + inline(String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)) + "</\(tag)>\n"
            } else if line.hasPrefix("> ") || line == ">" {
                if !paragraph.isEmpty || !list.isEmpty { flush() }
                quote.append(String(line.dropFirst(min(2, line.count))))
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty || !quote.isEmpty { flush() }
                list.append(String(line.dropFirst(2)))
            } else if !list.isEmpty && line.hasPrefix("  ") {
                list[list.count - 1] += " " + trimmed
            } else {
                if !list.isEmpty || !quote.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        return out
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 6, line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// Inline Markdown: `code`, **bold**, *emphasis*, [text](target) as its text; the rest escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        var chars = Array(text)
        var i = 0
        func find(_ marker: [Character], from start: Int) -> Int? {
            var j = start
            while j + marker.count <= chars.count {
                if Array(chars[j..<(j + marker.count)]) == marker { return j }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let close = find(["`"], from: i + 1) {
                out += "<code>" + escape(String(chars[(i + 1)..<close])) + "</code>"
                i = close + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*", let close = find(["*", "*"], from: i + 2), close > i + 2 {
                out += "<strong>" + inline(String(chars[(i + 2)..<close])) + "</strong>"
                i = close + 2
            } else if c == "*", i + 1 < chars.count, chars[i + 1] != " ", let close = find(["*"], from: i + 1), close > i + 1 {
                out += "<em>" + inline(String(chars[(i + 1)..<close])) + "</em>"
                i = close + 1
            } else if c == "[", let middle = find(["]", "("], from: i + 1), let close = find([")"], from: middle + 2) {
                out += inline(String(chars[(i + 1)..<middle]))
                i = close + 1
            } else {
                out += escape(String(c))
                i += 1
            }
        }
        chars = []
        return out
    }

    /// Text made safe inside HTML elements and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
