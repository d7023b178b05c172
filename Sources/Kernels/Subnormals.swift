// Subnormal numbers in Float training: flushed to zero, as TensorFlow does on its threads and
// PyTorch offers with `set_flush_denormal`. An operation whose input or result is subnormal
// (below 1.18e-38 in Float) takes a slow path in the processor, up to ~100× an ordinary one; in
// training they appear in Adam's moments of weights that rarely get a gradient (the pixels at
// the border of every digit). Flushing changes those values to 0 and nothing else.
//
// The mode is a property of a thread (the x86 MXCSR register's FTZ and DAZ bits). It is set on the
// calling thread for the extent of `SubnormalMode.flushingToZero`, and every kernel job run on
// the workers meanwhile carries it (WorkerPool), so the whole computation sees one arithmetic,
// whatever the thread count: determinism across thread counts holds with it as without it.
// Double computations (lessons, explain, checks) never run inside it and keep IEEE arithmetic.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum SubnormalMode {
    /// Whether the kernels' jobs started from now on run with subnormals flushed: true inside
    /// `flushingToZero` on the thread that called it. Read by the worker pool when it publishes
    /// a job; written only by `flushingToZero`, which a process runs from one thread at a time.
    nonisolated(unsafe) static var flushesKernelJobs = false

    /// Whether this processor has the mode (x86-64 with SSE; elsewhere the body runs with IEEE
    /// subnormals, as it would with `--keep-subnormals`).
    public static var isAvailable: Bool {
        #if arch(x86_64) && canImport(Glibc)
        return true
        #else
        return false
        #endif
    }

    /// Runs `body` with subnormal inputs and results of Float and Double arithmetic taken as 0
    /// on this thread and in every kernel job it starts; the previous mode is restored after.
    /// With `enabled` false, or where the mode is not available, runs `body` as it is.
    public static func flushingToZero<Result>(
        _ enabled: Bool = true, _ body: () throws -> Result
    ) rethrows -> Result {
        guard enabled, isAvailable, !flushesKernelJobs else { return try body() }
        let previous = setFlushing(true)
        flushesKernelJobs = true
        defer {
            flushesKernelJobs = false
            _ = setFlushing(previous)
        }
        return try body()
    }

    /// Whether this thread flushes subnormals now.
    public static var isFlushingOnThisThread: Bool {
        #if arch(x86_64) && canImport(Glibc)
        var environment = fenv_t()
        fegetenv(&environment)
        return environment.__mxcsr & flushBits == flushBits
        #else
        return false
        #endif
    }

    /// MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6).
    static let flushBits: UInt32 = 0x8040

    /// Sets this thread's mode; returns the one it had.
    @discardableResult
    static func setFlushing(_ on: Bool) -> Bool {
        #if arch(x86_64) && canImport(Glibc)
        var environment = fenv_t()
        fegetenv(&environment)
        let was = environment.__mxcsr & flushBits == flushBits
        if was != on {
            environment.__mxcsr = on ? environment.__mxcsr | flushBits : environment.__mxcsr & ~flushBits
            fesetenv(&environment)
        }
        return was
        #else
        return false
        #endif
    }
}
