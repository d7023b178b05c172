@testable import Engine
import Testing

@Suite struct BufferTests {
    /// Every buffer starts on a 64-byte boundary, small or large.
    @Test func buffersStartOnACacheLine() {
        for count in [1, 3, 1000, 1024, 100_352] {
            #expect(Int(bitPattern: Buffer<Float>(count: count).pointer) % 64 == 0)
            #expect(Int(bitPattern: Buffer<Double>(count: count).pointer) % 64 == 0)
        }
    }

    /// Large buffers allocated one after the other (a parameter, its gradient, Adam's moments)
    /// start at different offsets in a page: any 64 consecutive ones at 64 different multiples of 64.
    @Test func largeBuffersAreStaggeredWithinAPage() {
        for first in [0, 5, 1000] {
            let offsets = (first..<(first + 64)).map { BufferMemory.pageOffset(ofLargeAllocation: $0) }
            #expect(Set(offsets).count == 64)
            for offset in offsets { #expect(offset % 64 == 0 && offset >= 0 && offset < 4096) }
        }
        // And the buffers are where the offsets say.
        let buffer = Buffer<Float>(count: 100_352)
        #expect((Int(bitPattern: buffer.pointer) % 4096) % 64 == 0)
    }

    /// Growing a buffer moves it to new memory that holds the new count (the old is freed).
    @Test func reserveGrowsAndKeepsTheAlignment() {
        let buffer = Buffer<Float>(count: 10)
        buffer.reserve(50_000)
        #expect(buffer.count == 50_000 && buffer.capacity == 50_000)
        #expect(Int(bitPattern: buffer.pointer) % 64 == 0)
        for i in 0..<50_000 { buffer.pointer[i] = 1 }
        #expect(buffer.elements.reduce(0, +) == 50_000)
        buffer.reserve(20)
        #expect(buffer.count == 20 && buffer.capacity == 50_000)
    }
}
