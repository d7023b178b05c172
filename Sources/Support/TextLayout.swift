/// Fitting text to a width (the console decides the width; this only lays text out in it).
///
/// Widths count characters, which is right for the text this tool prints (no wide CJK glyphs).
public enum TextWrap {
    /// `line` as lines of at most `width` columns, broken between tokens (at spaces): the first
    /// line keeps the line's own indentation, the others have that indentation plus `hanging`
    /// spaces. A token longer than the room left stands alone on its line. A line that fits is
    /// returned as it is; runs of spaces inside a line are kept, except where the line breaks.
    ///
    /// Without `hanging`, the hanging indent is the one that reads best: none for an unindented
    /// line (prose), 2 for a quote (`> `), 4 for an indented line (a formula, a step's output).
    public static func wrap(_ line: String, width: Int, hanging: Int? = nil) -> [String] {
        guard line.count > width else { return [line] }
        // Text of several lines: each on its own.
        if line.contains("\n") {
            return line.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
                wrap(String($0), width: width, hanging: hanging)
            }
        }
        let indentCount = line.prefix { $0 == " " }.count
        let hanging = hanging ?? (line.hasPrefix("> ") ? 2 : indentCount == 0 ? 0 : 4)
        // The hanging indent never takes more than half the width.
        let continuationCount = max(indentCount, min(indentCount + hanging, width / 2))
        let continuation = String(repeating: " ", count: continuationCount)

        var lines: [String] = []
        var current = String(repeating: " ", count: indentCount)
        var currentWidth = indentCount
        var lineHasToken = false
        for (gap, token) in tokens(line.dropFirst(indentCount)) {
            if lineHasToken && currentWidth + gap + token.count > width {
                lines.append(current)
                current = continuation
                currentWidth = continuationCount
                lineHasToken = false
            }
            if lineHasToken {
                current += String(repeating: " ", count: gap)
                currentWidth += gap
            }
            current += token
            currentWidth += token.count
            lineHasToken = true
        }
        if lineHasToken || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Every line of `lines` wrapped (see `wrap(_:width:hanging:)`).
    public static func fit(_ lines: [String], width: Int, hanging: Int? = nil) -> [String] {
        lines.flatMap { wrap($0, width: width, hanging: hanging) }
    }

    /// Every line of `text` wrapped; a final newline stays a final newline.
    public static func fit(text: String, width: Int, hanging: Int? = nil) -> String {
        let endsWithNewline = text.hasSuffix("\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if endsWithNewline { lines.removeLast() }
        return fit(lines, width: width, hanging: hanging).joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// Prose: each paragraph (a run of non-empty lines of one indentation, none of which starts a
    /// heading, a quote, a list item, a table row or a code fence) that has a line wider than
    /// `width` is joined and wrapped again, with its indentation; other lines are kept as they are.
    public static func reflow(_ lines: [String], width: Int) -> [String] {
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        func isBlock(_ line: String) -> Bool {
            let text = line.drop { $0 == " " }
            return text.isEmpty || ["#", ">", "- ", "* ", "|", "```"].contains { text.hasPrefix($0) }
        }
        var result: [String] = []
        var paragraph: [String] = []
        func finish() {
            if paragraph.contains(where: { $0.count > width }) {
                let joined = String(repeating: " ", count: indent(paragraph[0]))
                    + paragraph.map { $0.drop { $0 == " " } }.joined(separator: " ")
                result += wrap(joined, width: width, hanging: 0)
            } else {
                result += paragraph
            }
            paragraph = []
        }
        for line in lines {
            if isBlock(line) {
                finish()
                result.append(line)
            } else {
                if let first = paragraph.first, indent(first) != indent(line) { finish() }
                paragraph.append(line)
            }
        }
        finish()
        return result
    }

    /// The tokens of `text` with the number of spaces before each.
    private static func tokens(_ text: Substring) -> [(gap: Int, token: Substring)] {
        var result: [(gap: Int, token: Substring)] = []
        var gap = 0
        var start: Substring.Index?
        for index in text.indices {
            if text[index] == " " {
                if let first = start {
                    result.append((gap, text[first..<index]))
                    start = nil
                    gap = 0
                }
                gap += 1
            } else if start == nil {
                start = index
            }
        }
        if let first = start { result.append((gap, text[first...])) }
        return result
    }
}

/// A table of text: in columns two spaces apart when it fits the width, else stacked, one block
/// per row of `name: value` lines (names from the header), blocks apart by an empty line.
public struct TextColumns: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose cells are right-aligned (numbers); the others are left-aligned.
    public var rightAligned: Set<Int>

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The table in columns if its widest line (plus `indent`) fits `width` (nil: any width),
    /// else stacked.
    public func lines(width: Int?, indent: Int = 0) -> [String] {
        let columns = columnLines()
        guard let width, (columns.map(\.count).max() ?? 0) + indent > width else { return columns }
        return stackedLines(width: width - indent)
    }

    /// The header and rows in columns two spaces apart, the last column not padded.
    public func columnLines() -> [String] {
        let all = [header] + rows
        let count = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in all {
            for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
        }
        return all.map { row in
            var line = ""
            for (j, cell) in row.enumerated() {
                let fill = String(repeating: " ", count: widths[j] - cell.count)
                if j > 0 { line += "  " }
                line += rightAligned.contains(j) ? fill + cell : (j == row.count - 1 ? cell : cell + fill)
            }
            return line
        }
    }

    /// One block per row: `name: value` lines, the values lined up (a cell of a column without a
    /// name on a line of its own); a value too long for the width wraps between tokens under
    /// itself.
    public func stackedLines(width: Int) -> [String] {
        let nameWidth = (header.map(\.count).max() ?? 0) + 1
        var lines: [String] = []
        for (k, row) in rows.enumerated() {
            if k > 0 { lines.append("") }
            for (j, cell) in row.enumerated() where !cell.isEmpty {
                let title = j < header.count ? header[j] : ""
                // A column without a name (row labels) heads its block.
                if title.isEmpty {
                    lines += TextWrap.wrap(cell, width: width)
                    continue
                }
                let name = title + ":"
                let lead = name + String(repeating: " ", count: nameWidth - name.count + 1)
                let wrapped = TextWrap.wrap(
                    String(repeating: " ", count: lead.count) + cell, width: max(width, lead.count + 1), hanging: 0)
                lines.append(lead + wrapped[0].dropFirst(lead.count))
                lines += wrapped.dropFirst()
            }
        }
        return lines
    }
}
