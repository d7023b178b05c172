import Foundation
import Testing

@testable import Lessons
import Languages

/// The lessons are compiled into the tool (Sources/Lessons/EmbeddedLessons.swift) so that
/// `backprop lesson` works from any directory. This test fails when that copy differs from
/// Lessons/*.md; `BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests` rewrites it.
@Suite struct EmbeddedLessonsTests {
    static let generatedPath = packageRoot + "/Sources/Lessons/EmbeddedLessons.swift"

    /// The lesson files: `Lessons/NN-*.md`, sorted.
    static func lessonFiles(_ folder: String = "Lessons") throws -> [(fileName: String, text: String)] {
        let directory = packageRoot + "/" + folder
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".md") && ($0.first?.isNumber ?? false) }
            .sorted()
        return try names.map { ($0, try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) }
    }

    /// The Swift source embedding `files`, each as a raw multi-line string literal.
    static func swiftSource(_ files: [(fileName: String, text: String)], folder: String = "Lessons", type: String = "EmbeddedLessons") -> String {
        var out = "// Generated from \(folder)/*.md by `BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests`; do not edit.\n"
        out += "enum \(type) {\n"
        out += "    static let files: [(fileName: String, text: String)] = [\n"
        for file in files {
            var hashes = "#"
            while file.text.contains("\"\"\"" + hashes) || file.text.contains("\\" + hashes) { hashes += "#" }
            out += "        (\n"
            out += "            \"\(file.fileName)\",\n"
            out += "            \(hashes)\"\"\"\n"
            out += file.text
            if !file.text.hasSuffix("\n") { out += "\n" }
            // A multi-line literal ends before the newline preceding its delimiter: keep the last one.
            out += file.text.hasSuffix("\n") ? "\n" : ""
            out += "\"\"\"\(hashes)\n"
            out += "        ),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    @Test func embeddedCopyMatchesTheLessonFiles() throws {
        let expected = Self.swiftSource(try Self.lessonFiles())
        let actual = (try? String(contentsOfFile: Self.generatedPath, encoding: .utf8)) ?? ""
        if ProcessInfo.processInfo.environment["BACKPROP_UPDATE_LESSONS"] == "1" {
            if actual != expected { try expected.write(toFile: Self.generatedPath, atomically: true, encoding: .utf8) }
            return
        }
        #expect(
            actual == expected,
            "Sources/Lessons/EmbeddedLessons.swift differs from Lessons/*.md; run BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests")
    }

    /// The exercises, Lessons/exercises/*.md, in Sources/Lessons/EmbeddedExercises.swift.
    @Test func embeddedCopyMatchesTheExerciseFiles() throws {
        let path = packageRoot + "/Sources/Lessons/EmbeddedExercises.swift"
        let expected = Self.swiftSource(try Self.lessonFiles("Lessons/exercises"), folder: "Lessons/exercises", type: "EmbeddedExercises")
        let actual = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if ProcessInfo.processInfo.environment["BACKPROP_UPDATE_LESSONS"] == "1" {
            if actual != expected { try expected.write(toFile: path, atomically: true, encoding: .utf8) }
            return
        }
        #expect(
            actual == expected,
            "Sources/Lessons/EmbeddedExercises.swift differs from Lessons/exercises/*.md; run BACKPROP_UPDATE_LESSONS=1 swift test --filter EmbeddedLessonsTests")
    }

    @Test func embeddedLessonsReadBackExactly() throws {
        let files = try Self.lessonFiles()
        #expect(LessonCatalog.lessons.count == files.count)
        for (lesson, file) in zip(LessonCatalog.lessons, files) {
            #expect(lesson.fileName == file.fileName)
            #expect(lesson.text == file.text, "\(file.fileName)")
        }
    }
}
