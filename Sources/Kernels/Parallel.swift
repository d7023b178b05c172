// Threads for the kernels: a fixed partition of the work into chunks, run on the kernel workers.
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

    /// Runs `work.run(chunk:)` for every chunk in 0..<chunks: on the calling thread alone when
    /// one thread is allowed (or another thread's kernel holds the workers), otherwise on the
    /// caller and the kernel workers (WorkerPool.swift: one per processor but the caller's).
    /// Returns when every chunk is done.
    @inline(__always)
    static func run<Work: ChunkedWork>(chunks: Int, threads: Int = count, _ work: Work) {
        if chunks <= 1 || threads <= 1 {
            for chunk in 0..<chunks { work.run(chunk: chunk) }
            return
        }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            let ran = withUnsafePointer(to: work) { pointer in
                WorkerPool.shared.run(chunks: chunks, work: UnsafeRawPointer(pointer), as: Work.self)
            }
            if !ran {
                for chunk in 0..<chunks { work.run(chunk: chunk) }
            }
        } else {
            // Older Apple systems lack the atomics the workers need: Dispatch's apply, which
            // allocates a little per call.
            nonisolated(unsafe) let work = work
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in work.run(chunk: chunk) }
        }
    }
}

/// A kernel's work cut into chunks: a small struct of pointers and sizes, so that handing it to
/// the workers (by address, with its type) allocates nothing, where a closure would be boxed.
///
/// Conforming types are concrete (`FloatKernelWork`, not a generic `GEMM.Chunks<T>`): a worker
/// calls through the conformance found at run time, and a generic type's conformance runs its
/// unspecialized code (SIMD lanes through protocol witnesses, two orders of magnitude slower). A
/// generic kernel hands its chunk code to the workers as a `KernelWork<T>` (below), which
/// `KernelThreads.run` wraps in the conforming type for Float or for Double.
#if compiler(>=6.2)
/// The workers receive a conforming type's metatype from another thread (SE-0470).
protocol ChunkedWork: SendableMetatype {
    /// Computes chunk `chunk`; chunks write disjoint parts of the output.
    func run(chunk: Int)
}
#else
protocol ChunkedWork {
    /// Computes chunk `chunk`; chunks write disjoint parts of the output.
    func run(chunk: Int)
}
#endif

extension ChunkedWork {
    /// Runs chunk `chunk` of the work of this type at `work` (how a worker calls it: through the
    /// metatype, with no generic context to capture).
    static func run(_ work: UnsafeRawPointer, chunk: Int) {
        work.assumingMemoryBound(to: Self.self).pointee.run(chunk: chunk)
    }
}

/// The chunk code of every parallel kernel, for element type T: the GEMM's tiles and dot
/// products, Adam, and the elementwise fills and conversions. Each kernel's chunks are a generic
/// struct; this enum names them all so that one pair of concrete types, one for Float and one
/// for Double, carries any of them to the workers. It holds the chunks' address (on the caller's
/// stack while the kernel runs), so that a worker's chunk copies a pointer, not the struct.
enum KernelWork<T: KernelScalar> {
    case productTiles(UnsafePointer<GEMM.Chunks<T>>)
    case dotProducts(UnsafePointer<GEMM.DotChunks<T>>)
    case adam(UnsafePointer<OptimizerKernels.AdamChunks<T>>)
    case range(UnsafePointer<RangeWork<T>>)

    @inline(__always)
    func run(chunk: Int) {
        switch self {
        case .productTiles(let work): work.pointee.run(chunk: chunk)
        case .dotProducts(let work): work.pointee.run(chunk: chunk)
        case .adam(let work): work.pointee.run(chunk: chunk)
        case .range(let work): work.pointee.run(chunk: chunk)
        }
    }
}

struct FloatKernelWork: ChunkedWork {
    let work: KernelWork<Float>
    func run(chunk: Int) { work.run(chunk: chunk) }
}

struct DoubleKernelWork: ChunkedWork {
    let work: KernelWork<Double>
    func run(chunk: Int) { work.run(chunk: chunk) }
}

extension KernelThreads {
    /// Runs every chunk of a generic kernel's work, as `run(chunks:threads:_:)` does: the one
    /// place where T becomes Float or Double for the workers (see ChunkedWork). In a build that
    /// specializes the kernel for T, the test on T is decided at compile time and the cast is free.
    /// `work` must stay valid until this returns (the caller's `withUnsafePointer`).
    @inline(__always)
    static func run<T: KernelScalar>(chunks: Int, threads: Int = count, _ work: KernelWork<T>) {
        if T.self == Float.self {
            run(chunks: chunks, threads: threads, FloatKernelWork(work: unsafeBitCast(work, to: KernelWork<Float>.self)))
        } else if T.self == Double.self {
            run(chunks: chunks, threads: threads, DoubleKernelWork(work: unsafeBitCast(work, to: KernelWork<Double>.self)))
        } else {
            for chunk in 0..<chunks { work.run(chunk: chunk) }
        }
    }
}
