import Engine
import Explainer
import Foundation
import Lessons
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Test func scratchLesson() throws {
    let which = ProcessInfo.processInfo.environment["LESSON"] ?? "1"
    let lesson = try LessonCatalog.resolve(which)
    var out: [String] = []
    let outcome = try LessonRunner().run(lesson, emit: { out.append($0) })
    try out.joined(separator: "\n").write(toFile: "/tmp/lesson-\(which).txt", atomically: true, encoding: .utf8)
    print("passed", outcome.passed)
}
