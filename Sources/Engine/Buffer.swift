import Kernels
import Synchronization

/// A growable block of elements that keeps its memory between training steps: `reserve` only
/// reallocates when a larger size is asked for, so a warm tape allocates nothing.
public final class Buffer<Element> {
    public private(set) var pointer: UnsafeMutablePointer<Element>
    /// The allocation `pointer` lies in (see `BufferMemory`).
    private var block: UnsafeMutableRawPointer
    public private(set) var capacity: Int
    /// The number of elements in use.
    public private(set) var count: Int
    /// During `Tape.backward`, for a gradient buffer: true while no contribution has reached it
    /// in this pass, so that its contents are unspecified (not yet zeroed). Kept on the buffer,
    /// not the node, because the nodes of one parameter recorded twice share its gradient.
    var isFresh = false

    public init(count: Int = 0) {
        capacity = Swift.max(count, 1)
        (pointer, block) = BufferMemory.allocate(Element.self, capacity: capacity)
        self.count = count
    }

    deinit {
        block.deallocate()
    }

    /// Makes room for `count` elements (their values are unspecified) and marks them in use.
    public func reserve(_ count: Int) {
        if count > capacity {
            block.deallocate()
            capacity = count
            (pointer, block) = BufferMemory.allocate(Element.self, capacity: count)
        }
        self.count = count
    }

    public var elements: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    public var array: [Element] { Array(elements) }
}

extension Buffer where Element: KernelScalar {
    /// Sets every element in use to zero, through the kernels: this generic code is not
    /// specialized for the element type, so a loop here would run element by element through
    /// protocol witnesses (it did: 7% of a training epoch).
    public func zero() { Element.fill(pointer, 0, count) }
}

/// Where buffers start in memory. Every buffer starts on a 64-byte boundary (a cache line, and
/// the widest vector), so that a vector load never straddles two lines. A buffer of 4 KiB or
/// more starts at its own offset from a page boundary, 64·(9·j mod 64) bytes for the j-th such
/// buffer: the arrays one loop walks together (a parameter, its gradient and Adam's two
/// moments) then never share the low 12 bits of their addresses, which the processor uses to
/// guess whether a load depends on an earlier store ("4K aliasing"). Measured on the 535,818
/// parameters of the wide model (`bench --work K`, two threads): Adam took 99 µs with its four
/// arrays 16 bytes apart in the page (what large `malloc` blocks gave), 88 µs with all four at
/// the same page offset, 78 µs with them 1 KiB apart; a training step's Adam went from 122–133
/// µs to 107–113 µs (`bench --work W2`).
enum BufferMemory {
    static let alignment = 64
    static let pageBytes = 4096

    /// Memory for `capacity` elements, and the block to deallocate when done with it. The block
    /// is an ordinary allocation of a size that depends on the buffer's size only, with the start
    /// rounded up inside it by hand: asking the allocator for page-aligned blocks instead left
    /// gaps in its heap that grew the resident memory by 1-2 MB each time a model was built anew
    /// (`bench --work W2 --repetitions 8`: 108 → 120 MB; with this, flat).
    static func allocate<Element>(
        _: Element.Type, capacity: Int
    ) -> (elements: UnsafeMutablePointer<Element>, block: UnsafeMutableRawPointer) {
        let bytes = capacity * MemoryLayout<Element>.stride
        precondition(MemoryLayout<Element>.alignment <= alignment, "Buffer: elements aligned to more than 64 bytes")
        let large = bytes >= pageBytes
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: bytes + (large ? 2 * pageBytes : alignment), alignment: MemoryLayout<Int>.alignment)
        let address = UInt(bitPattern: block)
        let start: UInt
        if large {
            let j: Int
            if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
                j = LargeAllocations.count.wrappingAdd(1, ordering: .relaxed).oldValue
            } else {
                j = Int(truncatingIfNeeded: address >> 12)  // without atomics: the block's page number
            }
            start = roundUp(address, UInt(pageBytes)) + UInt(pageOffset(ofLargeAllocation: j))
        } else {
            start = roundUp(address, UInt(alignment))
        }
        return ((block + Int(start - address)).bindMemory(to: Element.self, capacity: capacity), block)
    }

    private static func roundUp(_ address: UInt, _ multiple: UInt) -> UInt {
        (address + multiple - 1) & ~(multiple - 1)
    }

    /// Where the j-th large buffer starts in its first page: 64·(9·j mod 64) bytes, so any 64
    /// consecutive ones start at 64 different offsets, neighbours 576 bytes apart.
    static func pageOffset(ofLargeAllocation j: Int) -> Int {
        alignment * ((9 * (j & 63)) % (pageBytes / alignment))
    }
}

/// How many buffers of 4 KiB or more have been allocated (`BufferMemory`), from any thread.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private enum LargeAllocations {
    static let count = Atomic<Int>(0)
}
