/// A JSON value with ordered object keys, for the tool's machine-readable outputs (traces,
/// reports, checkpoints' headers). Numbers are written in the shortest form that reads back
/// to the same Double; NaN and infinities, which JSON numbers cannot hold, are written as the
/// strings "NaN", "Infinity" and "-Infinity" (Python's json module's spellings, quoted so that
/// the text stays JSON), apart from each other and from null (nothing there). `parse` reads
/// such text back (JSONParser.swift).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// The number a value holds: a number, an integer, or one of the strings "NaN", "Infinity"
    /// and "-Infinity" that non-finite numbers are written as; nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .number(let x): x
        case .integer(let n): Double(n)
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        default: nil
        }
    }

    /// Compact JSON text; with `pretty`, objects one key per line, arrays of numbers on one line.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let x):
            if !x.isFinite {
                out += x.isNaN ? "\"NaN\"" : x > 0 ? "\"Infinity\"" : "\"-Infinity\""
            } else {
                out += NumberFormat.shortest(x)
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            let simple = items.allSatisfy { if case .array = $0 { false } else if case .object = $0 { false } else { true } }
            if !pretty || simple || items.isEmpty {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += pretty ? ", " : "," }
                    item.write(to: &out, pretty: pretty, indent: indent)
                }
                out += "]"
            } else {
                out += "[\n"
                for (i, item) in items.enumerated() {
                    out += String(repeating: " ", count: indent + 2)
                    item.write(to: &out, pretty: pretty, indent: indent + 2)
                    out += i == items.count - 1 ? "\n" : ",\n"
                }
                out += String(repeating: " ", count: indent) + "]"
            }
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += pretty ? "{\n" : "{"
            for (i, (key, value)) in members.enumerated() {
                if pretty { out += String(repeating: " ", count: indent + 2) }
                JSONValue.writeString(key, to: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, pretty: pretty, indent: indent + 2)
                if i < members.count - 1 { out += "," }
                if pretty { out += "\n" }
            }
            if pretty { out += String(repeating: " ", count: indent) }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
