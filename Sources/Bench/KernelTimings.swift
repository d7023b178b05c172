import Datasets
import Engine
import Kernels
import NN
import Support

/// The tutorial model's kernels one at a time, on MNIST's own sparsity (a shuffled batch of 32 real
/// images), Adam over the wide model's parameters and the products of its second layer:
/// microseconds per call on one thread and on all, and the speed-up. Not a goal; it shows where
/// the threads pay and where they do not.
enum KernelTimings {
    static func run(data mnist: MNIST, _ options: BenchOptions) throws -> WorkResult {
        let batch = 32, features = 784, hidden = 128
        var generator = SeededGenerator(seed: options.seed)
        let rows = (0..<batch).map { _ in generator.index(below: mnist.train.count) }
        // Every operand in a Buffer, allocated as the tape and the optimizer allocate theirs (so
        // alignment and page offsets are as in training), kept alive until the timings are done
        // (the kernels get raw pointers, which do not keep a Buffer alive).
        var buffers: [Buffer<Float>] = []
        defer { withExtendedLifetime(buffers) {} }
        func buffer(_ n: Int, _ value: (Int) -> Float) -> UnsafeMutablePointer<Float> {
            let filled = Buffer<Float>(count: n)
            for i in 0..<n { filled.pointer[i] = value(i) }
            buffers.append(filled)
            return filled.pointer
        }
        let x = buffer(batch * features) { _ in 0 }
        mnist.train.images.withUnsafeBufferPointer { images in
            rows.withUnsafeBufferPointer { rows in
                Float.convertRows(images.baseAddress!, rows: rows.baseAddress!, count: batch, width: features, scale: 1 / 255, x)
            }
        }
        let w = buffer(features * hidden) { _ in Float(generator.uniform(-0.08, 0.08)) }
        let z = buffer(batch * hidden) { _ in 0 }
        let dz = buffer(batch * hidden) { _ in Float(generator.uniform(-0.01, 0.01)) * (generator.index(below: 2) == 0 ? 0 : 1) }
        let dw = buffer(features * hidden) { _ in 0 }
        let m = buffer(features * hidden) { _ in 0 }, v = buffer(features * hidden) { _ in 0 }
        // The wide model's parameters (784·512 + 512 + 512·256 + 256 + 256·10 + 10), for Adam:
        // 15 MB of parameters, gradients and moments, beyond both L2s but within the L3, holding
        // values of a trained model's sizes.
        let wide = 784 * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10
        func adamState(_ scales: [Float]) -> [UnsafeMutablePointer<Float>] {
            scales.map { scale in buffer(wide) { i in scale * Float(1 + i % 7) } }
        }
        let wideState = adamState([0.01, 1e-3, 1e-4, 1e-7])
        // The same with subnormal gradients and first moments (below 1.18e-38; v = g² underflows
        // to 0): what the moments of pixels that are rarely inked decay into during training.
        let subnormalState = adamState([0.01, Float.leastNormalMagnitude / 128, Float.leastNormalMagnitude / 128, 0])

        // The tape's own cost: the tutorial model's layers and loss on a 4-feature input (Dense 4→3
        // ReLU, Dense 3→2), where the arithmetic is nothing and the recording is everything.
        var tinyGenerator = SeededGenerator(seed: options.seed)
        let tinyModel = Sequential<Float>(
            name: "tiny", inputShape: Shape(4),
            layers: [
                Dense(4, 3, activation: .relu, index: 1, generator: &tinyGenerator),
                Dense(3, 2, index: 2, generator: &tinyGenerator),
            ])
        let tinyTape = Tape<Float>()
        let tinyOptimizer = Adam<Float>(tinyModel.parameters)
        let tinyLabels: [Int32] = [1]
        func tinyStep(backward: Bool) throws {
            tinyTape.reset()
            let input = tinyTape.input("x", shape: Shape(1, 4)) { buffer in
                for i in 0..<4 { buffer[i] = Float(i) / 4 }
            }
            let loss = try tinyLabels.withUnsafeBufferPointer { labels in
                try tinyModel.loss(input, labels: labels, on: tinyTape).loss
            }
            guard backward else { return }
            try tinyTape.backward(from: loss)
            tinyOptimizer.step()
        }
        // The wide model's second layer (512 → 256), its three products: h1 a ReLU output with
        // half its entries zero.
        let wideHidden = 512, wideSecond = 256
        let h1 = buffer(batch * wideHidden) { _ in generator.index(below: 2) == 0 ? 0 : Float(generator.uniform(0, 1)) }
        let w2 = buffer(wideHidden * wideSecond) { _ in Float(generator.uniform(-0.09, 0.09)) }
        let dz2 = buffer(batch * wideSecond) { _ in Float(generator.uniform(-0.01, 0.01)) }
        let z2 = buffer(batch * wideSecond) { _ in 0 }, dw2 = buffer(wideHidden * wideSecond) { _ in 0 }
        let dh1 = buffer(batch * wideHidden) { _ in 0 }
        // The gather of a training step: 32 images in shuffled order, a new batch at every call.
        var order = Array(0..<mnist.train.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.index(below: i + 1)) }
        var next = 0
        let kernels: [(String, () throws -> Void)] = [
            ("gather 32 shuffled images", {
                if next + batch > order.count { next = 0 }
                mnist.train.images.withUnsafeBufferPointer { images in
                    order.withUnsafeBufferPointer { order in
                        Float.convertRows(
                            images.baseAddress!, rows: order.baseAddress! + next, count: batch, width: features,
                            scale: 1 / 255, x)
                    }
                }
                next += batch
            }),
            ("x·W1 (32×784·784×128)", {
                Float.gemm(transposeA: false, transposeB: false, m: batch, n: hidden, k: features, a: x, b: w, c: z, accumulate: false)
            }),
            ("xᵀ·dZ1 (784×32·32×128)", {
                Float.gemm(transposeA: true, transposeB: false, m: features, n: hidden, k: batch, a: x, b: dz, c: dw, accumulate: true)
            }),
            ("Adam over W1 (100352)", {
                Float.adamUpdate(
                    parameters: w, gradients: dw, firstMoment: m, secondMoment: v, n: features * hidden, stepSize: 1e-9,
                    beta1: 0.9, beta2: 0.999, epsilonHat: 1e-7)
            }),
            ("Adam over half of W1 (50176, in one L2)", {
                Float.adamUpdate(
                    parameters: w, gradients: dw, firstMoment: m, secondMoment: v, n: features * hidden / 2,
                    stepSize: 1e-9, beta1: 0.9, beta2: 0.999, epsilonHat: 1e-7)
            }),
            ("Adam over the wide model's parameters (535818, 15 MB)", {
                Float.adamUpdate(
                    parameters: wideState[0], gradients: wideState[1],
                    firstMoment: wideState[2], secondMoment: wideState[3], n: wide, stepSize: 1e-9, beta1: 0.9, beta2: 0.999, epsilonHat: 1e-7)
            }),
            ("the same, gradients and first moments subnormal", {
                Float.adamUpdate(
                    parameters: subnormalState[0], gradients: subnormalState[1],
                    firstMoment: subnormalState[2], secondMoment: subnormalState[3], n: wide,
                    stepSize: 1e-9, beta1: 0.9, beta2: 0.999, epsilonHat: 1e-7)
            }),
            ("wide h1·W2 (32×512·512×256)", {
                Float.gemm(
                    transposeA: false, transposeB: false, m: batch, n: wideSecond, k: wideHidden, a: h1,
                    b: w2, c: z2, accumulate: false)
            }),
            ("wide h1ᵀ·dZ2 (512×32·32×256)", {
                Float.gemm(
                    transposeA: true, transposeB: false, m: wideHidden, n: wideSecond, k: batch, a: h1,
                    b: dz2, c: dw2, accumulate: false)
            }),
            ("wide dZ2·W2ᵀ (32×256·256×512, dot products)", {
                Float.gemm(
                    transposeA: false, transposeB: true, m: batch, n: wideHidden, k: wideSecond, a: dz2,
                    b: w2, c: dh1, accumulate: false)
            }),
            ("wide dZ2·W2ᵀ needed where h1 ≠ 0 (half), masked dot products", {
                Float.gemm(
                    transposeA: false, transposeB: true, m: batch, n: wideHidden, k: wideSecond, a: dz2,
                    b: w2, c: dh1, accumulate: false, onlyWhereNonzero: h1)
            }),
            ("zero dW1 (100352)", { Float.fill(dw, 0, features * hidden) }),
            ("h·W2 (32×128·128×10)", {
                Float.gemm(transposeA: false, transposeB: false, m: batch, n: 10, k: hidden, a: dz, b: w, c: z, accumulate: false)
            }),
            ("hᵀ·dZ2 (128×32·32×10)", {
                Float.gemm(transposeA: true, transposeB: false, m: hidden, n: 10, k: batch, a: dz, b: w, c: dw, accumulate: false)
            }),
            ("dZ2·W2ᵀ (32×10·10×128)", {
                Float.gemm(transposeA: false, transposeB: true, m: batch, n: hidden, k: 10, a: dz, b: w, c: z, accumulate: false)
            }),
            ("the tape alone: Dense 4→3→2, record + backward + Adam", { try tinyStep(backward: true) }),
            ("the tape alone: Dense 4→3→2, record", { try tinyStep(backward: false) }),
            ("db1 = Σ rows of dZ1 (32×128)", { Float.sumColumnsAccumulate(dz, dw, m: batch, n: hidden) }),
        ]
        var notes: [(String, String)] = []
        var figures: [(String, Double)] = []
        let started = KernelPeak.now()
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        for (name, kernel) in kernels {
            var perThreads: [Double] = []
            for threads in [1, saved] {
                KernelThreads.count = threads
                var best = Double.infinity
                for _ in 0..<max(3, options.repetitions) {
                    for _ in 0..<50 { try kernel() }
                    let start = KernelPeak.now()
                    for _ in 0..<500 { try kernel() }
                    best = min(best, (KernelPeak.now() - start) / 500)
                }
                perThreads.append(best * 1e6)
            }
            notes.append(
                (name, "\(NumberFormat.fixed(perThreads[0], 1)) µs on 1 thread, \(NumberFormat.fixed(perThreads[1], 1)) µs on \(saved) "
                    + "(× \(NumberFormat.fixed(perThreads[0] / perThreads[1], 2)))"))
            figures.append(("\(name): µs on 1 thread", perThreads[0]))
            figures.append(("\(name): µs on \(saved) threads", perThreads[1]))
        }
        // Its "seconds" are the time all the timings took; each kernel's own is in the notes.
        var result = WorkResult(
            work: .kernels, seconds: [KernelPeak.now() - started], cpuSeconds: nil, samples: nil, flops: nil)
        result.notes = notes
        result.figures = figures
        return result
    }
}
