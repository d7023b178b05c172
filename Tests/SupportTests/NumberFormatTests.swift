import Support
import Testing

@Suite struct NumberFormatTests {
    @Test func significantDigitsInTheCStyle() {
        #expect(NumberFormat.significant(0.7310585786) == "0.731059")
        #expect(NumberFormat.significant(-1.5e-7) == "-1.5e-07")
        #expect(NumberFormat.significant(42) == "42")
        #expect(NumberFormat.significant(1234.5678, digits: 4) == "1235")
        #expect(NumberFormat.significant(-0.0) == "0")
        #expect(NumberFormat.brief(0.30834) == "0.3083")
        #expect(NumberFormat.significant(.nan) == "nan")
        #expect(NumberFormat.significant(-.infinity) == "-inf")
    }

    @Test func compactForConstantsInFormulas() {
        #expect(NumberFormat.compact(2) == "2")
        #expect(NumberFormat.compact(0.5) == "0.5")
        #expect(NumberFormat.compact(1e-7) == "1e-07")
        #expect(NumberFormat.compact(1.0 / 3) == "0.3333333333")
        #expect(NumberFormat.compact(1e15) == "1e+15")
    }

    @Test func shortestReadsBackTheSameDouble() {
        #expect(NumberFormat.shortest(32) == "32")
        #expect(NumberFormat.shortest(0.001) == "0.001")
        #expect(NumberFormat.shortest(-2.5) == "-2.5")
        #expect(NumberFormat.shortest(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberFormat.shortest(.nan) == "NaN")
        #expect(NumberFormat.shortest(-.infinity) == "-infinity")
        for x in [1.0 / 3, 6.02e23, -1e-300, 123456.789] { #expect(Double(NumberFormat.shortest(x)) == x) }
    }

    @Test func fixedDecimalsRoundHalfAwayFromZero() {
        #expect(NumberFormat.fixed(1.25, 3) == "1.250")
        #expect(NumberFormat.fixed(2.5, 0) == "3")
        #expect(NumberFormat.fixed(-0.0004, 3) == "0.000")
        #expect(NumberFormat.fixed(-1.06, 1) == "-1.1")
        #expect(NumberFormat.fixed(12.3456, 2) == "12.35")
        #expect(NumberFormat.percent(0.97251) == "97.25%")
        // A loss that blew up is written, not a trap.
        #expect(NumberFormat.fixed(1e20, 4) == "1e+20")
        #expect(NumberFormat.fixed(-3e15, 4) == "-3000000000000000.0")
        #expect(NumberFormat.fixed(123_456_789.5, 4) == "123456789.5000")
    }
}
