import Engine
import Foundation
import Support

/// A gradient check written for people (a table and a summary) and for programs (JSON).
///
/// By default a check is one line per gradient (entries checked, worst relative error, how many
/// entries had each status) and then only the entries that are not PASS; with `full`, every
/// entry. Relative errors are printed as the power of ten they are below (`<1e-9`): the exact
/// digits of an error near machine precision vary with the math library, the bound does not.
public struct CheckText: Sendable {
    public var text: TensorText
    /// Every entry in a table, not only those that are not PASS.
    public var full: Bool
    /// The columns a table may take; a wider one is stacked, one block of `name: value` lines
    /// per row (nil: any width).
    public var width: Int?

    public init(text: TensorText = TensorText(), full: Bool = false) {
        self.text = text
        self.full = full
    }

    private var notation: Notation { text.notation }

    /// `<1e-9`, `0`, `3.2e-3` style bounds: the smallest power of ten above the error.
    public static func errorBound(_ error: Double) -> String {
        if error == 0 { return "0" }
        if !error.isFinite { return "inf" }
        let exponent = Int(Foundation.floor(Foundation.log10(error))) + 1
        return "<1e\(exponent)"
    }

    /// The check for people, without its verdict: with `full`, every entry, then one line per
    /// gradient; else one line per gradient, then the entries that are not PASS (if any). When
    /// every gradient had one entry checked, its row in the table of entries is its line, with
    /// the numbers: that table alone.
    public func body(_ report: GradientCheckReport) -> [String] {
        let perNode = Dictionary(grouping: report.entries, by: \.node)
        if perNode.values.allSatisfy({ $0.count == 1 }) { return table(report) }
        if full { return table(report) + [""] + gradientLines(report) }
        let attention = report.entries.filter { $0.status != .pass }
        guard !attention.isEmpty else { return gradientLines(report) }
        return gradientLines(report) + ["", "Entries that are not PASS:"] + table(report, entries: attention)
    }

    /// The body, a blank line and the verdict.
    public func lines(_ report: GradientCheckReport) -> [String] {
        body(report) + [""] + verdictLines(report)
    }

    /// One row per entry (of `entries`, by default all of the report's): node, entry, the three
    /// witnesses, relative error and status.
    public func table(_ report: GradientCheckReport, entries: [CheckedEntry]? = nil) -> [String] {
        let header = ["gradient", "entry", "derivation", "backward", "numeric", "rel. error", "status"]
        var rows: [[String]] = []
        for e in entries ?? report.entries {
            rows.append([
                Trace.gradientName(e.name), e.position, text.number(e.derived), text.number(e.backward), text.number(e.numeric),
                Self.errorBound(e.status == .kink ? e.numericError : e.relativeError), e.status.rawValue,
            ])
        }
        return aligned([header] + rows, rightAligned: [2, 3, 4, 5])
    }

    /// Per node: entries checked, worst relative error, how many entries had each status, status;
    /// then one line for everything.
    public func summary(_ report: GradientCheckReport) -> [String] {
        gradientLines(report) + verdictLines(report)
    }

    /// One line per node: shape, entries checked, worst relative error, the count of each status
    /// met (`10 PASS, 2 KINK`), and the node's status.
    public func gradientLines(_ report: GradientCheckReport) -> [String] {
        var rows: [[String]] = [["gradient", "shape", "checked", "worst rel. error", "entries", "status"]]
        for node in report.nodes {
            let entries = report.entries.filter { $0.node == node.id }
            let checked = entries.count
            let shape = entries.first.map { shapeText($0.shape) } ?? ""
            let counts = CheckStatus.allCases.compactMap { status -> String? in
                let n = entries.count { $0.status == status }
                return n == 0 ? nil : "\(n) \(status.rawValue)"
            }
            rows.append([
                Trace.gradientName(node.name), shape, checked == node.count ? "\(checked)" : "\(checked) of \(node.count)",
                Self.errorBound(report.worstError(of: node.id)), counts.joined(separator: ", "),
                report.status(of: node.id).rawValue,
            ])
        }
        return aligned(rows, rightAligned: [2, 3])
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

    /// Rows of cells in columns two spaces apart, numbers right-aligned; stacked when wider than
    /// `width`. The first row is the header.
    func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let header = rows.first else { return [] }
        let table = TextColumns(header: header, rows: Array(rows.dropFirst()), rightAligned: rightAligned)
        return table.lines(width: width).map(notation.write)
    }
}
