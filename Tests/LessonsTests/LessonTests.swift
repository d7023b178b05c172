import Engine
import Explainer
import Foundation
import Languages
import Lessons
import Testing

/// The lessons run, print what they claim, and end with a passing check.
@Suite struct LessonTests {
    /// The lessons whose programs live in the Lessons module (lesson 8 reads MNIST through the
    /// command's program; its transcript runs it).
    static let selfContained = LessonCatalog.lessons.filter { lesson in
        !lesson.parts.contains { part in
            guard case .run(let steps) = part else { return false }
            return steps.contains { $0.directive == "program" && LessonPrograms.all[$0.words.last ?? ""] == nil }
        }
    }

    @Test func everyLessonButTheMNISTOneIsSelfContained() {
        #expect(Self.selfContained.count == LessonCatalog.lessons.count - 1)
    }

    @Test(arguments: selfContained.map(\.name))
    func everyLessonRunsAndItsChecksPass(name: String) throws {
        let (lines, outcome) = try lessonOutput(name)
        #expect(!outcome.checks.isEmpty, "\(name) has no check")
        #expect(outcome.passed)
        for report in outcome.checks { #expect(report.worstError < 1e-7, "\(name): \(report.worstError)") }
        #expect(lines.contains { $0.contains("check: ") })
        // Every symbol has an ASCII spelling: folding adds no "?" for an unknown character.
        let ascii = try lessonOutput(name, notation: .ascii).lines
        #expect(ascii.count == lines.count)
        for (a, u) in zip(ascii, lines) {
            #expect(a.allSatisfy { $0.isASCII })
            let unknown = a.count { $0 == "?" } - u.count { $0 == "?" }
            #expect(unknown == 0, "\(name): no ASCII spelling in: \(u)")
        }
    }

    @Test func theReluLessonReportsKinksAndNoFailure() throws {
        let outcome = try lessonOutput("4").outcome
        #expect(outcome.checks.count == 2)
        #expect(outcome.checks[0].kinkCount > outcome.checks[1].kinkCount)
        #expect(outcome.checks[1].kinkCount > 0)
        #expect(outcome.checks.allSatisfy { !$0.failed })
    }

    /// Lesson 5: the batch-norm gradient, in particular dz (the three-term formula's dx) for a
    /// batch of 4 and 3 features, against finite differences.
    @Test func batchNormGradientAgreesWithFiniteDifferences() throws {
        let outcome = try lessonOutput("5").outcome
        let report = try #require(outcome.checks.last)
        let dz = report.entries.filter { $0.name == "z" }
        #expect(dz.count == 12)
        let z = try #require(report.entries.first { $0.name == "z" })
        #expect(z.shape[0] >= 4 && z.shape[1] >= 3)
        for entry in dz { #expect(entry.relativeError < 1e-7 && entry.status == .pass) }
        for name in ["gamma", "beta", "W"] { #expect(report.entries.contains { $0.name == name && $0.status == .pass }) }
    }

    /// Lesson 2's printed numbers against the example worked out by hand: scalar formulas for
    /// each neuron in plain Double, no engine.
    @Test func lessonTwoAgreesWithTheHandWorkedExampleToNineDigits() throws {
        func σ(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let (i1, i2, t1, t2) = (0.05, 0.10, 0.01, 0.99)
        var (w1, w2, w3, w4, b11, b12) = (0.15, 0.20, 0.25, 0.30, 0.35, 0.35)
        var (w5, w6, w7, w8, b21, b22) = (0.40, 0.45, 0.50, 0.55, 0.60, 0.60)
        func forward() -> (h1: Double, h2: Double, o1: Double, o2: Double, E: Double) {
            let h1 = σ(w1 * i1 + w2 * i2 + b11), h2 = σ(w3 * i1 + w4 * i2 + b12)
            let o1 = σ(w5 * h1 + w6 * h2 + b21), o2 = σ(w7 * h1 + w8 * h2 + b22)
            return (h1, h2, o1, o2, 0.5 * (o1 - t1) * (o1 - t1) + 0.5 * (o2 - t2) * (o2 - t2))
        }
        let f = forward()
        let δo1 = (f.o1 - t1) * f.o1 * (1 - f.o1), δo2 = (f.o2 - t2) * f.o2 * (1 - f.o2)
        let δh1 = (δo1 * w5 + δo2 * w7) * f.h1 * (1 - f.h1)
        let δh2 = (δo1 * w6 + δo2 * w8) * f.h2 * (1 - f.h2)
        // In the lesson's matrix layout: row i of W1 holds the weights leaving input i.
        let dW1 = [δh1 * i1, δh2 * i1, δh1 * i2, δh2 * i2], db1 = [δh1, δh2]
        let dW2 = [δo1 * f.h1, δo2 * f.h1, δo1 * f.h2, δo2 * f.h2], db2 = [δo1, δo2]
        let η = 0.5
        (w1, w3, w2, w4) = (w1 - η * dW1[0], w3 - η * dW1[1], w2 - η * dW1[2], w4 - η * dW1[3])
        (b11, b12) = (b11 - η * db1[0], b12 - η * db1[1])
        (w5, w7, w6, w8) = (w5 - η * dW2[0], w7 - η * dW2[1], w6 - η * dW2[2], w8 - η * dW2[3])
        (b21, b22) = (b21 - η * db2[0], b22 - η * db2[1])
        let after = forward().E

        let lines = try lessonOutput("2").lines.map { $0.trimmingCharacters(in: .whitespaces) }
        func printed(_ prefix: String, offset: Int = 0) throws -> [Double] {
            let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "no line starting with \(prefix)")
            let line = lines[index + offset]
            return numbers(in: Substring(line.split(separator: "=").last ?? ""))
        }
        func expectNineDigits(_ printed: [Double], _ exact: [Double], _ what: String) {
            #expect(printed.count == exact.count, "\(what): printed \(printed)")
            for (p, e) in zip(printed, exact) {
                let unit = pow(10, floor(log10(abs(e))) - 8)
                #expect(abs(p - e) <= 0.5 * unit * 1.0001, "\(what): printed \(p), hand-worked \(e)")
            }
        }
        expectNineDigits(try printed("h = σ(z1)"), [f.h1, f.h2], "h")
        expectNineDigits(try printed("o = σ(z2)"), [f.o1, f.o2], "o")
        expectNineDigits(try printed("loss = 0.5 · sum(e ^ 2)"), [f.E], "loss")
        // `W1 ← W1 − η·dW1 = old − 0.5·gradient`, then `= new` on the next line.
        for (name, gradient) in [("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2)] {
            let update = try printed("\(name) ← ")
            expectNineDigits(Array(update.suffix(gradient.count)), gradient, "d\(name)")
        }
        expectNineDigits(try printed("W1 ← ", offset: 1), [w1, w3, w2, w4], "new W1")
        expectNineDigits(try printed("b1 ← ", offset: 1), [b11, b12], "new b1")
        expectNineDigits(try printed("W2 ← ", offset: 1), [w5, w7, w6, w8], "new W2")
        expectNineDigits(try printed("b2 ← ", offset: 1), [b21, b22], "new b2")
        expectNineDigits(try printed("loss before the step"), [f.E], "loss before")
        expectNineDigits(try printed("loss after the step"), [after], "loss after")
        // dz2 = do ⊙ o ⊙ (1 − o): the result line follows the numbers line.
        expectNineDigits(try printed("dz2 = do ⊙ o ⊙ (1 − o)", offset: 2), [δo1, δo2], "dz2")
        expectNineDigits(try printed("dz1 = dh ⊙ h ⊙ (1 − h)", offset: 2), [δh1, δh2], "dz1")
    }
}
