// Packing for the tiles: the rows of op(A) step by step with their zero steps dropped, the
// partial panels of op(B) zero-padded; and the zero tests on bits that the packing runs on.

extension GEMM {
    /// Packs `rows` (≤ 16) rows of op(A) from `row` as groups of `groupRows` rows (2 or 4; rows
    /// past m are zero): group g gets its values at packed[g·groupRows·k…], `groupRows` per step,
    /// the k of each step at index[g·k…] and its step count at counts[g]. Only steps where a
    /// group has a nonzero value are kept. Returns the number of groups.
    ///
    /// No per-value branches: values are tested on their bits, 16 at a time as a bit mask where
    /// they are adjacent in memory (the work then follows the mask's set bits), else one at a
    /// time with a count advanced by 0 or 1.
    @inline(__always)
    static func packStrip<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, groupRows: Int, into packed: UnsafeMutablePointer<T>,
        index: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<Int>
    ) -> Int {
        let k = p.k
        if groupRows == 2 && p.transposeA && rows == stripRows && MemoryLayout<T>.size == 4 {
            packPairsTransposed(p, row: row, into: packed, index: index, counts: counts)
            return stripRows / 2
        }
        if groupRows == 2 {
            let groups = (rows + 1) / 2
            for g in 0..<groups {
                counts[g] = packTwoRows(p, row: row + 2 * g, rows: min(2, rows - 2 * g), into: packed + 2 * g * k, index: index + g * k)
            }
            return groups
        }
        let groups = (rows + tileRows - 1) / tileRows
        for g in 0..<groups {
            counts[g] = packFourRows(
                p, row: row + g * tileRows, into: packed + g * tileRows * k, index: index + g * k)
        }
        return groups
    }

    /// `packStrip` for 16 rows of transposed Float A in groups of 2 (the pixel pairs of xᵀ in
    /// xᵀ·dY), all 8 groups at once: at each step the strip's 16 values are one 64-byte load,
    /// whose 8 lanes of 64 bits are the 8 pairs, each stored whole where its group's count
    /// stands, the count advanced when the pair is not zero. The same packed data as 8 calls
    /// of `packTwoRows`, with a third of the instructions.
    @inline(__always)
    static func packPairsTransposed<T: KernelScalar>(
        _ p: Problem<T>, row: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>,
        counts: UnsafeMutablePointer<Int>
    ) {
        let k = p.k, stride = p.m &* 4
        let pairs = UnsafeMutableRawPointer(packed)
        var source = UnsafeRawPointer(p.a + row)
        var n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0
        let k8 = k &* 8
        for step in 0..<k {
            let v = source.loadUnaligned(as: SIMD8<UInt64>.self)
            // 1 in the lanes whose pair has a value that is not ±0 (a NaN counts).
            let kept = ((v & 0x7fff_ffff_7fff_ffff) &+ 0x7fff_ffff_ffff_ffff) &>> 63
            let s = Int32(truncatingIfNeeded: step)
            @inline(__always) func put(_ g: Int, _ n: inout Int) {
                pairs.storeBytes(of: v[g], toByteOffset: g &* k8 &+ n &* 8, as: UInt64.self)
                index[g &* k &+ n] = s
                n &+= Int(truncatingIfNeeded: kept[g])
            }
            put(0, &n0); put(1, &n1); put(2, &n2); put(3, &n3)
            put(4, &n4); put(5, &n5); put(6, &n6); put(7, &n7)
            source += stride
        }
        counts[0] = n0; counts[1] = n1; counts[2] = n2; counts[3] = n3
        counts[4] = n4; counts[5] = n5; counts[6] = n6; counts[7] = n7
    }

    /// Packs 2 rows of op(A) from `row` (`rows` of them real, the other zero), 2 values per kept
    /// step; A transposed is packed one strided pair at a time.
    @inline(__always)
    static func packTwoRows<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>
    ) -> Int {
        let k = p.k
        var count = 0
        if rows == 2 && p.transposeA {
            // A is k×m: the 2 values of one step are adjacent.
            var source = p.a + row
            for step in 0..<k {
                packed[2 &* count] = source[0]
                packed[2 &* count &+ 1] = source[1]
                index[count] = Int32(truncatingIfNeeded: step)
                count &+= Bits.nonzero(Bits.magnitude(source) | Bits.magnitude(source + 1))
                source += p.m
            }
            return count
        }
        if rows == 2 && !p.transposeA {
            let r0 = p.a + row &* p.lda, r1 = r0 + p.lda
            var step = 0
            while step &+ lanes <= k {
                var mask = Bits.nonzeroMask16(r0 + step) | Bits.nonzeroMask16(r1 + step)
                while mask != 0 {
                    let s = step &+ mask.trailingZeroBitCount
                    packed[2 &* count] = r0[s]
                    packed[2 &* count &+ 1] = r1[s]
                    index[count] = Int32(truncatingIfNeeded: s)
                    count &+= 1
                    mask &= mask &- 1
                }
                step &+= lanes
            }
            while step < k {
                packed[2 &* count] = r0[step]
                packed[2 &* count &+ 1] = r1[step]
                index[count] = Int32(truncatingIfNeeded: step)
                count &+= Bits.nonzero(Bits.magnitude(r0 + step) | Bits.magnitude(r1 + step))
                step &+= 1
            }
            return count
        }
        for step in 0..<k {
            var bits: UInt64 = 0
            for r in 0..<2 {
                if r < rows {
                    let source = p.transposeA ? p.a + (step &* p.m &+ row &+ r) : p.a + ((row &+ r) &* p.lda &+ step)
                    packed[2 &* count &+ r] = source.pointee
                    bits |= Bits.magnitude(source)
                } else {
                    packed[2 &* count &+ r] = 0
                }
            }
            index[count] = Int32(truncatingIfNeeded: step)
            count &+= Bits.nonzero(bits)
        }
        return count
    }

    /// Packs 4 rows of op(A) from `row` (zeros past m), 4 values per kept step.
    @inline(__always)
    static func packFourRows<T: KernelScalar>(
        _ p: Problem<T>, row: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>
    ) -> Int {
        let k = p.k, m = p.m, rows = min(tileRows, m &- row)
        var count = 0
        if rows == tileRows && p.transposeA {
            // A is k×m: the 4 values of one step are adjacent.
            var source = p.a + row
            for step in 0..<k {
                let out = packed + count &* 4
                out[0] = source[0]; out[1] = source[1]; out[2] = source[2]; out[3] = source[3]
                index[count] = Int32(truncatingIfNeeded: step)
                let bits = Bits.magnitude(source) | Bits.magnitude(source + 1) | Bits.magnitude(source + 2) | Bits.magnitude(source + 3)
                count &+= Bits.nonzero(bits)
                source += m
            }
            return count
        }
        if rows == tileRows {
            // A is m×k: one value from each of 4 rows; the steps to keep are the set bits of the
            // four rows' nonzero masks, 16 steps at a time.
            let r0 = p.a + row &* p.lda, r1 = r0 + p.lda, r2 = r1 + p.lda, r3 = r2 + p.lda
            var step = 0
            while step &+ lanes <= k {
                var mask =
                    Bits.nonzeroMask16(r0 + step) | Bits.nonzeroMask16(r1 + step) | Bits.nonzeroMask16(r2 + step)
                    | Bits.nonzeroMask16(r3 + step)
                while mask != 0 {
                    let s = step &+ mask.trailingZeroBitCount
                    let out = packed + count &* 4
                    out[0] = r0[s]; out[1] = r1[s]; out[2] = r2[s]; out[3] = r3[s]
                    index[count] = Int32(truncatingIfNeeded: s)
                    count &+= 1
                    mask &= mask &- 1
                }
                step &+= lanes
            }
            while step < k {
                let out = packed + count &* 4
                out[0] = r0[step]; out[1] = r1[step]; out[2] = r2[step]; out[3] = r3[step]
                index[count] = Int32(truncatingIfNeeded: step)
                let bits = Bits.magnitude(r0 + step) | Bits.magnitude(r1 + step) | Bits.magnitude(r2 + step) | Bits.magnitude(r3 + step)
                count &+= Bits.nonzero(bits)
                step &+= 1
            }
            return count
        }
        // A group that sticks out of C: the missing rows are zero.
        for step in 0..<k {
            let out = packed + count &* 4
            var bits: UInt64 = 0
            for r in 0..<4 {
                if r < rows {
                    let source = p.transposeA ? p.a + (step &* m &+ row &+ r) : p.a + ((row &+ r) &* p.lda &+ step)
                    out[r] = source.pointee
                    bits |= Bits.magnitude(source)
                } else {
                    out[r] = 0
                }
            }
            index[count] = Int32(truncatingIfNeeded: step)
            count &+= Bits.nonzero(bits)
        }
        return count
    }

    /// Packs the columns of `panel` of op(B) as k rows of `panel.vectors` vectors, zero-padded.
    @inline(__always)
    static func packB<T: KernelScalar>(_ p: Problem<T>, _ panel: Panel, into packed: UnsafeMutablePointer<T>) {
        let k = p.k, ldp = panel.vectors * lanes, column = panel.column, width = panel.width
        if p.transposeB {
            // B is n×k: column j of op(B) is row j of B, contiguous in k.
            if width < ldp { packed.update(repeating: 0, count: k * ldp) }
            for j in 0..<width {
                let source = p.b + (column &+ j) &* k
                var target = packed + j
                for step in 0..<k {
                    target.pointee = source[step]
                    target += ldp
                }
            }
        } else {
            for step in 0..<k {
                let source = p.b + (step &* p.n &+ column), target = packed + step &* ldp
                for j in 0..<width { target[j] = source[j] }
                for j in width..<ldp { target[j] = 0 }
            }
        }
    }
}

/// Zero tests on the bits of Float and Double values, without float compares (which LLVM turns
/// into branches on x86-64, to handle NaN).
enum Bits {
    /// The bits of the value at `p` without its sign (0 exactly for +0 and −0), widened.
    @inline(__always)
    static func magnitude<T: KernelScalar>(_ p: UnsafePointer<T>) -> UInt64 {
        if MemoryLayout<T>.size == 8 {
            return UnsafeRawPointer(p).load(as: UInt64.self) & 0x7fff_ffff_ffff_ffff
        }
        return UInt64(UnsafeRawPointer(p).load(as: UInt32.self) & 0x7fff_ffff)
    }

    /// 1 when `magnitude` is not zero, else 0 (a NaN is not zero, and is kept).
    @inline(__always)
    static func nonzero(_ magnitude: UInt64) -> Int {
        Int(truncatingIfNeeded: (magnitude &+ 0x7fff_ffff_ffff_ffff) >> 63)
    }

    /// Bit i set when value i of the 16 from `p` is not ±0: a handful of vector instructions
    /// (LLVM turns the weighted sum into a horizontal reduction).
    @inline(__always)
    static func nonzeroMask16<T: KernelScalar>(_ p: UnsafePointer<T>) -> UInt32 {
        let raw = UnsafeRawPointer(p)
        if MemoryLayout<T>.size == 8 {
            let weights = SIMD8<UInt64>(1, 2, 4, 8, 16, 32, 64, 128)
            let low = raw.loadUnaligned(as: SIMD8<UInt64>.self) & 0x7fff_ffff_ffff_ffff
            let high = raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<UInt64>.self) & 0x7fff_ffff_ffff_ffff
            let lowMask = ((low &+ 0x7fff_ffff_ffff_ffff) &>> 63 &* weights).wrappedSum()
            let highMask = ((high &+ 0x7fff_ffff_ffff_ffff) &>> 63 &* weights).wrappedSum()
            return UInt32(truncatingIfNeeded: lowMask | highMask << 8)
        }
        let weights = SIMD16<UInt32>(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
        let bits = raw.loadUnaligned(as: SIMD16<UInt32>.self) & 0x7fff_ffff
        return ((bits &+ 0x7fff_ffff) &>> 31 &* weights).wrappedSum()
    }
}
