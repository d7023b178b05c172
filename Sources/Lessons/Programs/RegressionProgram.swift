import Engine
import Foundation
import Explainer
import NN

/// Lesson 6: the lesson's linear-regression network fitted by plain gradient descent and by Adam
/// (NN's `SGD` and `Adam`, the optimizers the training commands use): the first Adam step written
/// out with its bias corrections, the loss per epoch, and the fitted lines against the truth.
enum RegressionProgram {
    static let epochs = 100
    static let adamRate = 0.01
    static let sgdRate = 0.1
    /// The line the lesson's data was made from.
    static let truth = (w: 3.0, b: 2.0)

    static let program = LessonProgram("regression") { context in
        let network = try context.requireNetwork("regression")
        guard network.parameterNames == ["w", "b"] else {
            throw LessonError("program 'regression' needs parameters w and b, got \(network.parameterNames.joined(separator: ", "))")
        }
        var out = LessonProgram.Output()
        let n = context.number

        // Adam: the first step by hand, beside NN's Adam.
        let adamParameters = network.makeParameters()
        let adam = Adam(adamParameters, learningRate: adamRate)
        var adamLosses: [Double] = []
        var first = try network.run(parameters: adamParameters)
        out.lines += context.write([
            "Adam(η = \(n(adam.learningRate)), β1 = \(n(adam.beta1)), β2 = \(n(adam.beta2)), ε = \(n(adam.epsilon))), step t = 1:",
        ])
        let t = 1.0
        var rows = [["", "g", "m = (1 − β1)·g", "v = (1 − β2)·g²", "m̂ = m/(1 − β1ᵗ)", "v̂ = v/(1 − β2ᵗ)", "θ − η·m̂/(√(v̂) + ε̂)"]]
        var byHand: [Double] = []
        for p in adamParameters {
            let g = p.gradient.array[0], theta = p.value.array[0]
            let m = (1 - adam.beta1) * g, v = (1 - adam.beta2) * g * g
            let mHat = m / (1 - pow(adam.beta1, t)), vHat = v / (1 - pow(adam.beta2, t))
            let epsilonHat = adam.epsilon / (1 - pow(adam.beta2, t)).squareRoot()
            let updated = theta - adam.learningRate * mHat / (vHat.squareRoot() + epsilonHat)
            byHand.append(updated)
            rows.append([p.name, n(g), n(m), n(v), n(mHat), n(vHat), n(updated)])
        }
        out.lines += context.write(alignedRows(rows).map { "  " + $0 })
        adamLosses.append(first.lossValue)
        adam.step()
        let agree = zip(adamParameters, byHand).allSatisfy { abs($0.value.array[0] - $1) <= 1e-12 * max(1, abs($1)) }
        out.lines += context.write([
            "(ε̂ = ε/√(1 − β2ᵗ): Keras folds the bias corrections into the step size α_t = η·√(1 − β2ᵗ)/(1 − β1ᵗ).)",
            "NN's Adam after step 1: w = \(n(adamParameters[0].value.array[0])), b = \(n(adamParameters[1].value.array[0]))"
                + (agree ? ", the same as by hand." : ", DIFFERENT from the hand computation."),
            "",
        ])
        for _ in 2...epochs {
            first = try network.run(parameters: adamParameters)
            adamLosses.append(first.lossValue)
            adam.step()
        }

        // Plain gradient descent for comparison.
        let sgdParameters = network.makeParameters()
        let sgd = SGD(sgdParameters, learningRate: sgdRate)
        var sgdLosses: [Double] = []
        for _ in 1...epochs {
            sgdLosses.append(try network.run(parameters: sgdParameters).lossValue)
            sgd.step()
        }

        out.lines.append("Loss (mean squared error) before each epoch's step, \(epochs) epochs:")
        var lossRows = [["epoch", "gradient descent (η = \(n(sgdRate)))", "Adam (η = \(n(adamRate)))"]]
        for epoch in 1...epochs where epoch <= 5 || epoch % 10 == 0 {
            lossRows.append(["\(epoch)", n(sgdLosses[epoch - 1]), n(adamLosses[epoch - 1])])
        }
        let sgdFinal = try network.run(parameters: sgdParameters, backward: false).lossValue
        let adamFinal = try network.run(parameters: adamParameters, backward: false).lossValue
        lossRows.append(["after", n(sgdFinal), n(adamFinal)])
        out.lines += context.write(alignedRows(lossRows).map { "  " + $0 })
        out.lines.append("")

        let fits = [("truth", truth.w, truth.b),
                    ("gradient descent", sgdParameters[0].value.array[0], sgdParameters[1].value.array[0]),
                    ("Adam", adamParameters[0].value.array[0], adamParameters[1].value.array[0])]
        out.lines.append("The fitted lines y = w·x + b against the truth:")
        var lineRows = [["", "w", "b", "y at x = 0", "y at x = 1"]]
        for (name, w, b) in fits { lineRows.append([name, n(w), n(b), n(b), n(w + b)]) }
        out.lines += context.write(alignedRows(lineRows).map { "  " + $0 })
        out.lines.append("")

        out.lines.append("The gradients at Adam's final parameters, checked:")
        let values = Dictionary(uniqueKeysWithValues: adamParameters.map { ($0.name, $0.tensor) })
        let (lines, report) = try context.check(network, at: values)
        out.lines += lines
        out.checks.append(report)
        return out
    }
}
