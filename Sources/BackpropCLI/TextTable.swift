import Support

/// Lines up rows of text in columns, for commands that print tables (`mnist info`, a trace):
///
///     var table = TextTable(header: ["node", "value", "grad"], alignments: [.left, .right, .right])
///     table.append(["z1", "0.3775", "0.0088"])
///     for line in table.lines() { invocation.out.line(line) }
///
/// Columns are separated by two spaces; the header is underlined with dashes; no line has trailing
/// spaces. Widths count characters, which is right for the text this tool prints.
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left, right
    }

    public var header: [String]?
    public var alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    public init(header: [String]? = nil, alignments: [Alignment] = []) {
        self.header = header
        self.alignments = alignments
    }

    /// Adds a row. Rows may have different lengths; missing cells are empty.
    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table in columns when it fits `width` (nil: any width), else stacked: one block of
    /// `name: value` lines per row, named by the header.
    public func lines(width: Int?) -> [String] {
        let columns = lines()
        guard let width, let header, columns.contains(where: { $0.count > width }) else { return columns }
        let right = Set(alignments.indices.filter { alignments[$0] == .right })
        return TextColumns(header: header, rows: rows, rightAligned: right).stackedLines(width: width)
    }

    public func lines() -> [String] {
        let all = (header.map { [$0] } ?? []) + rows
        let columnCount = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columnCount)
        for row in all {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func render(_ row: [String]) -> String {
            var cells: [String] = []
            for column in 0..<columnCount {
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let alignment = column < alignments.count ? alignments[column] : .left
                cells.append(alignment == .left ? cell + padding : padding + cell)
            }
            return cells.joined(separator: "  ").trailingSpacesRemoved
        }
        var lines: [String] = []
        if let header {
            lines.append(render(header))
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        lines += rows.map(render)
        return lines
    }
}
