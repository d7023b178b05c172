// Optimizer update loops: one pass over the parameters, state updated in place.

enum OptimizerKernels {
    /// Adam over n parameters in one fused pass (each element read and written once), cut into
    /// contiguous blocks of whole vectors for the threads when there are many parameters. Every
    /// element's update is the same arithmetic wherever it falls, so the blocks change nothing.
    /// The pass is bound by memory (28 bytes an element) and by the divide and square root units.
    @inline(__always)
    static func adamUpdate<T: KernelScalar>(
        parameters: UnsafeMutablePointer<T>, gradients: UnsafePointer<T>,
        firstMoment: UnsafeMutablePointer<T>, secondMoment: UnsafeMutablePointer<T>, n: Int,
        stepSize: T, beta1: T, beta2: T, epsilonHat: T
    ) {
        let vectors = (n + lanes - 1) / lanes
        // About 10 operations an element, counted as work like a product's.
        let chunks = 10 * n < KernelThreads.minimumParallelWork ? 1 : min(vectors, KernelThreads.parallelParts)
        let work = AdamChunks(
            parameters: parameters, gradients: gradients, firstMoment: firstMoment, secondMoment: secondMoment,
            n: n, stepSize: stepSize, beta1: beta1, beta2: beta2, epsilonHat: epsilonHat, vectors: vectors,
            chunks: chunks)
        withUnsafePointer(to: work) { KernelThreads.run(chunks: chunks, .adam($0)) }
    }

    /// Contiguous blocks of whole vectors of the parameters.
    struct AdamChunks<T: KernelScalar> {
        let parameters: UnsafeMutablePointer<T>, gradients: UnsafePointer<T>
        let firstMoment: UnsafeMutablePointer<T>, secondMoment: UnsafeMutablePointer<T>
        let n: Int, stepSize: T, beta1: T, beta2: T, epsilonHat: T, vectors: Int, chunks: Int

        func run(chunk: Int) {
            let range = GEMM.range(chunk, of: chunks, units: vectors)
            let start = range.lowerBound * lanes, end = min(range.upperBound * lanes, n)
            adamBlock(
                parameters: parameters + start, gradients: gradients + start, firstMoment: firstMoment + start,
                secondMoment: secondMoment + start, n: end - start, stepSize: stepSize, beta1: beta1, beta2: beta2,
                epsilonHat: epsilonHat)
        }
    }

    @inline(__always)
    static func adamBlock<T: KernelScalar>(
        parameters: UnsafeMutablePointer<T>, gradients: UnsafePointer<T>,
        firstMoment: UnsafeMutablePointer<T>, secondMoment: UnsafeMutablePointer<T>, n: Int,
        stepSize: T, beta1: T, beta2: T, epsilonHat: T
    ) {
        let b1 = Vector<T>(repeating: beta1), c1 = Vector<T>(repeating: 1 - beta1)
        let b2 = Vector<T>(repeating: beta2), c2 = Vector<T>(repeating: 1 - beta2)
        let lr = Vector<T>(repeating: stepSize), eps = Vector<T>(repeating: epsilonHat)
        var i = 0
        while i + lanes <= n {
            let g = loadVector(gradients + i)
            let m = b1 * loadVector(firstMoment + i) + c1 * g
            let v = b2 * loadVector(secondMoment + i) + c2 * (g * g)
            storeVector(m, firstMoment + i)
            storeVector(v, secondMoment + i)
            storeVector(loadVector(parameters + i) - lr * m / (v.squareRoot() + eps), parameters + i)
            i += lanes
        }
        while i < n {
            let g = gradients[i]
            let m = beta1 * firstMoment[i] + (1 - beta1) * g
            let v = beta2 * secondMoment[i] + (1 - beta2) * (g * g)
            firstMoment[i] = m
            secondMoment[i] = v
            parameters[i] -= stepSize * m / (v.squareRoot() + epsilonHat)
            i += 1
        }
    }
}
