import Engine
import Languages
import Foundation
import Explainer
import NN

/// Lesson 6: the lesson's points fitted by NN's `LinearRegression` — the code `backprop regress`
/// runs — with Adam and with plain gradient descent: the first Adam step written out with its
/// bias corrections, the loss per epoch, and the fitted lines against the truth.
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

        // The lesson's points and starting values, fitted by NN's LinearRegression: the very
        // code `backprop regress` runs. Every epoch is one full-batch step.
        let trace = try network.run(backward: false).trace()
        guard let xs = trace.node(named: "x")?.value, let ys = trace.node(named: "y")?.value, xs.count == ys.count else {
            throw LessonError("program 'regression' needs an input x and a target y with one value per point")
        }
        let residuals = zip(xs, ys).map { $1 - (truth.w * $0 + truth.b) }
        let data = RegressionData(
            x: xs, y: ys, trueWeight: truth.w, trueBias: truth.b,
            noise: (residuals.map { $0 * $0 }.reduce(0, +) / Double(xs.count)).squareRoot(), seed: 0)
        let start = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.value.elements[0]) })
        func fit(_ makeOptimizer: @escaping ([Parameter<Double>]) -> any Optimizer<Double>) -> LinearRegression<Double> {
            LinearRegression<Double>(
                data: data, batchSize: data.count, initialWeight: start["w"] ?? 0, initialBias: start["b"] ?? 0,
                makeOptimizer: makeOptimizer)
        }

        // Adam: the first step by hand, beside NN's Adam.
        let adamFit = fit { Adam($0, learningRate: adamRate) }
        guard let adam = adamFit.optimizer as? Adam<Double> else { throw LessonError("the regression's optimizer is not Adam") }
        out.lines += context.write([
            "Adam(η = \(n(adam.learningRate)), β1 = \(n(adam.beta1)), β2 = \(n(adam.beta2)), ε = \(n(adam.epsilon))), step t = 1:",
        ])
        let before = [adamFit.weight, adamFit.bias]
        let firstLoss = try adamFit.epoch().loss  // forward, backward, Adam's first step
        let t = 1.0
        var rows = [["", "g", "m = (1 − β1)·g", "v = (1 − β2)·g²", "m̂ = m/(1 − β1ᵗ)", "v̂ = v/(1 − β2ᵗ)", "θ − η·m̂/(√(v̂) + ε̂)"]]
        var byHand: [Double] = []
        for (p, theta) in zip([adamFit.w, adamFit.b], before) {
            let g = p.gradient.array[0]
            let m = (1 - adam.beta1) * g, v = (1 - adam.beta2) * g * g
            let mHat = m / (1 - pow(adam.beta1, t)), vHat = v / (1 - pow(adam.beta2, t))
            let epsilonHat = adam.epsilon / (1 - pow(adam.beta2, t)).squareRoot()
            let updated = theta - adam.learningRate * mHat / (vHat.squareRoot() + epsilonHat)
            byHand.append(updated)
            rows.append([p.name, n(g), n(m), n(v), n(mHat), n(vHat), n(updated)])
        }
        out.lines += context.write(alignedRows(rows, width: context.width.map { $0 - 2 }).map { "  " + $0 })
        let after = [adamFit.weight, adamFit.bias]
        let agree = zip(after, byHand).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
        out.lines += context.write([
            "(ε̂ = ε/√(1 − β2ᵗ): Keras folds the bias corrections into the step size α_t = η·√(1 − β2ᵗ)/(1 − β1ᵗ).)",
            "NN's Adam after step 1: w = \(n(after[0])), b = \(n(after[1]))"
                + (agree ? ", the same as by hand." : ", DIFFERENT from the hand computation."),
            "",
        ])
        let adamLosses = [firstLoss] + (try adamFit.fit(epochs: epochs - 1)).map(\.loss)

        // Plain gradient descent for comparison, on the same code with SGD.
        let sgdFit = fit { SGD($0, learningRate: sgdRate) }
        let sgdLosses = (try sgdFit.fit(epochs: epochs)).map(\.loss)

        out.lines.append("Loss (mean squared error) before each epoch's step, \(epochs) epochs:")
        var lossRows = [["epoch", "gradient descent (η = \(n(sgdRate)))", "Adam (η = \(n(adamRate)))"]]
        for epoch in 1...epochs where epoch <= 5 || epoch % 10 == 0 {
            lossRows.append(["\(epoch)", n(sgdLosses[epoch - 1]), n(adamLosses[epoch - 1])])
        }
        let sgdFinal = sgdFit.meanSquaredError(), adamFinal = adamFit.meanSquaredError()
        lossRows.append(["after", n(sgdFinal), n(adamFinal)])
        out.lines += context.write(alignedRows(lossRows, width: context.width.map { $0 - 2 }).map { "  " + $0 })
        out.lines.append("")

        let fits = [("truth", truth.w, truth.b),
                    ("gradient descent", sgdFit.weight, sgdFit.bias),
                    ("Adam", adamFit.weight, adamFit.bias)]
        out.lines.append("The fitted lines y = w·x + b against the truth:")
        var lineRows = [["", "w", "b", "y at x = 0", "y at x = 1"]]
        for (name, w, b) in fits { lineRows.append([name, n(w), n(b), n(b), n(w + b)]) }
        out.lines += context.write(alignedRows(lineRows, width: context.width.map { $0 - 2 }).map { "  " + $0 })
        out.lines.append("")

        out.lines.append("The gradients at Adam's final parameters, checked:")
        let values = ["w": adamFit.w.tensor, "b": adamFit.b.tensor]
        let (lines, report) = try context.check(network, at: values)
        out.lines += lines
        out.checks.append(report)
        return out
    }
}
