import Explainer
import Support

/// The report of `gradcheck` and `mnist gradcheck`, written the same way by both.
enum GradcheckReport {
    /// Writes `report`: as JSON with `json` (--json, every entry); else `heading`, one line per
    /// gradient and the entries that are not PASS (every entry with `full`), the verdict and
    /// `footer`, numbers with `digits` significant digits. Returns the exit code the report calls for.
    static func write(
        _ report: GradientCheckReport, heading: [String], footer: (CheckText) -> [String] = { _ in [] },
        ascii: Bool, json: Bool, full: Bool, digits: Int = 6, to invocation: Invocation
    ) -> Int32 {
        var writer = CheckText(text: TensorText(digits: digits, notation: ascii ? .ascii : .unicode), full: full)
        let width = invocation.console.layoutWidth
        writer.width = width
        if json {
            invocation.out.line(writer.json(report).serialized(pretty: true))
            return report.exitCode
        }
        for line in TextWrap.fit(heading, width: width) { invocation.out.line(line) }
        invocation.out.line()
        for line in TextWrap.fit(writer.lines(report) + footer(writer), width: width) { invocation.out.line(line) }
        return report.exitCode
    }
}
