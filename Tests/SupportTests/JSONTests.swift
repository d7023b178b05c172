import Engine
import Support
import Testing

@Suite struct JSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func readsWhatTheWriterWritesKeepingKeyOrder() throws {
        let value = JSONValue.object([
            ("z", .integer(-3)), ("a", .array([.number(0.5), .bool(true), .null])),
            ("s", .string("tab\t \"quoted\" é ∂ \u{01}")), ("e", .object([])),
        ])
        #expect(try parse(value.serialized()) == value)
        #expect(try parse(value.serialized(pretty: true)) == value)
    }

    @Test func readsEscapesAndNumbers() throws {
        #expect(try parse(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
        #expect(try parse("1e3") == .number(1000))
        #expect(try parse("-0.25") == .number(-0.25))
        #expect(try parse(" 42 ") == .integer(42))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\u{01}\"", "{} x", "\"\\x\"", "[1 2]"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
    }

    /// Non-finite numbers are written as the strings Python's json module uses, which read back
    /// as those strings and as the numbers through `doubleValue`.
    @Test func nonFiniteNumbersRoundTripAsTheirStrings() throws {
        for (x, text) in [(Double.nan, "\"NaN\""), (.infinity, "\"Infinity\""), (-.infinity, "\"-Infinity\"")] {
            #expect(JSONValue.number(x).serialized() == text)
            let back = try parse(text)
            #expect(back == .string(String(text.dropFirst().dropLast())))
            let number = try #require(back.doubleValue)
            #expect(x.isNaN ? number.isNaN : number == x)
        }
        let array = try parse(JSONValue.array([.number(.nan), .number(-.infinity), .number(2.5)]).serialized())
        #expect(array.serialized() == #"["NaN","-Infinity",2.5]"#)
    }

    /// Random documents (nested arrays and objects of every kind of value, strings with escapes
    /// and non-ASCII, numbers of every size) read back equal, compact and pretty.
    @Test func randomValuesReadBackEqual() throws {
        var random = Random(seed: 20)
        for _ in 0..<500 {
            let value = random.value(depth: 0)
            let compact = value.serialized()
            #expect(try parse(compact) == value, "\(compact)")
            #expect(try parse(compact).serialized() == compact)
            #expect(try parse(value.serialized(pretty: true)) == value)
        }
    }

    /// Whole numbers are written without `.0` and read back as integers; others in the
    /// shortest form that reads back to the same Double.
    @Test func numbersAreWrittenShortest() throws {
        #expect(JSONValue.number(3).serialized() == "3")
        #expect(JSONValue.number(-0.1).serialized() == "-0.1")
        #expect(JSONValue.number(1e-7).serialized() == "1e-07")
        #expect(try parse("3") == .integer(3))
        #expect(try parse("1e-07") == .number(1e-7))
    }
}

/// The JSON parser of safetensors headers: deep nesting, huge numbers, CR and CRLF, truncation,
/// bit flips. Each parse ends in a value or a JSONParseError, quickly.
@Suite struct JSONParserTrustTests {
    func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in try JSONValue.parse(bytes) }
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        for opener in ["[", "{\"a\":"] {
            let text = String(repeating: opener, count: 100_000)
            guard case .failure(let failure) = parse(Array(text.utf8)) else {
                Issue.record("100,000 levels parsed")
                continue
            }
            #expect(failure.description.hasPrefix("nesting deeper than 64"))
        }
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(Array(deepest.utf8)) }
    }

    @Test func hugeNumbersAreFiniteOrAnError() throws {
        #expect(try JSONValue.parse(Array("123456789012345678901234567890".utf8)) == .number(1.2345678901234568e29))
        #expect(try JSONValue.parse(Array("9223372036854775807".utf8)) == .integer(.max))
        for text in ["1e999", "-1e999", "1" + String(repeating: "0", count: 400)] {
            guard case .failure(let failure) = parse(Array(text.utf8)) else {
                Issue.record("\(text.prefix(10))… parsed")
                continue
            }
            #expect(failure.description == "a number out of range at byte 0")
        }
        let long = String(repeating: "7", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(long.utf8)) }
    }

    @Test func crAndCRLFAreWhitespace() throws {
        let expected = JSONValue.object([("a", .array([.integer(1), .integer(2)])), ("b", .string("x"))])
        for end in ["\n", "\r\n", "\r"] {
            let text = "{" + end + "  \"a\": [1," + end + "2]," + end + "\"b\":\"x\"" + end + "}" + end
            #expect(try JSONValue.parse(Array(text.utf8)) == expected)
        }
    }

    @Test func controlBytesAreNamedByCode() {
        guard case .failure(let failure) = parse([0x5B, 0x0B]) else { return }
        #expect(failure.description == "unexpected byte 0x0B at byte 1")
    }

    @Test func everyTruncationAndRandomFlipsEndInAValueOrAFailure() throws {
        let document = JSONValue.object([
            ("__metadata__", .object([("format", .string("backprop-explorer checkpoint 1")), ("h", .string("[{\"epoch\":1}]"))])),
            ("W1", .object([("dtype", .string("F32")), ("shape", .array([.integer(784), .integer(128)])),
                            ("data_offsets", .array([.integer(0), .integer(401408)]))])),
            ("x", .array([.number(-1.5e-7), .bool(true), .null, .string("é\u{1}😀")])),
        ])
        let bytes = Array(document.serialized().utf8)
        #expect(try JSONValue.parse(bytes) == document)
        for length in 0..<bytes.count {
            if case .success = parse(Array(bytes.prefix(length))) {
                Issue.record("a document cut to \(length) bytes parsed")
            }
        }
        var random = Random(seed: 43)
        for _ in 0..<3000 {
            var flipped = bytes
            flipped[random.below(flipped.count)] ^= 1 << UInt8(random.below(8))
            if case .failure(let failure) = parse(flipped) {
                #expect(!failure.description.contains("\n"))
            }
        }
    }
}

/// Random JSON values from a seed.
struct Random {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func string() -> String {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "∂", "😀", "\u{7F}"]
        return (0..<below(8)).map { _ in pieces[below(pieces.count)] }.joined()
    }

    mutating func number() -> Double {
        switch below(4) {
        case 0: Double(Int64(bitPattern: next()) >> 20)
        case 1: Double(below(2001) - 1000) / 8
        case 2: Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF) * (below(2) == 0 ? 1 : -1)
        default: Double(next() >> 11) / Double(1 << 53) * 1e-300
        }
    }

    mutating func value(depth: Int) -> JSONValue {
        let kinds = depth < 4 ? 8 : 6
        switch below(kinds) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .integer(Int(bitPattern: UInt(next())) >> below(64))
        case 3: return .number(number())
        case 4: return .string(string())
        case 5: return .number([Double.nan, .infinity, -.infinity][below(3)])
        case 6: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        default: return .object((0..<below(5)).map { _ in (string(), value(depth: depth + 1)) })
        }
    }
}
