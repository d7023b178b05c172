// Threads for the convolution and pooling loops: the batch cut into parts of whole images, run on
// Dispatch's workers. (When the GEMM's thread pool is on main, these loops can use it instead.)

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum ConvolutionThreads {
    /// Threads to use: `BACKPROP_THREADS` when set (1 runs everything on the calling thread),
    /// else every online processor.
    static let count: Int = {
        if let text = getenv("BACKPROP_THREADS"), let value = Int(String(cString: text)), value >= 1 { return value }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// How many parts a large batch is cut into: fixed, so that results never depend on `count`.
    static let parts = 8

    /// Below this many element operations a loop stays on the calling thread (waking a worker
    /// costs microseconds).
    static let minimumWork = 200_000

    @inline(__always)
    static func run(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 || count <= 1 {
            for part in 0..<parts { body(part) }
            return
        }
        // The parts write disjoint images of the output through unsafe pointers.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts) { part in body(part) }
        }
    }
}
