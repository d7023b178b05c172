import Engine
import Languages
import Explainer
import Foundation
import NN

/// Lesson 7: SGD, momentum and Adam (NN's optimizers) a few steps each on the lesson's
/// one-parameter network, with every state variable of every step.
enum OptimizerProgram {
    static let steps = 5
    static let learningRate = 0.1
    static let momentum = 0.9

    static let program = LessonProgram("optimizers") { context in
        let network = try context.requireNetwork("optimizers")
        guard network.parameters.count == 1, network.parameters[0].value.count == 1 else {
            throw LessonError("program 'optimizers' needs a network with one parameter holding one number")
        }
        let name = network.parameters[0].name
        let n = context.number
        var out = LessonProgram.Output()

        /// Runs `steps` steps; `row` gives the columns after t, θ, g for the optimizer's state.
        func run<O: Optimizer>(_ optimizer: O, _ parameters: [Parameter<Double>], header: [String], state: (O) -> [String]) throws -> [String] {
            var rows = [["t", name, "g = ∂loss/∂\(name)"] + header + ["\(name) after", "loss after"]]
            for t in 1...steps {
                let run = try network.run(parameters: parameters)
                let theta = parameters[0].value.array[0], g = parameters[0].gradient.array[0]
                optimizer.step()
                let after = try network.run(parameters: parameters, backward: false).lossValue
                _ = run
                rows.append(["\(t)", n(theta), n(g)] + state(optimizer) + [n(parameters[0].value.array[0]), n(after)])
            }
            return context.write(alignedRows(rows, width: context.width.map { $0 - 2 }).map { "  " + $0 })
        }

        let start = try network.run()
        out.lines.append(context.notation.write("Start: \(name) = \(n(network.parameters[0].value.elements[0])), loss = \(n(start.lossValue))"))
        out.lines.append("")

        out.lines.append(context.notation.write("SGD, η = \(n(learningRate)):  \(name) ← \(name) − η·g"))
        let sgdParameters = network.makeParameters()
        out.lines += try run(SGD(sgdParameters, learningRate: learningRate), sgdParameters, header: []) { _ in [] }
        out.lines.append("")

        out.lines.append(context.notation.write(
            "Momentum, η = \(n(learningRate)), μ = \(n(momentum)):  v ← μ·v − η·g;  \(name) ← \(name) + v"))
        let momentumParameters = network.makeParameters()
        out.lines += try run(Momentum(momentumParameters, learningRate: learningRate, momentum: momentum), momentumParameters, header: ["v"]) {
            [n($0.velocity(of: 0)[0])]
        }
        out.lines.append("")

        let adamParameters = network.makeParameters()
        let adam = Adam(adamParameters, learningRate: learningRate)
        out.lines.append(context.notation.write(
            "Adam, η = \(n(learningRate)), β1 = \(n(adam.beta1)), β2 = \(n(adam.beta2)), ε = \(n(adam.epsilon)):"))
        out.lines.append(context.notation.write(
            "  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m/(1 − β1ᵗ);  v̂ = v/(1 − β2ᵗ);  \(name) ← \(name) − η·m̂/(√(v̂) + ε̂)"))
        out.lines += try run(adam, adamParameters, header: ["m", "v", "m̂", "v̂"]) { adam in
            let (m, v) = adam.moments(of: 0)
            let t = Double(adam.stepCount)
            return [n(m[0]), n(v[0]), n(m[0] / (1 - pow(adam.beta1, t))), n(v[0] / (1 - pow(adam.beta2, t)))]
        }
        out.lines.append("")

        out.lines.append("The gradient the three started from, checked:")
        let (lines, report) = try context.check(network, at: [:])
        out.lines += lines
        out.checks.append(report)
        return out
    }
}
