import Engine
import Testing

@testable import Training

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

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
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }
}
