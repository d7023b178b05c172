import Support
import Testing

@Suite("Text fitted to a width") struct TextLayoutTests {
    @Test func aLineThatFitsIsKeptAsItIs() {
        #expect(TextWrap.wrap("    a  b   c", width: 12) == ["    a  b   c"])
    }

    @Test func wrapsBetweenTokensAndKeepsTheIndentationWithAHangingIndent() {
        let line = "    dz2 = dout ⊙ σ'(z2) = [[0.741365, -0.217072]] ⊙ [[0.186816, 0.175510]]"
        let lines = TextWrap.wrap(line, width: 40)
        #expect(lines == [
            "    dz2 = dout ⊙ σ'(z2) = [[0.741365,",
            "        -0.217072]] ⊙ [[0.186816,",
            "        0.175510]]",
        ])
        #expect(lines.allSatisfy { $0.count <= 40 })
        // Nothing is lost or changed but the spaces at the breaks.
        #expect(lines.map { $0.split(separator: " ").joined(separator: " ") }.joined(separator: " ")
            == line.split(separator: " ").joined(separator: " "))
    }

    @Test func proseHasNoHangingIndentAndAQuoteHangsUnderItsText() {
        #expect(TextWrap.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(TextWrap.wrap("> one two three", width: 9) == ["> one two", "  three"])
        #expect(TextWrap.wrap("  one two three", width: 9, hanging: 1) == ["  one two", "   three"])
    }

    @Test func aTokenLongerThanTheWidthStandsAloneOnItsLine() {
        let lines = TextWrap.wrap("  x = [[0.123456789,0.123456789]] + y", width: 16)
        #expect(lines == ["  x =", "      [[0.123456789,0.123456789]]", "      + y"])
        #expect(TextWrap.wrap("abcdefghijkl", width: 5) == ["abcdefghijkl"])
    }

    @Test func fittingTextKeepsItsEmptyLinesAndFinalNewline() {
        #expect(TextWrap.fit(text: "a b c\n\nd\n", width: 3) == "a b\nc\n\nd\n")
        #expect(TextWrap.fit(["aa bb", "", "cc"], width: 2) == ["aa", "bb", "", "cc"])
    }

    @Test func textOfSeveralLinesWrapsLineByLine() {
        // The hanging indent never takes more than half the width.
        #expect(TextWrap.wrap("  a b c\nd e", width: 4) == ["  a", "  b", "  c", "d e"])
    }

    @Test func proseIsReflowedOnlyWhereAParagraphDoesNotFit() {
        let lines = ["# Title that is long", "one two", "three four five", "", "six", "- a list item", "    code line"]
        #expect(TextWrap.reflow(lines, width: 20) == lines)
        #expect(TextWrap.reflow(lines, width: 10) == [
            "# Title that is long", "one two", "three four", "five", "", "six", "- a list item", "    code", "    line",
        ])
    }

    @Test func aTableThatFitsIsInColumns() {
        let table = TextColumns(header: ["gradient", "rel. error", "status"], rows: [["dW1", "<1e-9", "PASS"], ["db", "0", "KINK"]],
                                rightAligned: [1])
        let columns = ["gradient  rel. error  status", "dW1            <1e-9  PASS", "db                 0  KINK"]
        #expect(table.lines(width: 28) == columns)
        #expect(table.lines(width: nil) == columns)
        // With the indentation it is printed at, it no longer fits.
        #expect(table.lines(width: 28, indent: 1).first == "gradient:   dW1")
    }

    @Test func aTableTooWideIsStackedOneBlockPerRow() {
        let table = TextColumns(header: ["gradient", "rel. error", "status"], rows: [["dW1", "<1e-9", "PASS"], ["db", "", "KINK"]],
                                rightAligned: [1])
        #expect(table.lines(width: 20) == [
            "gradient:   dW1",
            "rel. error: <1e-9",
            "status:     PASS",
            "",
            "gradient:   db",
            "status:     KINK",
        ])
        // A value too long for the width wraps under itself.
        let wide = TextColumns(header: ["name", "value"], rows: [["x", "[1, 2, 3, 4, 5, 6]"]])
        #expect(wide.lines(width: 16) == ["name:  x", "value: [1, 2, 3,", "       4, 5, 6]"])
    }
}
