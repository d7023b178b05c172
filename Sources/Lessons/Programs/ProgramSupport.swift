import Engine
import Languages
import Explainer
import Support

extension LessonProgram.Context {
    /// The lesson's network, or an error saying the program needs one.
    func requireNetwork(_ program: String) throws -> Network {
        guard let network else { throw LessonError("program '\(program)' needs a ```network block in the lesson") }
        return network
    }

    /// A number with the lesson's digits.
    func number(_ x: Double) -> String { NumberFormat.significant(x, digits: digits) }

    /// The three-witness check of every derived gradient of `network` at `values`.
    func check(_ network: Network, at values: [String: Tensor<Double>]) throws -> (lines: [String], report: GradientCheckReport) {
        let trace = try network.run(parameterValues: values).trace()
        let computation = Recomputation { shift in
            let run = try network.run(parameterValues: values, backward: false, shift: shift)
            var trace = run.trace()
            trace.lossID = run.loss.id
            return trace
        }
        let checker = GradientChecker(derivation: try Derivation(trace: trace), computation: computation, settings: settings)
        let report = try checker.check(nodes: checker.allDerivedNodes)
        return (checkText.lines(report), report)
    }

    /// Lines of Unicode math in the lesson's notation.
    func write(_ lines: [String]) -> [String] { lines.map(notation.write) }
}

/// Rows of cells in columns two spaces apart, right-aligned after the first; wider than `width`,
/// stacked (one block per row, `name: value` lines named by the first row).
func alignedRows(_ rows: [[String]], width: Int?) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    if let width, let header = rows.first {
        let table = TextColumns(header: header, rows: Array(rows.dropFirst()), rightAligned: Set(1..<max(1, columns)))
        if (table.columnLines().map(\.count).max() ?? 0) > width { return table.stackedLines(width: width) }
    }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
    return rows.map { row in
        row.enumerated().map { j, cell in
            let fill = String(repeating: " ", count: widths[j] - cell.count)
            return j == 0 ? cell + fill : fill + cell
        }.joined(separator: "  ")
    }
}
