extension JSONValue {
    /// JSON text read into a value (object keys keep their order), e.g. checkpoint headers.
    /// Strict RFC 8259: one value, no trailing commas, no comments; a problem is reported with
    /// its byte offset. The strings "NaN", "Infinity" and "-Infinity" that the writer gives
    /// non-finite numbers stay strings (`doubleValue` reads them as numbers).
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// The members of an object, nil for anything else.
    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

/// Text that is not JSON: what is wrong and where.
public struct JSONParseError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    /// The byte of the text where the problem was found, from 0.
    public let offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// A recursive-descent reader of JSON bytes, nesting at most `maximumDepth` deep.
private struct JSONParser {
    typealias Failure = JSONParseError

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private static let maximumDepth = 64

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    private func failure(_ message: String) -> Failure { Failure(message: message, offset: index) }

    private mutating func skipSpace() {
        // Space, tab, LF and CR: CRLF and CR line ends are whitespace like LF.
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of the JSON text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected \(JSONParser.describe(bytes[index]))")
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(word)'") }
            index += 1
        }
        return value
    }

    private mutating func nested() throws(Failure) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else { throw failure("nesting deeper than \(JSONParser.maximumDepth)") }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        .object(
            try JSONParser.elements(of: &self, closedBy: UInt8(ascii: "}"), in: "an object") { parser throws(Failure) in
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else {
                    throw parser.failure("expected a string key")
                }
                let key = try parser.string()
                parser.skipSpace()
                try parser.expect(UInt8(ascii: ":"), "':' after a key")
                parser.skipSpace()
                return (key, try parser.value())
            })
    }

    private mutating func array() throws(Failure) -> JSONValue {
        .array(try JSONParser.elements(of: &self, closedBy: UInt8(ascii: "]"), in: "an array") { parser throws(Failure) in try parser.value() })
    }

    /// The elements of an object or array whose opening bracket is at the parser's index: each
    /// read by `element`, separated by commas, up to `close`.
    private static func elements<Element>(
        of parser: inout JSONParser, closedBy close: UInt8, in what: String,
        _ element: (inout JSONParser) throws(Failure) -> Element
    ) throws(Failure) -> [Element] {
        try parser.nested()
        parser.index += 1
        var elements: [Element] = []
        parser.skipSpace()
        if parser.index < parser.bytes.count, parser.bytes[parser.index] == close {
            parser.index += 1
            parser.depth -= 1
            return elements
        }
        while true {
            parser.skipSpace()
            elements.append(try element(&parser))
            parser.skipSpace()
            guard parser.index < parser.bytes.count else { throw parser.failure("unexpected end inside \(what)") }
            if parser.bytes[parser.index] == UInt8(ascii: ",") {
                parser.index += 1
                continue
            }
            try parser.expect(close, "',' or '\(Character(Unicode.Scalar(close)))' in \(what)")
            parser.depth -= 1
            return elements
        }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // the opening quote
        var scalars = String.UnicodeScalarView()
        var start = index
        func flush(_ end: Int) throws(Failure) {
            guard start < end else { return }
            guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
                throw Failure(message: "a string is not valid UTF-8", offset: start)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("a control character inside a string") }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            try flush(index)
            index += 1
            guard index < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw failure("a lone high surrogate in a \\u escape") }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("a bad low surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("\\u escape is not a character") }
                scalars.append(scalar)
            default:
                throw failure("unknown escape '\\' followed by \(JSONParser.describe(escape))")
            }
            start = index
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            code = code * 16 + digit
            index += 1
        }
        return code
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let first = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - first
        }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("a number needs digits") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            throw Failure(message: "a number with a leading zero", offset: integerStart)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw failure("a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure("a number needs digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let n = Int(text) { return .integer(n) }
        // An integer beyond Int is kept as a Double; one beyond Double (1e999) is an error,
        // never an infinity.
        guard let x = Double(text), x.isFinite else { throw Failure(message: "a number out of range", offset: start) }
        return .number(x)
    }

    /// A byte for a message: `character 'x'` when printable ASCII, else `byte 0x0B`.
    static func describe(_ byte: UInt8) -> String {
        if (0x21...0x7E).contains(byte) { return "character '\(Character(Unicode.Scalar(byte)))'" }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (digits.count == 1 ? "0" : "") + digits
    }
}
