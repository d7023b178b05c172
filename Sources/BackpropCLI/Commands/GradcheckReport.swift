import Explainer

/// The report of `gradcheck` and `mnist gradcheck`, written the same way by both.
enum GradcheckReport {
    /// Writes `report`: as JSON with `json` (--json); else `heading`, the table of checked entries, the
    /// summary and `footer`. Returns the exit code the report calls for.
    static func write(
        _ report: GradientCheckReport, heading: [String], footer: (CheckText) -> [String] = { _ in [] },
        ascii: Bool, json: Bool, to invocation: Invocation
    ) -> Int32 {
        let writer = CheckText(text: TensorText(notation: ascii ? .ascii : .unicode))
        if json {
            invocation.out.line(writer.json(report).serialized(pretty: true))
            return report.exitCode
        }
        for line in heading { invocation.out.line(line) }
        invocation.out.line()
        for line in writer.table(report) { invocation.out.line(line) }
        invocation.out.line()
        for line in writer.summary(report) { invocation.out.line(line) }
        for line in footer(writer) { invocation.out.line(line) }
        return report.exitCode
    }
}
