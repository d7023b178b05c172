import Foundation

/// Messages are one line: a file or tensor name read from input can never split a message or
/// drive the terminal.
public enum MessageText {
    /// `text` on one line: every line break and other control character (CR, LF, CRLF, tab,
    /// escape, NEL, the Unicode line and paragraph separators) becomes one space.
    public static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            if control {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = scalar == " "
            }
        }
        return String(out)
    }

    /// `text` on one line for the terminal: its lines, trimmed of spaces and tabs, joined by one
    /// space, and any other control character quoted from the input (a NUL byte, an escape
    /// sequence) written as an escape: `\0`, `\u{1B}`.
    public static func oneLineEscaped(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return escapingControlCharacters(line)
    }

    /// `text` with control characters written as escapes (`\0`, `\t`, `\n`, `\r`, `\u{1B}`), so
    /// that a message quoting the input stays one line and cannot drive the terminal.
    public static func escapingControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\0": result += "\\0"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
