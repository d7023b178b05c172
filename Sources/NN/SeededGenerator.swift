import Engine

/// A seeded random number generator (xoshiro256**, seeded through SplitMix64) whose stream is the
/// same on every machine, so a seed names one initialization and one shuffle order. Its state is
/// four words that a checkpoint can store and restore.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= SplitMix64.increment
            return SplitMix64.mix(s)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Resumes a generator from a stored state.
    public init(state words: [UInt64]) {
        precondition(words.count == 4, "a generator state is four words")
        state = (words[0], words[1], words[2], words[3])
    }

    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Standard normal, by the Box–Muller transform.
    public mutating func normal() -> Double {
        var u = unit()
        while u == 0 { u = unit() }
        let v = unit()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// Uniform in 0..<bound without modulo bias (Lemire's method).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Shuffles in place (Fisher–Yates), identically on every machine. Inlinable so that it is
    /// specialized for the caller's collection: unspecialized, every swap allocates.
    @inlinable
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ items: inout C) where C.Index == Int {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = index(below: i + 1)
            items.swapAt(items.startIndex + i, items.startIndex + j)
        }
    }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool { a.stateWords == b.stateWords }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { cos(x) }
