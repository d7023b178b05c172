// The kernels' helper threads: long-lived workers, started on Dispatch's global queue, that take
// chunks of a kernel's work.
//
// Why not `DispatchQueue.concurrentPerform` for every kernel call: on Linux each call allocates
// (libdispatch callocs its apply state and the Swift overlay boxes the closure), and a training
// step must allocate nothing; and a parked Dispatch worker takes microseconds to wake, while a
// step of the tutorial's model makes a few short parallel calls. So the workers here spin
// (yielding the processor now and then) for a while after each job, catching the next call of
// the same step at once, and only then sleep on a Dispatch semaphore. Nothing is allocated per
// job: the work is a small struct on the caller's stack, passed by address with its type.
//
// The protocol: one atomic word holds the job's number and the range of chunks not yet claimed.
// The caller claims from the front of the range, workers from the back, each by compare-and-swap
// on that word, so a claim succeeds only for the job it was meant for, and only while that job
// has chunks left (so the job's caller is still waiting, and its work still valid). A worker
// reads the job's work only after a successful claim; the caller returns when every chunk is
// counted finished.
//
// Each thread has its share of the chunks, the same from one kernel to the next: the caller the
// first ones (the first rows of x·W and of xᵀ·dY, the first parameters in Adam), a worker the
// last ones, so each core's L2 keeps its half of W, dW and Adam's moments instead of trading
// them through L3 every step (first-come claiming mixed the halves, and gained little from the
// second core). Yet the caller takes over a worker's unclaimed chunks when the worker makes no
// progress (not started, or its core busy with another process). What a chunk computes never
// depends on who runs it (see Parallel.swift).

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(workers: max(0, KernelThreads.processors - 1))

    /// Spins of a worker waiting for the next job before it sleeps: longer than the gaps between
    /// the parallel kernels of a training step.
    static let spinsBeforeSleeping = 50_000
    /// Spins of a caller waiting for its workers' chunks between two looks at their progress: if
    /// none was claimed in between (a few microseconds), it takes over the rest.
    static let spinsBeforeHelping = 4096
    /// A spinning worker yields the processor every this many spins (on a machine shared with
    /// other work, the spin must not starve the thread that will publish the next job).
    static let spinsBetweenYields = 256

    let workerCount: Int
    /// Job number (bits 32…63), end (16…31) and start (0…15) of the chunks not yet claimed.
    private let claim = Atomic<UInt64>(0)
    /// Chunks of the current job finished, by anyone.
    private let finished = Atomic<Int>(0)
    /// Held by the thread whose job the pool runs; other callers run their chunks alone.
    private let busy = Atomic<Bool>(false)
    /// Workers asleep on `wake`.
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)

    // The current job's work (its address on the caller's stack, and its type), written by the
    // caller before it publishes the job in `claim`, read by others only after a claim.
    nonisolated(unsafe) private var work: UnsafeRawPointer?
    nonisolated(unsafe) private var workType: (any ChunkedWork.Type)?
    nonisolated(unsafe) private var jobNumber: UInt64 = 0
    /// Whether the current job runs with subnormals flushed (its caller's mode: Subnormals.swift),
    /// written and read as `work` is.
    nonisolated(unsafe) private var jobFlushesSubnormals = false

    private init(workers: Int) {
        workerCount = workers
        for _ in 0..<workers {
            DispatchQueue.global(qos: .userInitiated).async { [self] in workerLoop() }
        }
    }

    /// Runs every chunk in 0..<chunks of the work at `work` (of type `type`) on the caller and
    /// the workers; returns when all are done. Returns false, having run nothing, when the pool
    /// is busy with another caller's job or the chunks do not fit the claim word.
    func run(chunks: Int, work: UnsafeRawPointer, as type: any ChunkedWork.Type) -> Bool {
        guard chunks < 1 << 16, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else { return false }
        self.work = work
        workType = type
        jobFlushesSubnormals = SubnormalMode.flushesKernelJobs
        finished.store(0, ordering: .relaxed)
        jobNumber &+= 1
        let job = jobNumber
        // Publish. Sequentially consistent, not just releasing: the load of `sleepers` below must
        // not be ordered before this store, or a worker going to sleep could miss the job.
        claim.store(job << 32 | UInt64(chunks) << 16, ordering: .sequentiallyConsistent)
        wakeSleepers()
        // The caller's share: the first chunks, up to its even share of the threads.
        let share = chunks / (workerCount + 1)
        runChunks(of: job, fromFront: true, upTo: share)
        // Then wait for the workers' chunks, but take over the unclaimed ones whenever the workers
        // make no progress for a while (not started, or preempted by another process).
        var spins = 0
        var lastWord = claim.load(ordering: .acquiring)
        while finished.load(ordering: .acquiring) < chunks {
            spins &+= 1
            if spins % Self.spinsBeforeHelping == 0 {
                let word = claim.load(ordering: .acquiring)
                if word == lastWord { runChunks(of: job, fromFront: true, upTo: chunks) }
                lastWord = claim.load(ordering: .acquiring)
            }
            if spins % Self.spinsBetweenYields == 0 { sched_yield() }
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// Claims and runs chunks of job `job`, from the front (up to chunk `limit`) or the back of the
    /// unclaimed range, until there are none left for it.
    @inline(__always)
    private func runChunks(of job: UInt64, fromFront: Bool, upTo limit: Int = .max) {
        var word = claim.load(ordering: .acquiring)
        while word >> 32 == job && word & 0xffff < (word >> 16) & 0xffff {
            if fromFront && Int(word & 0xffff) >= limit { return }
            let desired = fromFront ? word &+ 1 : word &- (1 << 16)
            let (exchanged, original) = claim.compareExchange(
                expected: word, desired: desired, ordering: .acquiringAndReleasing)
            if !exchanged {
                word = original
                continue
            }
            // The job is ours until this chunk is counted finished: its work is valid.
            let chunk = fromFront ? Int(word & 0xffff) : Int((word >> 16) & 0xffff) - 1
            if let work, let workType { workType.run(work, chunk: chunk) }
            finished.wrappingAdd(1, ordering: .releasing)
            word = claim.load(ordering: .acquiring)
        }
    }

    private func workerLoop() {
        var lastJob: UInt64 = 0
        // A new thread may inherit its creator's mode: start from IEEE, known.
        var flushing = false
        SubnormalMode.setFlushing(false)
        while true {
            var word = claim.load(ordering: .acquiring)
            var spins = 0
            while word >> 32 == lastJob && spins < Self.spinsBeforeSleeping {
                spins &+= 1
                if spins % Self.spinsBetweenYields == 0 { sched_yield() }
                word = claim.load(ordering: .acquiring)
            }
            if word >> 32 == lastJob {
                sleep(unlessJobAfter: lastJob)
                continue
            }
            lastJob = word >> 32
            // Read after the job was seen published; a stale value only if the job is over, and
            // then no chunk of it is left to run.
            if jobFlushesSubnormals != flushing {
                flushing = jobFlushesSubnormals
                SubnormalMode.setFlushing(flushing)
            }
            runChunks(of: lastJob, fromFront: false)
        }
    }

    private func wakeSleepers() {
        var sleeping = sleepers.load(ordering: .sequentiallyConsistent)
        while sleeping > 0 {
            let result = sleepers.compareExchange(
                expected: sleeping, desired: sleeping - 1, ordering: .sequentiallyConsistent)
            if result.exchanged {
                wake.signal()
                sleeping -= 1
            } else {
                sleeping = result.original
            }
        }
    }

    /// Sleeps until a caller publishes a job after `lastJob`. A job published between counting
    /// ourselves in and the check below is seen by the check; if its caller has meanwhile
    /// counted us out (and signalled), the signal is consumed.
    private func sleep(unlessJobAfter lastJob: UInt64) {
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if claim.load(ordering: .sequentiallyConsistent) >> 32 == lastJob {
            wake.wait()
            return
        }
        var sleeping = sleepers.load(ordering: .sequentiallyConsistent)
        while sleeping > 0 {
            let result = sleepers.compareExchange(
                expected: sleeping, desired: sleeping - 1, ordering: .sequentiallyConsistent)
            if result.exchanged { return }
            sleeping = result.original
        }
        wake.wait()
    }
}
