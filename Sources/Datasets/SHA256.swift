/// SHA-256 (FIPS 180-4) in pure Swift, streaming.
///
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only a partial block
/// is copied into the 64-byte carry buffer. No allocation happens per block.
public struct SHA256: Sendable {
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    private var carry = [UInt8](repeating: 0, count: 64)
    private var carryCount = 0
    private var totalBytes: UInt64 = 0

    public init() {}

    /// The digest of `bytes` as 32 bytes.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: [UInt8]) -> String { hexString(hash(bytes)) }

    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalBytes &+= UInt64(remaining)
        if carryCount > 0 {
            let take = min(64 - carryCount, remaining)
            let at = carryCount
            carry.withUnsafeMutableBytes { c in
                c.baseAddress!.advanced(by: at).copyMemory(from: p, byteCount: take)
            }
            carryCount += take
            p += take
            remaining -= take
            if carryCount < 64 { return }
            carry.withUnsafeBytes { c in compress(c.baseAddress!, blocks: 1) }
            carryCount = 0
        }
        let blocks = remaining / 64
        if blocks > 0 {
            compress(p, blocks: blocks)
            p += blocks * 64
            remaining -= blocks * 64
        }
        if remaining > 0 {
            carry.withUnsafeMutableBytes { c in
                c.baseAddress!.copyMemory(from: p, byteCount: remaining)
            }
            carryCount = remaining
        }
    }

    /// Pads, compresses the last block(s) and returns the 32-byte digest. The hasher is spent.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var tail = [UInt8](repeating: 0, count: carryCount < 56 ? 64 : 128)
        for i in 0..<carryCount { tail[i] = carry[i] }
        tail[carryCount] = 0x80
        for i in 0..<8 {
            tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
        }
        tail.withUnsafeBytes { compress($0.baseAddress!, blocks: $0.count / 64) }
        carryCount = 0
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    @inline(__always)
    private static func ror(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    /// The round constants: the first 32 bits of the fractional parts of the cube roots of the
    /// first 64 primes.
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// One round with the variable renaming done by the caller: only `d` and `h` change.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d &+= t1
        h = t1 &+ (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) &+ ((a & b) | (c & (a | b)))
    }

    /// The message-schedule word `i` (16...63), kept in a 16-word ring.
    @inline(__always)
    private static func schedule(_ w: UnsafeMutablePointer<UInt32>, _ i: Int) -> UInt32 {
        let x = w[(i &- 15) & 15], y = w[(i &- 2) & 15]
        let sigma0 = ror(x, 7) ^ ror(x, 18) ^ (x &>> 3)
        let sigma1 = ror(y, 17) ^ ror(y, 19) ^ (y &>> 10)
        let v = w[i & 15] &+ sigma0 &+ w[(i &- 7) & 15] &+ sigma1
        w[i & 15] = v
        return v
    }

    /// Compresses `blocks` consecutive 64-byte blocks starting at `p` into the state.
    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        SHA256.k.withUnsafeBufferPointer { kp in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { buffer in
                let k = kp.baseAddress!
                let w = buffer.baseAddress!
                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                var block = p
                for _ in 0..<blocks {
                    let start = (a, b, c, d, e, f, g, h)
                    var i = 0
                    while i < 16 {
                        for j in 0..<8 {
                            w[i &+ j] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: (i &+ j) &* 4, as: UInt32.self))
                        }
                        SHA256.round(a, b, c, &d, e, f, g, &h, w[i] &+ k[i])
                        SHA256.round(h, a, b, &c, d, e, f, &g, w[i &+ 1] &+ k[i &+ 1])
                        SHA256.round(g, h, a, &b, c, d, e, &f, w[i &+ 2] &+ k[i &+ 2])
                        SHA256.round(f, g, h, &a, b, c, d, &e, w[i &+ 3] &+ k[i &+ 3])
                        SHA256.round(e, f, g, &h, a, b, c, &d, w[i &+ 4] &+ k[i &+ 4])
                        SHA256.round(d, e, f, &g, h, a, b, &c, w[i &+ 5] &+ k[i &+ 5])
                        SHA256.round(c, d, e, &f, g, h, a, &b, w[i &+ 6] &+ k[i &+ 6])
                        SHA256.round(b, c, d, &e, f, g, h, &a, w[i &+ 7] &+ k[i &+ 7])
                        i &+= 8
                    }
                    while i < 64 {
                        SHA256.round(a, b, c, &d, e, f, g, &h, SHA256.schedule(w, i) &+ k[i])
                        SHA256.round(h, a, b, &c, d, e, f, &g, SHA256.schedule(w, i &+ 1) &+ k[i &+ 1])
                        SHA256.round(g, h, a, &b, c, d, e, &f, SHA256.schedule(w, i &+ 2) &+ k[i &+ 2])
                        SHA256.round(f, g, h, &a, b, c, d, &e, SHA256.schedule(w, i &+ 3) &+ k[i &+ 3])
                        SHA256.round(e, f, g, &h, a, b, c, &d, SHA256.schedule(w, i &+ 4) &+ k[i &+ 4])
                        SHA256.round(d, e, f, &g, h, a, b, &c, SHA256.schedule(w, i &+ 5) &+ k[i &+ 5])
                        SHA256.round(c, d, e, &f, g, h, a, &b, SHA256.schedule(w, i &+ 6) &+ k[i &+ 6])
                        SHA256.round(b, c, d, &e, f, g, h, &a, SHA256.schedule(w, i &+ 7) &+ k[i &+ 7])
                        i &+= 8
                    }
                    a &+= start.0; b &+= start.1; c &+= start.2; d &+= start.3
                    e &+= start.4; f &+= start.5; g &+= start.6; h &+= start.7
                    block += 64
                }
                h0 = a; h1 = b; h2 = c; h3 = d; h4 = e; h5 = f; h6 = g; h7 = h
            }
        }
    }
}
