import Engine
import Explainer
import Foundation
import Lessons

/// The package's root folder, for the files the tests read (Lessons/, Transcripts/).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The lesson's output lines.
func lessonOutput(_ reference: String, notation: Notation = .unicode) throws -> (lines: [String], outcome: LessonRunner.Outcome) {
    var lines: [String] = []
    let outcome = try LessonRunner(notation: notation).run(try LessonCatalog.resolve(reference), emit: { lines.append($0) })
    return (lines, outcome)
}

/// The numbers in a line of text, in order (`[[0.5, -1e-07]]` gives 0.5 and -1e-07).
func numbers(in line: Substring) -> [Double] {
    var result: [Double] = []
    var current = ""
    for c in line {
        if c.isNumber || c == "." || c == "-" || c == "e" || c == "+" {
            current.append(c)
        } else {
            if let x = Double(current) { result.append(x) }
            current = ""
        }
    }
    if let x = Double(current) { result.append(x) }
    return result
}
