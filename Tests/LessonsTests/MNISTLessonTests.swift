import Foundation
import Lessons
import Testing

/// Lesson 8 on the real MNIST test images (MNIST_DIR, else ../shared/data/mnist beside the
/// package; skipped when neither holds the files): its probabilities and its Adam step, read back
/// from the printed lines and worked out again with plain arithmetic.
@Suite(.enabled(if: MNISTTestFiles.directory != nil, "real MNIST not present (set MNIST_DIR)"))
struct MNISTLessonTests {
    /// The lesson's lines, with 9 significant digits (as `lesson 8 --digits 9`) for the Adam test.
    static func lines(digits: Int = 6) throws -> [String] {
        let program = MNISTBatchProgram.program(dataOption: MNISTTestFiles.directory)
        var programs = LessonPrograms.all
        programs[program.name] = program
        var lines: [String] = []
        var runner = LessonRunner(programs: programs)
        runner.digits = digits
        let outcome = try runner.run(try LessonCatalog.resolve("8"), emit: { lines.append($0) })
        #expect(outcome.passed)
        return lines
    }

    /// The whitespace-separated words of a line.
    static func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

    @Test func theProbabilitiesBeforeAndAfterTheStepSumToOneAndMarkTheLabel() throws {
        let lines = try Self.lines()
        var rows: [(when: String, label: Int?, p: [Double], marked: [Int])] = []
        for line in lines {
            let w = Self.words(line)
            guard let at = w.firstIndex(where: { $0 == "before" || $0 == "after" }), w.count - at - 1 == 10 else { continue }
            let cells = w[(at + 1)...]
            let p = cells.compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) }
            guard p.count == 10 else { continue }
            let marked = cells.enumerated().filter { $0.element.hasPrefix("[") && $0.element.hasSuffix("]") }.map(\.offset)
            rows.append((w[at], at == 1 ? Int(w[0]) : nil, p, marked))
        }
        #expect(rows.map(\.when) == ["before", "after", "before", "after", "before", "after", "before", "after"])
        #expect(rows.compactMap(\.label) == [7, 2, 1, 0])
        for (k, row) in rows.enumerated() {
            let sum = row.p.reduce(0, +)
            // Ten numbers rounded to 4 decimals: at most 10 · 0.00005 away from their exact sum.
            #expect(abs(sum - 1) <= 5e-4, "\(row.when) \(k / 2): \(row.p) sums to \(sum)")
            #expect(row.p.allSatisfy { $0 > 0 && $0 < 1 })
            #expect(row.marked == [[7, 2, 1, 0][k / 2]])
        }
        // The step moved the probabilities, toward the label on average.
        let gains = stride(from: 0, to: rows.count, by: 2).map { k in rows[k + 1].p[rows[k].marked[0]] - rows[k].p[rows[k].marked[0]] }
        #expect(gains.reduce(0, +) > 0, "\(gains)")
        #expect(zip(rows[0].p, rows[1].p).contains { $0 != $1 })
    }

    @Test func thePrintedAdamStepIsMOverRootVPlusEpsilonTimesTheCorrectedRate() throws {
        let lines = try Self.lines(digits: 9)
        let (eta, beta1, beta2, epsilon) = (0.001, 0.9, 0.999, 1e-7)
        // Step t = 1: α = η·√(1 − β2)/(1 − β1).
        let alpha = eta * (1 - beta2).squareRoot() / (1 - beta1)
        var seen: [String] = []
        for line in lines {
            let w = Self.words(line)
            guard let name = w.first, name.hasPrefix("W") || name.hasPrefix("b"), name.contains("["), w.count == 7 else { continue }
            let n = w.dropFirst().compactMap(Double.init)
            guard n.count == 6 else { continue }
            let (g, m, v, step, before, after) = (n[0], n[1], n[2], n[3], n[4], n[5])
            seen.append(name)
            // m and v from zero after one gradient, to the 9 printed digits (each number is
            // rounded to at most 5e-9 of itself).
            #expect(abs(m - (1 - beta1) * g) <= 2e-8 * abs(m), "\(name): m \(m), g \(g)")
            #expect(abs(v - (1 - beta2) * g * g) <= 3e-8 * abs(v), "\(name): v \(v), g \(g)")
            let expected = alpha * m / (v.squareRoot() + epsilon)
            if g == 0 {
                #expect(step == 0 && before == after, "\(name)")
            } else {
                // The printed m, v and step each carry 9 significant digits; ε moves the step by
                // about 1e-7/√v of itself, 1e-6 and more here, far above that.
                #expect(abs(step - expected) <= 3e-8 * abs(expected), "\(name): printed \(step), worked out \(expected)")
                #expect(abs(step - eta * (g > 0 ? 1 : -1)) > 1e-7 * eta, "\(name): \(step)")
                #expect(abs(step) < eta && abs(step) > 0.99 * eta, "\(name): \(step)")
                #expect(abs((before - after) - step) <= 3e-8 * abs(step) + 2e-9 * abs(before), "\(name)")
            }
        }
        #expect(seen.count == 5, "\(seen)")
        #expect(seen.first == "W1[0,0]")
    }
}

/// MNIST_DIR, else ../shared/data/mnist beside the package, if it holds the test images.
enum MNISTTestFiles {
    static var directory: String? {
        var candidates = [packageRoot + "/../shared/data/mnist"]
        if let env = ProcessInfo.processInfo.environment["MNIST_DIR"], !env.isEmpty { candidates.insert(env, at: 0) }
        return candidates.first { dir in
            ["t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"].contains {
                FileManager.default.fileExists(atPath: dir + "/" + $0)
            }
        }
    }
}
