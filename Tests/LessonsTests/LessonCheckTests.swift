import Engine
import Explainer
import Foundation
import Lessons
import Support
import Testing

/// A lesson's check confirms the numbers the learner has just read: at the parameters of the
/// derivation shown, with the derived values in its table; and it prints one line per gradient
/// and the entries that need attention, not rows of PASS.
@Suite struct LessonCheckTests {
    /// The rows of the check tables in `lines` for `gradient` at `entry`: the derivation, backward
    /// and numeric columns as printed, in order of appearance.
    static func checkRows(_ lines: [String], gradient: String, entry: String) -> [[String]] {
        lines.compactMap { line in
            let cells = line.split(separator: " ").map(String.init)
            guard cells.count == 7, cells[0] == gradient, cells[1] == entry else { return nil }
            return Array(cells[2...4])
        }
    }

    static func run(_ reference: String, digits: Int? = nil, full: Bool = false) throws -> (lines: [String], outcome: LessonRunner.Outcome) {
        var runner = LessonRunner()
        runner.digits = digits
        runner.full = full
        var lines: [String] = []
        let outcome = try runner.run(try LessonCatalog.resolve(reference), emit: { lines.append($0) })
        return (lines, outcome)
    }

    @Test func lessonOneChecksTheDerivedNumbersThenTheUpdatedOnes() throws {
        let (lines, outcome) = try Self.run("1")
        // At x = 1.5, w = 0.8, b = 0.2, target 2: e = −0.6, dw = 2e·x = −1.8, db = 2e = −1.2;
        // after w, b ← (0.98, 0.32): e = −0.21, dw = −0.63, db = −0.42.
        #expect(Self.checkRows(lines, gradient: "dw", entry: "[0,0]") == [["-1.8", "-1.8", "-1.8"], ["-0.63", "-0.63", "-0.63"]])
        #expect(Self.checkRows(lines, gradient: "db", entry: "[0]") == [["-1.2", "-1.2", "-1.2"], ["-0.42", "-0.42", "-0.42"]])
        #expect(outcome.checks.count == 2)
        let first = try #require(outcome.checks.first?.entries.first { $0.name == "w" })
        #expect(abs(first.derived - -1.8) < 1e-12 && abs(first.numeric - -1.8) < 1e-9)
        let last = try #require(outcome.checks.last?.entries.first { $0.name == "b" })
        #expect(abs(last.derived - -0.42) < 1e-12 && abs(last.numeric - -0.42) < 1e-9)
        // The check comes before the update, whose text follows it.
        let table = try #require(lines.firstIndex { $0.hasPrefix("    dw ") })
        let update = try #require(lines.firstIndex { $0.contains("SGD step") })
        #expect(table < update)
    }

    /// Lesson 2 derives dW2[0,0] = 0.0821670406 (the hand-worked example's ∂E/∂w5, by
    /// δo1·h1 with o1 = σ(w5·h1 + w6·h2 + b2), h = σ(x·W1 + b1)); its first check shows that
    /// number in all three columns with `--digits 9`, and with 6 digits by default.
    @Test func lessonTwoChecksTheDerivedNumbersToNineDigits() throws {
        func σ(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let h1 = σ(0.15 * 0.05 + 0.20 * 0.10 + 0.35), h2 = σ(0.25 * 0.05 + 0.30 * 0.10 + 0.35)
        let o1 = σ(0.40 * h1 + 0.45 * h2 + 0.60)
        let dw5 = (o1 - 0.01) * o1 * (1 - o1) * h1
        #expect(NumberFormat.significant(dw5, digits: 9) == "0.0821670406")

        let (lines, outcome) = try Self.run("2", digits: 9)
        let rows = Self.checkRows(lines, gradient: "dW2", entry: "[0,0]")
        #expect(rows.first == ["0.0821670406", "0.0821670406", "0.0821670406"])
        let entry = try #require(outcome.checks.first?.entries.first { $0.name == "W2" && $0.element == 0 })
        #expect(abs(entry.derived - dw5) < 1e-15 && abs(entry.numeric - dw5) < 1e-11)
        // The closing check is at the updated parameters, where dW2[0,0] is another number.
        let after = try #require(outcome.checks.last?.entries.first { $0.name == "W2" && $0.element == 0 })
        #expect(abs(after.derived - dw5) > 1e-3)

        let sixDigits = Self.checkRows(try Self.run("2").lines, gradient: "dW2", entry: "[0,0]")
        #expect(sixDigits.first == ["0.082167", "0.082167", "0.082167"])
    }

    /// Lesson 4: one line per gradient with its counts, then exactly the KINK entries.
    @Test func aCheckListsOnlyTheEntriesThatAreNotPass() throws {
        let (lines, outcome) = try Self.run("4")
        let report = try #require(outcome.checks.first)
        #expect(report.entries.count == 35 && report.kinkCount == 10)
        let heading = try #require(lines.firstIndex { $0.hasSuffix("Entries that are not PASS:") })
        let rows = lines[(heading + 2)...].prefix { !$0.isEmpty }
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { $0.hasSuffix("KINK") })
        #expect(lines.contains { $0.hasPrefix("    dz1 ") && $0.contains("4 PASS, 2 KINK") && $0.hasSuffix("KINK") })
        // --full: every entry of both checks, 35 rows each.
        let full = try Self.run("4", full: true).lines
        #expect(full.count { $0.hasSuffix("PASS") && $0.contains("[") } == 2 * 35 - 10 - 5)
        #expect(!full.contains { $0.hasSuffix("Entries that are not PASS:") })
    }

    /// Lesson 5: every entry passes, so one line per gradient and no entry rows (the lesson once
    /// printed 64 rows, twelve identical ones for one gradient).
    @Test func aPassingCheckIsOneLinePerGradient() throws {
        let (lines, outcome) = try Self.run("5")
        let report = try #require(outcome.checks.last)
        #expect(report.entries.count == 64 && report.status == .pass)
        #expect(!lines.contains { $0.hasSuffix("Entries that are not PASS:") })
        #expect(!lines.contains { $0.contains("[") && $0.hasSuffix("PASS") })
        #expect(lines.contains { $0.hasPrefix("    dz ") && $0.contains("(4×3)") && $0.contains("12 PASS") })
    }
}
