/// SplitMix64's output function (Steele, Lea and Flood, 2014): a 64-bit value mixed so that
/// nearby inputs give unrelated outputs. It seeds `SeededGenerator`, and it draws dropout's mask
/// element by element from (seed, index) without any state to carry.
public enum SplitMix64 {
    /// The increment between successive states (2⁶⁴ / φ).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    public static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
