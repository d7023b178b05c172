// Threads for the kernels: a fixed partition of the work into chunks, run on Dispatch's workers.
//
// Every kernel that runs in parallel splits its output into chunks that are fixed by the problem's
// shape, never by the thread count, and computes each output element with exactly the same
// arithmetic whichever chunk and thread it lands in (no reduction is ever split across chunks). So
// the results are bit-identical with one thread or many; only the wall time changes.

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum KernelThreads {
    /// The number of threads the kernels may use, 1 or more. Starts at the number of online
    /// processors, or at `BACKPROP_THREADS` when that is set. Set it before a computation, not
    /// during one: results are the same for every value (see above), so changing it between
    /// runs only changes the speed.
    nonisolated(unsafe) public static var count: Int = defaultCount

    /// Below this many floating-point operations a kernel stays on the calling thread: waking a
    /// worker costs a few microseconds, about what one core does in 100k operations here.
    nonisolated(unsafe) public static var minimumParallelWork: Int = 400_000

    static let defaultCount: Int = {
        if let text = getenv("BACKPROP_THREADS"), let value = Int(String(cString: text)), value >= 1 {
            return value
        }
        return processors
    }()

    /// How many chunks a kernel with enough work cuts its output into: four per processor (at
    /// least two processors' worth), so that a thread that starts late finds less left to do.
    /// It depends on the machine, never on `count`.
    static let parallelParts: Int = 4 * max(2, processors)

    static let processors: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Runs `body(chunk)` for every chunk in 0..<chunks, on the calling thread alone when one
    /// thread is allowed, otherwise on Dispatch's workers with the caller taking part. Returns
    /// when every chunk is done.
    @inline(__always)
    static func run(chunks: Int, threads: Int = count, _ body: (Int) -> Void) {
        if chunks <= 1 || threads <= 1 {
            for chunk in 0..<chunks { body(chunk) }
        } else {
            // The chunks write disjoint parts of the output through unsafe pointers, which
            // Sendable checking cannot see; the partition is what makes this safe.
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in body(chunk) }
            }
        }
    }
}
