import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import Kernels

/// Training's subnormal mode: inside `flushingToZero` a Float result below 1.18e-38 is 0 on the
/// calling thread and on the kernel workers that run its jobs; outside, and after, IEEE
/// arithmetic gives the subnormal.
@Suite(.serialized) struct SubnormalModeTests {
    /// A subnormal result the compiler cannot fold: the least normal Float divided at run time.
    static func tiny(_ divisor: Float) -> Float { Float.leastNormalMagnitude / divisor }

    /// Each chunk: whether its thread flushes, the subnormal computed there, and which thread ran it.
    struct Probe: ChunkedWork {
        let flushing: UnsafeMutablePointer<Bool>
        let values: UnsafeMutablePointer<Float>
        let onCaller: UnsafeMutablePointer<Bool>
        let caller: pthread_t
        let divisor: Float

        func run(chunk: Int) {
            usleep(500)  // long enough that the workers take some of the chunks
            flushing[chunk] = SubnormalMode.isFlushingOnThisThread
            values[chunk] = SubnormalModeTests.tiny(divisor)
            onCaller[chunk] = pthread_equal(pthread_self(), caller) != 0
        }
    }

    /// Runs 64 probe chunks on 2 threads; returns what each chunk saw.
    static func probe(divisor: Float) -> (flushing: [Bool], values: [Float], onCaller: [Bool]) {
        let chunks = 64
        let flushing = UnsafeMutablePointer<Bool>.allocate(capacity: chunks)
        let values = UnsafeMutablePointer<Float>.allocate(capacity: chunks)
        let onCaller = UnsafeMutablePointer<Bool>.allocate(capacity: chunks)
        defer {
            flushing.deallocate()
            values.deallocate()
            onCaller.deallocate()
        }
        let work = Probe(flushing: flushing, values: values, onCaller: onCaller, caller: pthread_self(), divisor: divisor)
        KernelThreads.run(chunks: chunks, threads: 2, work)
        return (Array(UnsafeBufferPointer(start: flushing, count: chunks)),
                Array(UnsafeBufferPointer(start: values, count: chunks)),
                Array(UnsafeBufferPointer(start: onCaller, count: chunks)))
    }

    @Test(.enabled(if: SubnormalMode.isAvailable && KernelThreads.processors > 1))
    func flushedOnTheCallerAndTheWorkersThenRestored() {
        let divisor = Float(CommandLine.arguments.count + 999)  // not known at compile time
        #expect(Self.tiny(divisor) > 0 && !Self.tiny(divisor).isNormal)
        #expect(!SubnormalMode.isFlushingOnThisThread)

        // Another test's job may hold the pool (its callers then run alone): try again, a while.
        var workersTookPart = false
        for attempt in 0..<200 where !workersTookPart {
            if attempt > 0 { usleep(20_000) }
            let inside = SubnormalMode.flushingToZero {
                (SubnormalMode.isFlushingOnThisThread, Self.tiny(divisor), Self.probe(divisor: divisor))
            }
            #expect(inside.0 && inside.1 == 0)
            #expect(inside.2.flushing.allSatisfy { $0 }, "a chunk ran with IEEE subnormals: \(inside.2.flushing) \(inside.2.onCaller)")
            #expect(inside.2.values.allSatisfy { $0 == 0 })
            workersTookPart = inside.2.onCaller.contains(false)
        }
        #expect(workersTookPart, "no chunk ran on a worker in 200 tries")

        // After: IEEE again, on the caller and on the workers (their next job says so).
        #expect(!SubnormalMode.isFlushingOnThisThread && Self.tiny(divisor) > 0)
        let after = Self.probe(divisor: divisor)
        #expect(after.flushing.allSatisfy { !$0 })
        #expect(after.values.allSatisfy { $0 > 0 })
    }

    @Test(.enabled(if: SubnormalMode.isAvailable))
    func disabledOrNestedLeavesTheModeAsItIs() {
        let divisor = Float(CommandLine.arguments.count + 999)
        #expect(SubnormalMode.flushingToZero(false) { Self.tiny(divisor) } > 0)
        SubnormalMode.flushingToZero {
            SubnormalMode.flushingToZero { #expect(SubnormalMode.isFlushingOnThisThread) }
            // The inner call did not restore IEEE inside the outer one.
            #expect(SubnormalMode.isFlushingOnThisThread && Self.tiny(divisor) == 0)
        }
        #expect(!SubnormalMode.isFlushingOnThisThread)
    }
}
