import Foundation

/// Numbers as people read them in traces, tables, reports and messages, every style in one
/// place so that the same number is written the same way everywhere (and identically across
/// machines).
public enum NumberFormat {
    /// `x` with `digits` significant digits in the C `%g` style: `0.731059`, `-1.5e-07`, `42`;
    /// `0` for either zero, `nan`, `inf`, `-inf`.
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        return String(format: "%.\(digits)g", x)
    }

    /// A number in a report line (a loss, an accuracy, a probability, a fitted weight): four
    /// significant digits, `0.3083`, `0.9128`, `2.5e-05`.
    public static func brief(_ x: Double) -> String { significant(x, digits: 4) }

    /// A short spelling for constants inside formulas: `2`, `0.5`, `0.001`, `1e-07` (whole
    /// numbers without `.0`, others with 10 significant digits).
    public static func compact(_ x: Double) -> String {
        if let whole = wholeNumber(x) { return whole }
        return significant(x, digits: 10)
    }

    /// The shortest text that reads back as the same Double, without a needless `.0`: `32`,
    /// `0.001`, `-2.5`, `1e-07`; `NaN`, `infinity` and `-infinity` for the others.
    public static func shortest(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "infinity" : "-infinity" }
        return wholeNumber(x) ?? "\(x)"
    }

    /// `x` with exactly `digits` decimals, rounded half away from zero: `1.250`, `-0.5`, `12`
    /// (no sign for what rounds to zero); not-finite numbers, and numbers whose digits would pass
    /// 1e18, as Swift writes them (`nan`, `inf`, `1e+20`).
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        // Past 1e18 the digits do not fit an Int (and decimals mean nothing): as Swift writes it.
        guard abs(x) * scale < 1e18 else { return "\(x)" }
        let rounded = (abs(x) * scale).rounded()
        let whole = Int(rounded / scale)
        var text = String(whole)
        if digits > 0 {
            let fraction = Int(rounded - Double(whole) * scale)
            let digitsText = String(fraction)
            text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
        }
        return (x < 0 && rounded != 0 ? "-" : "") + text
    }

    /// A fraction as a percentage with two decimals: `97.25%`.
    public static func percent(_ x: Double) -> String { fixed(x * 100, 2) + "%" }

    /// `x` without `.0` when it is a whole number a 64-bit integer writes exactly, else nil.
    private static func wholeNumber(_ x: Double) -> String? {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : nil
    }
}
