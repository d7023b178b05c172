import Datasets
import Engine
import Foundation
import Languages
import Support

/// The lessons the tool ships (embedded in the binary, so they work from any directory), and how
/// a lesson is named on the command line: its number (`2`, `02`), its name (`two-layer-sigmoid`),
/// its file name, or the path of a lesson file of one's own.
public enum LessonCatalog {
    /// The shipped lessons in order.
    public static let lessons: [Lesson] = EmbeddedLessons.files
        .map { Lesson(fileName: $0.fileName, text: $0.text) }
        .sorted { $0.number < $1.number }

    /// The lesson named `reference`, or nil.
    public static func lesson(_ reference: String) -> Lesson? {
        let key = reference.lowercased()
        if let number = Int(key) { return lessons.first { $0.number == number } }
        return lessons.first { $0.name == key || $0.fileName == key || $0.fileName == key + ".md" }
    }

    /// A shipped lesson, or a lesson file on disk when `reference` is the path of one.
    public static func resolve(_ reference: String) throws -> Lesson {
        if reference.hasSuffix(".md"), FileManager.default.fileExists(atPath: reference) {
            let text = try NetworkSource.read(reference)
            return Lesson(fileName: reference, text: text)
        }
        if let lesson = lesson(reference) { return lesson }
        throw LessonError("no lesson '\(reference)'; " + whatWasMeant(reference, orPath: "a lesson .md file"))
    }

    /// `did you mean 'two-layer-sigmoid'?` when `reference` looks like a misspelled lesson name,
    /// else `the lessons are 1 one-neuron, …`, and with `orPath`, `(or give the path of …)`.
    static func whatWasMeant(_ reference: String, orPath: String? = nil) -> String {
        if let guess = Spelling.closest(to: reference.lowercased(), among: lessons.map(\.name)) {
            return "did you mean '\(guess)'?"
        }
        return "the lessons are " + lessons.map { "\($0.number) \($0.name)" }.joined(separator: ", ")
            + (orPath.map { " (or give the path of \($0))" } ?? "")
    }
}

/// A lesson that cannot run: one line naming it and what was expected.
public struct LessonError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension LessonCatalog {
    /// The network of `reference`: a network file or lesson file on disk, or a shipped lesson by
    /// number or name (`backprop gradcheck 2`).
    public static func network(_ reference: String) throws -> Network {
        if FileManager.default.fileExists(atPath: reference) { return try NetworkSource.load(path: reference) }
        if let lesson = lesson(reference) {
            guard lesson.hasNetwork else {
                throw LessonError(
                    "lesson \(lesson.number) (\(lesson.name)) has no network block: its steps are Swift programs; run it with 'backprop lesson \(lesson.number)'")
            }
            return try NetworkSource.network(markdown: lesson.text, file: "Lessons/" + lesson.fileName)
        }
        if !reference.contains("/") && !reference.contains(".") {
            throw LessonError("'\(reference)' is neither a file nor a lesson; " + whatWasMeant(reference))
        }
        return try NetworkSource.load(path: reference)
    }
}

/// What `trace`, `graph`, `explain` and `gradcheck` run for their FILE argument: the trace of one
/// forward and backward pass, and the same computation to run again for finite differences.
public struct NetworkSubject {
    /// The file it comes from, for headings (`Lessons/02-two-layer-sigmoid.md`).
    public let file: String
    public let trace: Trace
    public let computation: any Recomputable
}

extension LessonCatalog {
    /// The computation of `reference`: a network file or lesson file on disk, or a shipped lesson
    /// by number or name, including lesson 8, whose network its program builds (the MNIST model
    /// on 4 test images, read from `dataOption`, else `environment`'s MNIST_DIR, else the per-user
    /// cache).
    public static func subject(
        _ reference: String, dataOption: String? = nil,
        environment: [String: String] = MNISTLocation.processEnvironment()
    ) throws -> NetworkSubject {
        if !FileManager.default.fileExists(atPath: reference), let lesson = lesson(reference), !lesson.hasNetwork,
            lesson.runsProgram(MNISTBatchProgram.name)
        {
            let computation = try MNISTBatchProgram.computation(dataOption: dataOption, environment: environment)
            return NetworkSubject(file: "Lessons/" + lesson.fileName, trace: try computation.trace(), computation: computation)
        }
        let network = try network(reference)
        // The learner's stated gradients (`grad NAME = …`) go beside the tape's in the trace.
        return NetworkSubject(file: network.file, trace: try AnswerCheck.trace(of: network), computation: network)
    }
}

extension Lesson {
    /// Whether one of the lesson's steps is `program NAME`.
    func runsProgram(_ name: String) -> Bool {
        parts.contains { part in
            guard case .run(let steps) = part else { return false }
            return steps.contains { $0.words == ["program", name] }
        }
    }
}
