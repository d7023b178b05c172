// The machine's measured peak for these kernels: the GEMM micro-kernel alone, on dense operands
// that stay in L1, on one thread and on every thread at once. `backprop bench` divides achieved
// rates by this figure, so "fraction of peak" compares like with like on whatever machine runs it.

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum KernelPeak {
    /// Seconds on a monotonic clock (for timings that must not depend on Foundation).
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Floating-point operations per second of the Float micro-kernel (the widest tile this build
    /// runs) on `threads` threads at once, each on its own operands: the best of several timed
    /// rounds of about `seconds` in total.
    public static func microKernelRate(threads: Int, seconds: Double = 0.3) -> Double {
        let threads = max(1, threads)
        var best = Array(repeating: 0.0, count: threads)
        best.withUnsafeMutableBufferPointer { best in
            nonisolated(unsafe) let best = best
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                best[thread] = rateOnThisThread(seconds: seconds)
            }
        }
        // Each thread measured its own best round; together they ran at the sum of those rates
        // only as far as their rounds overlapped, so take the slowest thread times the count.
        return (best.min() ?? 0) * Double(threads)
    }

    /// The best rate of rounds of micro-kernel calls on operands in L1: a k × 64 B panel of 16 KiB
    /// for Float, a dense 4 × k A panel, no zero to skip.
    static func rateOnThisThread(seconds: Double) -> Double {
        let vectors = GEMM.defaultWideVectors(Float.self), width = vectors * lanes
        let k = 64, calls = 2000
        let a = UnsafeMutablePointer<Float>.allocate(capacity: GEMM.tileRows * k)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: k * width)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: GEMM.tileRows * width)
        let index = UnsafeMutablePointer<Int32>.allocate(capacity: k)
        defer {
            a.deallocate()
            b.deallocate()
            c.deallocate()
            index.deallocate()
        }
        for i in 0..<(GEMM.tileRows * k) { a[i] = 1 + Float(i % 7) * 1e-3 }
        for i in 0..<(k * width) { b[i] = 1e-3 * Float(i % 5) }
        c.initialize(repeating: 0, count: GEMM.tileRows * width)
        for t in 0..<k { index[t] = Int32(t) }
        let flopsPerRound = Double(2 * GEMM.tileRows * width * k * calls)
        var best = 0.0
        let deadline = now() + seconds
        repeat {
            let start = now()
            for _ in 0..<calls {
                switch vectors {
                case 4: GEMM.kernel4x4(k, a, index, b, width, c, width, true)
                case 2: GEMM.kernel4x2(k, a, index, b, width, c, width, true)
                default: GEMM.kernel4x1(k, a, index, b, width, c, width, true)
                }
            }
            let elapsed = now() - start
            if elapsed > 0 { best = max(best, flopsPerRound / elapsed) }
        } while now() < deadline
        return best
    }
}
