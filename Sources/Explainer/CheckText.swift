import Engine
import Foundation
import Support

/// A gradient check written for people (a table and a summary) and for programs (JSON).
///
/// Relative errors are printed as the power of ten they are below (`<1e-9`): the exact digits
/// of an error near machine precision vary with the math library, the bound does not.
public struct CheckText: Sendable {
    public var text: TensorText

    public init(text: TensorText = TensorText()) { self.text = text }

    private var notation: Notation { text.notation }

    /// `<1e-9`, `0`, `3.2e-3` style bounds: the smallest power of ten above the error.
    public static func errorBound(_ error: Double) -> String {
        if error == 0 { return "0" }
        if !error.isFinite { return "inf" }
        let exponent = Int(Foundation.floor(Foundation.log10(error))) + 1
        return "<1e\(exponent)"
    }

    /// One row per entry: node, entry, the three witnesses, relative error and status.
    public func table(_ report: GradientCheckReport) -> [String] {
        let header = ["gradient", "entry", "derivation", "backward", "numeric", "rel. error", "status"]
        var rows: [[String]] = []
        for e in report.entries {
            rows.append([
                Trace.gradientName(e.name), e.position, text.number(e.derived), text.number(e.backward), text.number(e.numeric),
                Self.errorBound(e.status == .kink ? e.numericError : e.relativeError), e.status.rawValue,
            ])
        }
        return aligned([header] + rows, rightAligned: [2, 3, 4, 5])
    }

    /// Per node: entries checked, worst relative error, status; then one line for everything.
    public func summary(_ report: GradientCheckReport) -> [String] {
        var rows: [[String]] = [["gradient", "shape", "checked", "worst rel. error", "status"]]
        for node in report.nodes {
            let checked = report.entries.count { $0.node == node.id }
            let shape = report.entries.first { $0.node == node.id }.map { shapeText($0.shape) } ?? ""
            rows.append([
                Trace.gradientName(node.name), shape, checked == node.count ? "\(checked)" : "\(checked) of \(node.count)",
                Self.errorBound(report.worstError(of: node.id)), report.status(of: node.id).rawValue,
            ])
        }
        var out = aligned(rows, rightAligned: [2, 3])
        out += verdictLines(report)
        return out
    }

    /// `check: 16 entries, worst relative error <1e-9 (h = 1e-05): PASS`; when a NaN or an
    /// infinity was met, a second line (after a line break) says where it appeared first.
    public func verdict(_ report: GradientCheckReport) -> String {
        verdictLines(report).joined(separator: "\n")
    }

    /// The verdict, and where the first NaN or infinity appeared when one did.
    public func verdictLines(_ report: GradientCheckReport) -> [String] {
        let kinks = report.kinkCount
        let counts = CheckStatus.allCases.filter { $0 != .pass }.compactMap { status -> String? in
            let n = report.entries.count { $0.status == status }
            return n == 0 ? nil : "\(n) \(status.rawValue)"
        }
        // No PASS for a check that checked nothing: a learner would read it as a verdict.
        if report.entries.isEmpty && report.nonFinite == nil { return ["check: nothing to check (no parameter takes a gradient)"] }
        var line = "check: \(report.entries.count) entries, worst relative error \(Self.errorBound(report.worstError))"
        if kinks > 0 { line += " (kinks excepted)" }
        line += ", h = \(NumberFormat.significant(report.settings.h, digits: 3))"
        line += ": \(report.status == .kink ? "PASS with KINKs" : report.status.rawValue)"
        if !counts.isEmpty { line += " (" + counts.joined(separator: ", ") + ")" }
        guard let finding = report.nonFinite else { return [line] }
        return [line, notation.write(finding.message)]
    }

    /// For each node of which only some entries were checked, `dW: 100 of 1000000 entries
    /// checked`, then `hint` (how to check them all) when there was any.
    public func samplingNote(_ report: GradientCheckReport, hint: String) -> [String] {
        let sampled = report.sampledNodes
        guard !sampled.isEmpty else { return [] }
        return sampled.map { "\(Trace.gradientName($0.name)): \($0.checked) of \($0.count) entries checked" } + [hint]
    }

    /// The report as JSON: settings, entries and per-node summaries.
    public func json(_ report: GradientCheckReport) -> JSONValue {
        let s = report.settings
        return .object([
            ("settings", .object([
                ("h", .number(s.h)), ("pass", .number(s.pass)), ("warn", .number(s.warn)), ("floor", .number(s.floor)),
                ("samples", s.samples.map { .integer($0) } ?? .null),
                ("sample_above", s.samples == nil ? s.sampleAbove.map { .integer($0) } ?? .null : .null),
                ("rounding_safety", .number(CheckSettings.roundingSafety)),
            ])),
            ("entries", .array(report.entries.map { e in
                .object([
                    ("name", .string(e.name)), ("element", .integer(e.element)),
                    ("index", .array(indexPath(e).map { .integer($0) })),
                    ("derivation", .number(e.derived)), ("backward", .number(e.backward)), ("numeric", .number(e.numeric)),
                    ("allowance", .number(e.allowance)), ("extrapolated", e.extrapolated.map { .number($0) } ?? .null),
                    ("relative_error", .number(e.relativeError)), ("status", .string(e.status.rawValue)),
                ])
            })),
            ("gradients", .array(report.nodes.map { node in
                .object([
                    ("name", .string(node.name)), ("count", .integer(node.count)),
                    ("checked", .integer(report.entries.count { $0.node == node.id })),
                    ("worst_relative_error", .number(report.worstError(of: node.id))),
                    ("status", .string(report.status(of: node.id).rawValue)),
                ])
            })),
            ("worst_relative_error", .number(report.worstError)),
            ("status", .string(report.status.rawValue)),
            ("non_finite", report.nonFinite.map { .string($0.message) } ?? .null),
        ])
    }

    private func indexPath(_ e: CheckedEntry) -> [Int] {
        switch e.shape.rank {
        case 0: []
        case 1: [e.element]
        default: [e.element / e.shape.columns, e.element % e.shape.columns]
        }
    }

    private func shapeText(_ shape: Shape) -> String { notation == .ascii ? shape.asciiDescription : shape.description }

    /// Rows of cells in columns two spaces apart, numbers right-aligned.
    func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (j, cell) in row.enumerated() {
                let fill = String(repeating: " ", count: widths[j] - cell.count)
                if j > 0 { line += "  " }
                line += rightAligned.contains(j) ? fill + cell : (j == row.count - 1 ? cell : cell + fill)
            }
            return notation.write(line)
        }
    }
}
