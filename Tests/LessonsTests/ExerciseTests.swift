import Engine
import Foundation
import Languages
import Lessons
import Testing

/// The exercises of `backprop exercise`: each solution passes the check, each starter file is the
/// exercise's network with every gradient still to answer, typical wrong answers get the hint
/// that names their mistake, and right answers written another way pass.
@Suite struct ExerciseTests {
    @Test func theSixExercisesAreThere() {
        #expect(ExerciseCatalog.exercises.map(\.name) == [
            "one-neuron", "two-layer-sigmoid", "softmax-cross-entropy", "mnist-mlp", "batch-norm", "convolution-pooling",
        ])
        #expect(ExerciseCatalog.exercises.map { $0.gradients.count } == [3, 8, 3, 8, 4, 5])
        for exercise in ExerciseCatalog.exercises {
            for gradient in exercise.gradients {
                #expect(gradient.hints.count == 2, "\(exercise.name): \(gradient.gradientName) has \(gradient.hints.count) hints")
            }
            #expect(!exercise.solutionProse.isEmpty && !exercise.summary.isEmpty)
        }
    }

    @Test(arguments: ExerciseCatalog.exercises.map(\.number))
    func theSolutionPassesTheCheck(_ number: Int) throws {
        let exercise = try ExerciseCatalog.resolve(String(number))
        let report = try AnswerCheck(network: try exercise.solvedNetwork()).run()
        #expect(report.answers.count == exercise.gradients.count)
        for answer in report.answers {
            #expect(answer.verdict.isRight, "\(exercise.name): \(answer.gradientName) is \(answer.verdict.text)")
        }
        #expect(report.exitCode == 0)
    }

    @Test(arguments: ExerciseCatalog.exercises.map(\.number))
    func theStarterIsTheNetworkWithEveryGradientToAnswer(_ number: Int) throws {
        let exercise = try ExerciseCatalog.resolve(String(number))
        let starter = try Network(source: exercise.starter, file: "starter.net")
        #expect(starter.statedGradients.map(\.name) == exercise.gradients.map(\.name))
        #expect(starter.statedGradients.allSatisfy { !$0.isAnswered })
        #expect(try starter.run().lossValue == (try exercise.network().run().lossValue))
        let report = try AnswerCheck(network: starter).run()
        #expect(report.answers.allSatisfy { $0.verdict == .notAnswered })
        #expect(report.exitCode == 1)
    }

    /// The exercise's network with one solution line replaced.
    static func answer(_ number: Int, _ name: String, _ expression: String) throws -> AnswerReport {
        let exercise = try ExerciseCatalog.resolve(String(number))
        var lines = exercise.gradients.map(\.line)
        let k = try #require(exercise.gradients.firstIndex { $0.name == name }, "no gradient d\(name) in exercise \(number)")
        lines[k] = "grad \(name) = \(expression)"
        let network = try Network(source: exercise.networkSource + "\n\n" + lines.joined(separator: "\n") + "\n", file: "answer.net")
        return try AnswerCheck(network: network).run()
    }

    struct Wrong: Sendable, CustomStringConvertible {
        let exercise: Int
        let name: String
        let expression: String
        let kind: AnswerHint.Kind
        var description: String { "exercise \(exercise): grad \(name) = \(expression)" }
    }

    /// Mistakes a learner makes, each written as one would, and the kind of hint it must get.
    static let wrongAnswers: [Wrong] = [
        Wrong(exercise: 1, name: "y", expression: "y - t", kind: .scale),
        Wrong(exercise: 1, name: "y", expression: "2 * (t - y)", kind: .sign),
        Wrong(exercise: 1, name: "w", expression: "dy", kind: .missingFactor),
        Wrong(exercise: 2, name: "z2", expression: "do", kind: .missingFactor),
        Wrong(exercise: 2, name: "W2", expression: "transpose(dz2) @ h", kind: .transpose),
        Wrong(exercise: 2, name: "z1", expression: "dh * h * (1 - h) * h * (1 - h)", kind: .extraFactor),
        Wrong(exercise: 2, name: "b2", expression: "dz2 * 2", kind: .scale),
        Wrong(exercise: 2, name: "h", expression: "dz2 @ W2", kind: .transpose),
        Wrong(exercise: 3, name: "logits", expression: "softmax(logits) - Y", kind: .batchMean),
        Wrong(exercise: 3, name: "b", expression: "dlogits", kind: .unsummedBroadcast),
        Wrong(exercise: 3, name: "W", expression: "x @ dlogits", kind: .transpose),
        Wrong(exercise: 4, name: "probs", expression: "-Y / probs", kind: .batchMean),
        Wrong(exercise: 4, name: "logits", expression: "probs - Y", kind: .batchMean),
        Wrong(exercise: 4, name: "h", expression: "-(dlogits @ transpose(W2))", kind: .sign),
        Wrong(exercise: 4, name: "z1", expression: "dh", kind: .reluMask),
        Wrong(exercise: 4, name: "W1", expression: "transpose(dz1) @ x", kind: .transpose),
        Wrong(exercise: 4, name: "b1", expression: "dz1", kind: .unsummedBroadcast),
        Wrong(exercise: 5, name: "y", expression: "t - y", kind: .sign),
        Wrong(exercise: 5, name: "beta", expression: "dy", kind: .unsummedBroadcast),
        Wrong(exercise: 5, name: "x", expression: "gamma * inv * (4 * dy - sum(dy, axis=0) - xhat * sum(dy * xhat, axis=0))", kind: .scale),
        Wrong(exercise: 5, name: "x", expression: "inv / 4 * (4 * dy - sum(dy, axis=0) - xhat * sum(dy * xhat, axis=0))", kind: .other),
        Wrong(exercise: 6, name: "P", expression: "t - P", kind: .sign),
        Wrong(exercise: 6, name: "z", expression: "reshape(U @ dP @ transpose(U), [1, 4, 4, 1])", kind: .other),
        Wrong(exercise: 6, name: "kernel", expression: "reshape(conv2d(image, reshape(dz, [4, 4, 1, 1])), [2, 2, 1, 1]) * 2", kind: .scale),
        Wrong(exercise: 6, name: "K", expression: "transpose(reshape(dkernel, [2, 2]))", kind: .transpose),
    ]

    @Test(arguments: wrongAnswers)
    func aTypicalMistakeGetsItsHint(_ wrong: Wrong) throws {
        let report = try Self.answer(wrong.exercise, wrong.name, wrong.expression)
        let answer = try #require(report.answer("d" + wrong.name))
        #expect(!answer.verdict.isRight)
        #expect(report.exitCode == 1)
        let hint = try #require(report.hint)
        #expect(hint.gradient == "d" + wrong.name)
        #expect(hint.kind == wrong.kind, "\(hint.text)")
        // Every other gradient stays right: the mistake is found where it is.
        for other in report.answers where other.name != wrong.name {
            #expect(other.verdict.isRight || !other.followsFrom.isEmpty, "\(other.gradientName): \(other.verdict.text)")
        }
    }

    /// Right answers written another way than the solution.
    @Test(arguments: [
        (1, "b", "sum(dy, axis=0)"),
        (2, "W2", "matmul(transpose(h), dz2)"),
        (2, "h", "transpose(W2 @ transpose(dz2))"),
        (2, "z2", "(o - t) * o * (1 - o)"),
        (3, "logits", "0.5 * (softmax(logits) - Y)"),
        (4, "z1", "dh * step(h)"),
        (4, "logits", "probs * (dprobs + 0.25)"),  // the softmax Jacobian: each row of dprobs ⊙ probs sums to −1/4
        (5, "gamma", "sum(xhat * dy, axis=0)"),
        (6, "p", "reshape(P - t, [1, 2, 2, 1])"),
    ])
    func aRightAnswerWrittenAnotherWayPasses(_ number: Int, _ name: String, _ expression: String) throws {
        let report = try Self.answer(number, name, expression)
        let answer = try #require(report.answer("d" + name))
        #expect(answer.verdict.isRight, "\(answer.verdict.text)")
    }

    @Test func anExerciseIsNamedByNumberOrName() throws {
        #expect(try ExerciseCatalog.resolve("2").name == "two-layer-sigmoid")
        #expect(try ExerciseCatalog.resolve("batch-norm").number == 5)
        #expect(throws: LessonError.self) { try ExerciseCatalog.resolve("batch-nrom") }
        do {
            _ = try ExerciseCatalog.resolve("batch-nrom")
        } catch {
            #expect("\(error)" == "no exercise 'batch-nrom'; did you mean 'batch-norm'?")
        }
    }
}
