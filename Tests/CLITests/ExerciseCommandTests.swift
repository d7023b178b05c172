import Foundation
import Support
import Testing

@testable import BackpropCLI

/// `backprop exercise`: the starter file and its protection, the check's exit codes, the hints
/// growing with the file, and `export --pytorch -o`.
@Suite struct ExerciseCommandTests {
    static func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = Console.capturing()
        let code = runBackprop(arguments: arguments, console: console)
        return (code, console.out.text, console.err.text)
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("exercise-\(getpid())-\(name)").path
    }

    @Test func startKeepsAFileUnlessForced() throws {
        let path = Self.temporary("start.net")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Self.run(["exercise", "1", "--start", path]).code == 0)
        let starter = try String(contentsOfFile: path, encoding: .utf8)
        #expect(starter.contains("grad y = ?\ngrad w = ?\ngrad b = ?\n"))
        try "my answers".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = Self.run(["exercise", "1", "--start", path])
        #expect(refused.code == 1)
        #expect(refused.err == "backprop: \(path) exists; give --force to replace it (your answers in it would be lost)\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my answers")
        #expect(Self.run(["exercise", "1", "--start", path, "--force"]).code == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == starter)
    }

    /// The file as a learner fills it in, one answer at a time.
    @Test func hintsGrowWithTheFile() throws {
        let path = Self.temporary("hints.net")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Self.run(["exercise", "1", "--start", path]).code == 0)
        let starter = try String(contentsOfFile: path, encoding: .utf8)

        // Nothing answered: the first hint for dy, and where the stronger one is.
        let first = Self.run(["exercise", "1", "--hint", "--check", path])
        #expect(first.code == 0)
        #expect(first.out.hasPrefix("Hint for dy (the 1st of 3; not answered yet):\n"))
        #expect(first.out.contains("--hint --stronger --check \(path)"))
        #expect(!first.out.contains("2·(y − t): write it"))
        let stronger = Self.run(["exercise", "1", "--hint", "--stronger", "--check", path])
        #expect(stronger.out.contains("2·(y − t): write it"))

        // dy answered without the factor 2: the checker's finding comes first.
        try starter.replacingOccurrences(of: "grad y = ?", with: "grad y = y - t").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Self.run(["exercise", "1", "--check", path]).code == 1)
        let wrong = Self.run(["exercise", "1", "--hint", "--check", path])
        #expect(wrong.out.hasPrefix("Hint for dy (the 1st of 3; your answer is wrong):\n  dy is 0.5× the right value in every entry\n"))

        // dy right: the hint moves on to dw.
        try starter.replacingOccurrences(of: "grad y = ?", with: "grad y = 2 * (y - t)").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Self.run(["exercise", "1", "--hint", "--check", path]).out.hasPrefix("Hint for dw (the 2nd of 3; not answered yet):\n"))

        // All right: solved, exit 0.
        let solved = starter.replacingOccurrences(of: "grad y = ?", with: "grad y = 2 * (y - t)")
            .replacingOccurrences(of: "grad w = ?", with: "grad w = dy * x")
            .replacingOccurrences(of: "grad b = ?", with: "grad b = sum(dy, axis=0)")
        try solved.write(toFile: path, atomically: true, encoding: .utf8)
        let check = Self.run(["exercise", "1", "--check", path])
        #expect(check.code == 0)
        #expect(check.out.hasSuffix("Exercise 1 solved: every gradient is right.\n"))
        #expect(Self.run(["exercise", "1", "--hint", "--check", path]).out.hasPrefix("Every gradient of exercise 1 is right"))
    }

    @Test func aGradientLeftOutIsNamed() throws {
        let path = Self.temporary("missing.net")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(Self.run(["exercise", "1", "--start", path]).code == 0)
        let starter = try String(contentsOfFile: path, encoding: .utf8)
        try starter.replacingOccurrences(of: "grad y = ?", with: "grad y = 2 * (y - t)")
            .replacingOccurrences(of: "grad w = ?\n", with: "").write(toFile: path, atomically: true, encoding: .utf8)
        let check = Self.run(["exercise", "1", "--check", path])
        #expect(check.code == 1)
        #expect(check.out.contains("Not stated yet: dw (add a line 'grad w = …' for each)."))
    }

    @Test func misuseIsOneLine() {
        for arguments in [["exercise", "7"], ["exercise", "1", "--stronger"], ["exercise", "--hint"], ["exercise", "1", "--force"],
                          ["exercise", "1", "--solution", "--start", "x.net"], ["exercise", "1", "--check", "no-such.net"]] {
            let result = Self.run(arguments)
            #expect(result.code != 0, "\(arguments)")
            #expect(result.err.hasPrefix("backprop: "), "\(arguments)")
            #expect(result.out.isEmpty, "\(arguments)")
        }
    }

    @Test func exportWritesTheScript() throws {
        let path = Self.temporary("export.py")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = Self.run(["export", "2", "--pytorch", "-o", path])
        #expect(result.code == 0)
        #expect(result.out == "wrote \(path): Lessons/02-two-layer-sigmoid.md in PyTorch\nrun it with python3 \(path)\n")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.contains("\nz1 = x @ W1 + b1\n"))
        #expect(Self.run(["export", "2"]).code == 2)
    }
}
