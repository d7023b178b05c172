import Engine
import Kernels
import NN

/// TEMPORARY until `mnist gradcheck` lands on main: the same work against the engine directly.
/// The seed model in Double on the first `images` training images; for `samples` entries of every
/// parameter, the central difference (L(θ + h) − L(θ − h)) / 2h against backward's gradient.
enum SeedGradientCheck {
    struct Outcome {
        let worstRelativeError: Double
        /// Forward passes run (one for backward, two per sample).
        let forwards: Int
    }

    static func run(data: RawMNIST, images: Int, samples: Int, seed: UInt64) throws -> Outcome {
        let model = ModelKind.mlp.make(seed: seed, as: Double.self)
        let tape = Tape<Double>()
        let labels = (0..<images).map { Int32(data.trainLabels[$0]) }
        var forwards = 0
        func forward() throws -> Variable {
            tape.reset()
            forwards += 1
            let x = data.trainImages.withUnsafeBufferPointer { pixels in
                tape.input("x", shape: Shape(images, 784)) { buffer in
                    Double.convert(pixels.baseAddress!, scale: 1 / 255, buffer.baseAddress!, images * 784)
                }
            }
            return try labels.withUnsafeBufferPointer { try model.loss(x, labels: $0, on: tape).loss }
        }
        try tape.backward(from: forward())
        var generator = SeededGenerator(seed: seed)
        var worst = 0.0
        let step = 1e-5
        for parameter in model.parameters {
            let analytic = parameter.gradient.array
            var candidates = analytic.indices.filter { analytic[$0] != 0 }
            generator.shuffle(&candidates)
            for index in candidates.prefix(samples) {
                let value = parameter.value.pointer, original = value[index]
                value[index] = original + step
                let plus = tape.scalar(try forward())
                value[index] = original - step
                let minus = tape.scalar(try forward())
                value[index] = original
                let numeric = (plus - minus) / (2 * step)
                let error = abs(analytic[index] - numeric) / max(abs(analytic[index]), abs(numeric), 1e-8)
                worst = max(worst, error)
            }
        }
        return Outcome(worstRelativeError: worst, forwards: forwards)
    }
}
