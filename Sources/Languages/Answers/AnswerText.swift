import Engine
import Support

extension AnswerReport {
    /// The report as `backprop check` prints it: one line per stated gradient from the loss
    /// back (`dW2  (2×2)  WRONG (max diff 0.41, 3 of 4 entries)`), the entries furthest off of
    /// each wrong one beside the backward pass and the finite difference, the hint, and a summary.
    /// Numbers have `digits` significant digits; lines fit `width` (nil: any).
    public func lines(digits: Int = 6, width: Int? = nil) -> [String] {
        func n(_ x: Double) -> String { x.isFinite ? NumberFormat.significant(x, digits: digits) : Trace.number(x) }
        func fit(_ text: String, hanging: Int = 2) -> [String] {
            guard let width else { return [text] }
            return TextWrap.wrap(text, width: width, hanging: hanging)
        }
        var out: [String] = []
        guard !answers.isEmpty else {
            return fit("\(file) states no gradients: write your own as 'grad NAME = EXPRESSION' (or 'grad NAME = ?' to answer later)")
        }
        out += fit("Stated gradients of \(file), from the loss back:")
        let rows = answers.map { answer -> [String] in
            var verdict = answer.verdict.text
            if !answer.substituted.isEmpty {
                verdict += " (with the right " + answer.substituted.map { "d" + $0 }.joined(separator: ", ") + ", not answered yet)"
            }
            if !answer.followsFrom.isEmpty {
                let upstream = answer.followsFrom.map { "d" + $0 }
                verdict += ", because " + upstream.joined(separator: ", ") + (upstream.count == 1 ? " is wrong" : " are wrong")
            }
            return [answer.gradientName, answer.shape.description, verdict]
        }
        for line in TextColumns(header: ["", "", ""], rows: rows).columnLines().dropFirst() {
            out += fit("  " + line, hanging: 4)
        }
        for answer in answers where !answer.worst.isEmpty && answer.followsFrom.isEmpty {
            out.append("")
            out += fit("\(answer.gradientName), the \(answer.worst.count == 1 ? "entry" : "entries") furthest off:")
            let table = TextColumns(
                header: ["entry", "stated", "backward", "numeric"],
                rows: answer.worst.map { [$0.place, n($0.stated), n($0.backward), $0.numeric.map(n) ?? "-"] },
                rightAligned: [1, 2, 3])
            out += table.lines(width: width.map { $0 - 2 }).map { "  " + $0 }
        }
        if let hint {
            out.append("")
            out += fit("Hint: " + hint.text, hanging: 6)
        }
        let broken = answers.filter { answer in
            // The finite differences confirm the backward pass; a disagreement is the tool's fault.
            answer.numericError > 1e-4 && !answer.numeric.isEmpty
        }
        for answer in broken {
            out += fit(
                "Note: the backward pass and the finite differences of \(answer.gradientName) disagree (relative "
                    + "\(NumberFormat.significant(answer.numericError, digits: 2))), at a kink or by rounding")
        }
        if allRight {
            out.append("")
            out += fit(answers.count == 1 ? "The stated gradient is right." : "All \(answers.count) stated gradients are right.")
        }
        return out
    }

    /// `3 of 8 stated gradients are not right yet: dW2 (wrong), db2 (shape), dh (not answered)`,
    /// or nil when all are right: what `backprop check` writes as its failure.
    public var notRightSummary: String? {
        guard !allRight else { return nil }
        let items = notRight.map { "\($0.gradientName) (\($0.verdict.word))" }.joined(separator: ", ")
        return "\(notRight.count) of \(answers.count) stated gradients \(notRight.count == 1 ? "is" : "are") not right yet: \(items)"
    }
}
