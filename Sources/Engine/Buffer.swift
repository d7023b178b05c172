import Kernels

/// A growable block of elements that keeps its memory between training steps: `reserve` only
/// reallocates when a larger size is asked for, so a warm tape allocates nothing.
public final class Buffer<Element> {
    public private(set) var pointer: UnsafeMutablePointer<Element>
    public private(set) var capacity: Int
    /// The number of elements in use.
    public private(set) var count: Int
    /// During `Tape.backward`, for a gradient buffer: true while no contribution has reached it
    /// in this pass, so that its contents are unspecified (not yet zeroed). Kept on the buffer,
    /// not the node, because the nodes of one parameter recorded twice share its gradient.
    var isFresh = false

    public init(count: Int = 0) {
        capacity = Swift.max(count, 1)
        pointer = .allocate(capacity: capacity)
        self.count = count
    }

    deinit {
        pointer.deallocate()
    }

    /// Makes room for `count` elements (their values are unspecified) and marks them in use.
    public func reserve(_ count: Int) {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
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
