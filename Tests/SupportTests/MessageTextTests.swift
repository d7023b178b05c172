import Support
import Testing

@Suite struct MessageTextTests {
    @Test func oneLineTurnsEveryControlRunIntoOneSpace() {
        #expect(MessageText.oneLine("a\r\nb\tc\u{1B}[0m\u{85}d\u{2028}e") == "a b c [0m d e")
        #expect(MessageText.oneLine("x: \ny") == "x: y")
        #expect(MessageText.oneLine("plain −·× text") == "plain −·× text")
    }

    @Test func oneLineEscapedJoinsLinesAndEscapesTheRest() {
        #expect(MessageText.oneLineEscaped("first  \n  second\r\nthird") == "first second third")
        #expect(MessageText.oneLineEscaped("a\0b\u{1B}[31m") == "a\\0b\\u{1B}[31m")
    }

    @Test func escapesAreTheSwiftSpellings() {
        #expect(MessageText.escapingControlCharacters("a\0b\u{1B}[31mc\td\ne\r") == "a\\0b\\u{1B}[31mc\\td\\ne\\r")
        #expect(MessageText.escapingControlCharacters("\u{85}\u{2028}\u{7F}") == "\\u{85}\\u{2028}\\u{7F}")
    }
}
