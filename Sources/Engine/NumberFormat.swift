import Foundation

/// Numbers as people read them in traces, tables and transcripts: a fixed count of significant
/// digits (so output is identical across machines), `-0` written as `0`.
public enum NumberFormat {
    /// `x` with `digits` significant digits in the C `%g` style: `0.731059`, `-1.5e-07`, `42`.
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let text = String(format: "%.\(digits)g", x)
        return text
    }

    /// A short spelling for constants inside formulas: `2`, `0.5`, `0.001`, `1e-07`.
    public static func compact(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return significant(x, digits: 10)
    }

    /// `x` in a field of `width` characters, right-aligned.
    public static func padded(_ x: Double, digits: Int = 6, width: Int) -> String {
        let text = significant(x, digits: digits)
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }
}
