import Engine
import Languages
import Explainer

/// A lesson step written in Swift, for lessons whose computation is not a network file (training
/// loops, optimizers side by side, MNIST). A ```run block calls it with `program NAME`; it uses
/// the same NN code the training commands use.
public struct LessonProgram: Sendable {
    /// What a program gets: the lesson's network (if it has one) and how to write numbers.
    public struct Context {
        public let network: Network?
        public let notation: Notation
        public let digits: Int
        public let settings: CheckSettings
        /// Significant digits of a check's numbers (the finite difference's last digits are
        /// rounding noise, so 6 at most unless `lesson --digits` asked for more).
        public var checkDigits = 6
        /// Every checked entry, not only those that are not PASS (`lesson --full`).
        public var fullChecks = false
        /// The columns a program's tables may take (nil: any).
        public var width: Int? = nil

        public var text: TensorText { TensorText(digits: digits, notation: notation) }
        /// How the program writes its checks.
        public var checkText: CheckText {
            var checkText = CheckText(text: TensorText(digits: checkDigits, notation: notation), full: fullChecks)
            checkText.width = width
            return checkText
        }
    }

    /// A program's printed lines and the checks it ran.
    public struct Output {
        public var lines: [String] = []
        public var checks: [GradientCheckReport] = []
        public init() {}
    }

    public let name: String
    public let run: @Sendable (Context) throws -> Output

    public init(_ name: String, run: @escaping @Sendable (Context) throws -> Output) {
        self.name = name
        self.run = run
    }
}

/// The programs the shipped lessons use, by name.
public enum LessonPrograms {
    public static let all: [String: LessonProgram] = [
        RegressionProgram.program.name: RegressionProgram.program,
        OptimizerProgram.program.name: OptimizerProgram.program,
    ]
}
