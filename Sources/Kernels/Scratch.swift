// Per-thread scratch memory for packed GEMM panels.
//
// A kernel may run on the caller's thread and on Dispatch's workers at once, and tests call
// kernels from many threads, so scratch cannot be one shared buffer. Each thread keeps its own
// block, found through a pthread key, grown when a larger one is asked for and otherwise reused:
// once every thread has seen the largest problem, a kernel call allocates nothing.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum Scratch {
    /// Blocks are aligned to a cache line (and to the widest vector, 64 bytes).
    static let alignment = 64
    /// The block starts with a header of one cache line holding its usable size.
    private static let header = 64

    private static let key: pthread_key_t = makeKey()
    private static let productsKey: pthread_key_t = makeKey()

    private static func makeKey() -> pthread_key_t {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { block in free(block) }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }

    /// At least `bytes` bytes of this thread's scratch, 64-byte aligned. Valid until the next
    /// call on the same thread; the contents are unspecified.
    static func memory(bytes: Int) -> UnsafeMutableRawPointer { block(key, bytes: bytes) }

    /// A second block of this thread's, apart from `memory`: the partial products of a split sum
    /// (GEMM/SplitSums.swift), which a kernel's caller hands to its workers while they pack into their own
    /// `memory`.
    static func products(bytes: Int) -> UnsafeMutableRawPointer { block(productsKey, bytes: bytes) }

    private static func block(_ key: pthread_key_t, bytes: Int) -> UnsafeMutableRawPointer {
        if let block = pthread_getspecific(key), block.load(as: Int.self) >= bytes {
            return block + header
        }
        if let old = pthread_getspecific(key) { free(old) }
        let size = max(bytes, 64 << 10)  // start at 64 KiB so that small problems never regrow
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, header + size) == 0, let block = raw else {
            fatalError("out of memory for \(size) bytes of kernel scratch")
        }
        block.storeBytes(of: size, as: Int.self)
        pthread_setspecific(key, block)
        return block + header
    }
}
