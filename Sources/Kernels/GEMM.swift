// General matrix product C = op(A)·op(B) (+ C), row-major, for the three products of a dense
// layer: x·W (forward), dY·Wᵀ (input gradient) and xᵀ·dY (weight gradient), without ever
// materializing a transpose.
//
// Shape of the computation (the names follow the usual GEMM literature):
//
// - C is cut into register tiles of `tileRows` (MR = 4) rows by one *panel* of columns: a wide
//   panel of 4 vectors (64 floats) where the machine has 32 wide vector registers, otherwise one
//   vector of 16 lanes. The micro-kernel keeps the whole tile in registers for all of k, so C is
//   read and written once per tile.
// - The MR rows of op(A) for one tile are packed into a small panel, MR values per k step, and at
//   the same time every k step where all MR values are zero is dropped (with its index kept for
//   B). Input images are about 80% zero pixels and ReLU outputs about half zero, so the products
//   of a dense layer skip a large share of their work; a zero product adds nothing to a sum of
//   finite numbers, so the result is bit for bit what the dense loop gives.
// - op(B) is read in place when it is row-major and the panel is full (x·W, xᵀ·dY): the kernel
//   streams rows of B, which stay in L2 (1 MiB per core here) across tiles. When B is transposed
//   (dY·Wᵀ) or the panel is partial, the panel is packed k × width first, zero-padded.
// - There is no blocking over k: every product here has k ≤ 1024, so a packed A panel (16 KiB)
//   stays in L1 and a B panel (k × 64 floats ≤ 256 KiB) in L2. Not splitting k also keeps every
//   element's sum in one fixed order.
//
// Every element of C is computed the same way whatever the tile, panel, chunk or thread:
// acc = 0; acc = acc + a[i,p]·b[p,j] for p in increasing order (zero a skipped); then C = acc or
// C = C + acc. So results are bit-identical across thread counts and tile shapes.

enum GEMM {
    /// Rows of C per register tile (MR). With a wide panel of 4 vectors, 4 × 4 = 16 accumulators
    /// plus 4 B vectors and a broadcast use 21 of 32 vector registers; 4 rows also keep the
    /// chance that all of a tile's input pixels are zero at one k high (about 60% for MNIST).
    static let tileRows = 4

    /// The column width of a wide panel, in vectors of 16 lanes, for element type T: 4 (64 floats,
    /// 4 zmm registers per row) or 2 (32 doubles) when 32 registers of 512 bits are there, else 1
    /// (16 lanes: 4 xmm per row on SSE or NEON, 2 ymm on AVX2).
    static func defaultWideVectors<T: KernelScalar>(_: T.Type) -> Int {
        guard Host.hasWideVectorRegisters else { return 1 }
        return MemoryLayout<T>.size <= 4 ? 4 : 2
    }

    static func multiply<T: KernelScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>, accumulate: Bool
    ) {
        multiply(
            Problem(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, c: c,
                accumulate: accumulate),
            wideVectors: defaultWideVectors(T.self))
    }

    /// One product, with its strides: op(A)[i, p] = A[i·k + p], or A[p·m + i] when transposed;
    /// op(B)[p, j] = B[p·n + j], or B[j·k + p] when transposed; C[i, j] = C[i·n + j].
    struct Problem<T: KernelScalar> {
        let transposeA: Bool, transposeB: Bool
        let m: Int, n: Int, k: Int
        let a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>
        let accumulate: Bool
    }

    /// The columns of C cut into panels: `wide` panels of `wideWidth` columns, then panels of
    /// one vector (16 lanes), the last of which may be partial.
    struct Panels {
        let n: Int, wideWidth: Int, wideVectors: Int, wideCount: Int, count: Int

        init(n: Int, wideVectors: Int) {
            self.n = n
            self.wideVectors = wideVectors
            wideWidth = wideVectors * lanes
            wideCount = n / wideWidth
            count = wideCount + (n - wideCount * wideWidth + lanes - 1) / lanes
        }

        /// First column, number of columns and vectors of panel `index`.
        @inline(__always)
        func panel(_ index: Int) -> (column: Int, width: Int, vectors: Int) {
            if index < wideCount { return (index * wideWidth, wideWidth, wideVectors) }
            let column = wideCount * wideWidth + (index - wideCount) * lanes
            return (column, min(lanes, n - column), 1)
        }
    }

    static func multiply<T: KernelScalar>(_ problem: Problem<T>, wideVectors: Int) {
        let m = problem.m, n = problem.n, k = problem.k
        guard m > 0, n > 0 else { return }
        let panels = Panels(n: n, wideVectors: wideVectors)
        let rowTiles = (m + tileRows - 1) / tileRows
        // The fixed partition: split the longer side of C, in whole tiles or panels.
        let byRows = m >= n || panels.count == 1
        let chunks = KernelThreads.chunks(units: byRows ? rowTiles : panels.count, work: 2 * m * n * k)
        KernelThreads.run(chunks: chunks) { chunk in
            if byRows {
                let tiles = range(chunk, of: chunks, units: rowTiles)
                multiplyBlock(problem, panels: panels, tiles: tiles, panelRange: 0..<panels.count)
            } else {
                let panelRange = range(chunk, of: chunks, units: panels.count)
                multiplyBlock(problem, panels: panels, tiles: 0..<rowTiles, panelRange: panelRange)
            }
        }
    }

    /// Part `index` of `parts` near-equal contiguous parts of 0..<units.
    @inline(__always)
    static func range(_ index: Int, of parts: Int, units: Int) -> Range<Int> {
        (units * index / parts)..<(units * (index + 1) / parts)
    }

    /// One chunk: the tiles of C in rows `tiles` (in units of `tileRows`) and panels `panelRange`.
    static func multiplyBlock<T: KernelScalar>(
        _ p: Problem<T>, panels: Panels, tiles: Range<Int>, panelRange: Range<Int>
    ) {
        guard !tiles.isEmpty, !panelRange.isEmpty else { return }
        let k = p.k, width = panels.wideWidth
        // Scratch: packed A (MR·k), its k indices, one packed B panel (k·width), one C tile.
        let stride = MemoryLayout<T>.stride
        let aBytes = align(tileRows * k * stride), indexBytes = align(k * 4)
        let bBytes = align(k * width * stride), tileBytes = align(tileRows * width * stride)
        let scratch = Scratch.memory(bytes: aBytes + indexBytes + bBytes + tileBytes)
        let packedA = scratch.bindMemory(to: T.self, capacity: tileRows * k)
        let index = (scratch + aBytes).bindMemory(to: Int32.self, capacity: k)
        let packedB = (scratch + aBytes + indexBytes).bindMemory(to: T.self, capacity: k * width)
        let tile = (scratch + aBytes + indexBytes + bBytes).bindMemory(to: T.self, capacity: tileRows * width)

        if p.transposeB {
            // B must be packed for every panel: pack each once, then run all tiles under it.
            for panelIndex in panelRange {
                let panel = panels.panel(panelIndex)
                packB(p, column: panel.column, width: panel.width, vectors: panel.vectors, into: packedB)
                for tileIndex in tiles {
                    let count = packA(p, row: tileIndex * tileRows, into: packedA, index: index)
                    runTile(
                        p, row: tileIndex * tileRows, panel: panel, count: count, packedA: packedA, index: index,
                        b: UnsafePointer(packedB), ldb: panel.vectors * lanes, tile: tile)
                }
            }
            return
        }
        // B is read in place, except a last partial panel, packed once here.
        let last = panels.panel(panelRange.upperBound - 1)
        let lastIsPartial = last.width < last.vectors * lanes
        if lastIsPartial { packB(p, column: last.column, width: last.width, vectors: last.vectors, into: packedB) }
        for tileIndex in tiles {
            let row = tileIndex * tileRows
            let count = packA(p, row: row, into: packedA, index: index)
            for panelIndex in panelRange {
                let panel = panels.panel(panelIndex)
                let packed = lastIsPartial && panelIndex == panelRange.upperBound - 1
                runTile(
                    p, row: row, panel: panel, count: count, packedA: packedA, index: index,
                    b: packed ? UnsafePointer(packedB) : p.b + panel.column,
                    ldb: packed ? panel.vectors * lanes : p.n, tile: tile)
            }
        }
    }

    @inline(__always)
    static func align(_ bytes: Int) -> Int { (bytes + Scratch.alignment - 1) & ~(Scratch.alignment - 1) }

    /// Runs the micro-kernel for the tile at `row` in `panel`: straight into C when the tile is
    /// whole, through the scratch `tile` and an element copy when it sticks out of C.
    @inline(__always)
    static func runTile<T: KernelScalar>(
        _ p: Problem<T>, row: Int, panel: (column: Int, width: Int, vectors: Int), count: Int,
        packedA: UnsafePointer<T>, index: UnsafePointer<Int32>, b: UnsafePointer<T>, ldb: Int,
        tile: UnsafeMutablePointer<T>
    ) {
        let rows = min(tileRows, p.m - row)
        let whole = rows == tileRows && panel.width == panel.vectors * lanes
        let target = whole ? p.c + row * p.n + panel.column : tile
        let ldc = whole ? p.n : panel.vectors * lanes
        let accumulate = whole && p.accumulate
        switch panel.vectors {
        case 4: kernel4x4(count, packedA, index, b, ldb, target, ldc, accumulate)
        case 2: kernel4x2(count, packedA, index, b, ldb, target, ldc, accumulate)
        default: kernel4x1(count, packedA, index, b, ldb, target, ldc, accumulate)
        }
        if whole { return }
        for r in 0..<rows {
            let source = tile + r * ldc, destination = p.c + (row + r) * p.n + panel.column
            if p.accumulate {
                for j in 0..<panel.width { destination[j] = destination[j] + source[j] }
            } else {
                for j in 0..<panel.width { destination[j] = source[j] }
            }
        }
    }

    // MARK: Packing

    /// Packs rows row..<row+MR of op(A) (zeros past m), MR values per k step, dropping the steps
    /// where all MR are zero; `index` gets the k of each kept step. Returns how many were kept.
    /// The keep/drop choice is made without a branch, so sparse input costs no mispredictions.
    @inline(__always)
    static func packA<T: KernelScalar>(
        _ p: Problem<T>, row: Int, into packed: UnsafeMutablePointer<T>, index: UnsafeMutablePointer<Int32>
    ) -> Int {
        let k = p.k, rows = min(tileRows, p.m - row)
        var count = 0
        if rows == tileRows {
            if p.transposeA {
                // A is k×m: the MR values of one step are adjacent.
                var source = p.a + row
                for step in 0..<k {
                    let v = UnsafeRawPointer(source).loadUnaligned(as: SIMD4<T>.self)
                    UnsafeMutableRawPointer(packed + count * tileRows).storeBytes(of: v, as: SIMD4<T>.self)
                    index[count] = Int32(truncatingIfNeeded: step)
                    count &+= any(v .!= 0) ? 1 : 0
                    source += p.m
                }
            } else {
                // A is m×k: one value from each of MR rows.
                let r0 = p.a + row * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k
                for step in 0..<k {
                    let v = SIMD4<T>(r0[step], r1[step], r2[step], r3[step])
                    UnsafeMutableRawPointer(packed + count * tileRows).storeBytes(of: v, as: SIMD4<T>.self)
                    index[count] = Int32(truncatingIfNeeded: step)
                    count &+= any(v .!= 0) ? 1 : 0
                }
            }
            return count
        }
        // A tile that sticks out of C: the missing rows are zero.
        for step in 0..<k {
            var v = SIMD4<T>()
            for r in 0..<rows { v[r] = p.transposeA ? p.a[step * p.m + row + r] : p.a[(row + r) * k + step] }
            UnsafeMutableRawPointer(packed + count * tileRows).storeBytes(of: v, as: SIMD4<T>.self)
            index[count] = Int32(truncatingIfNeeded: step)
            count &+= any(v .!= 0) ? 1 : 0
        }
        return count
    }

    /// Packs columns column..<column+width of op(B) as k rows of `vectors` vectors, zero-padded.
    @inline(__always)
    static func packB<T: KernelScalar>(
        _ p: Problem<T>, column: Int, width: Int, vectors: Int, into packed: UnsafeMutablePointer<T>
    ) {
        let k = p.k, ldp = vectors * lanes
        if p.transposeB {
            // B is n×k: column j of op(B) is row j of B, contiguous in k.
            if width < ldp { packed.update(repeating: 0, count: k * ldp) }
            for j in 0..<width {
                let source = p.b + (column + j) * k
                var target = packed + j
                for step in 0..<k {
                    target.pointee = source[step]
                    target += ldp
                }
            }
        } else {
            for step in 0..<k {
                let source = p.b + step * p.n + column, target = packed + step * ldp
                for j in 0..<width { target[j] = source[j] }
                for j in width..<ldp { target[j] = 0 }
            }
        }
    }

    // MARK: Micro-kernels

    // C tile (4 rows × V vectors of 16 lanes) = Σ over kept steps t of A[:, t] ⊗ B[index[t], :].
    // One B row is loaded per step and each A value broadcast once; the products are written as
    // `acc + a * b`, not `addProduct`, which becomes a library call on x86-64 without FMA in the
    // target. Three widths, written out so that every accumulator is a named register.

    @inline(never)
    static func kernel4x4<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c00 = V(), c01 = V(), c02 = V(), c03 = V()
        var c10 = V(), c11 = V(), c12 = V(), c13 = V()
        var c20 = V(), c21 = V(), c22 = V(), c23 = V()
        var c30 = V(), c31 = V(), c32 = V(), c33 = V()
        var a = a
        for t in 0..<count {
            let row = b + Int(index[t]) * ldb
            let b0 = loadVector(row), b1 = loadVector(row + 16), b2 = loadVector(row + 32), b3 = loadVector(row + 48)
            var x = V(repeating: a[0])
            c00 = c00 + x * b0; c01 = c01 + x * b1; c02 = c02 + x * b2; c03 = c03 + x * b3
            x = V(repeating: a[1])
            c10 = c10 + x * b0; c11 = c11 + x * b1; c12 = c12 + x * b2; c13 = c13 + x * b3
            x = V(repeating: a[2])
            c20 = c20 + x * b0; c21 = c21 + x * b1; c22 = c22 + x * b2; c23 = c23 + x * b3
            x = V(repeating: a[3])
            c30 = c30 + x * b0; c31 = c31 + x * b1; c32 = c32 + x * b2; c33 = c33 + x * b3
            a += 4
        }
        var out = c
        store(c00, out, accumulate); store(c01, out + 16, accumulate); store(c02, out + 32, accumulate); store(c03, out + 48, accumulate)
        out += ldc
        store(c10, out, accumulate); store(c11, out + 16, accumulate); store(c12, out + 32, accumulate); store(c13, out + 48, accumulate)
        out += ldc
        store(c20, out, accumulate); store(c21, out + 16, accumulate); store(c22, out + 32, accumulate); store(c23, out + 48, accumulate)
        out += ldc
        store(c30, out, accumulate); store(c31, out + 16, accumulate); store(c32, out + 32, accumulate); store(c33, out + 48, accumulate)
    }

    @inline(never)
    static func kernel4x2<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var a = a
        for t in 0..<count {
            let row = b + Int(index[t]) * ldb
            let b0 = loadVector(row), b1 = loadVector(row + 16)
            var x = V(repeating: a[0])
            c00 = c00 + x * b0; c01 = c01 + x * b1
            x = V(repeating: a[1])
            c10 = c10 + x * b0; c11 = c11 + x * b1
            x = V(repeating: a[2])
            c20 = c20 + x * b0; c21 = c21 + x * b1
            x = V(repeating: a[3])
            c30 = c30 + x * b0; c31 = c31 + x * b1
            a += 4
        }
        store(c00, c, accumulate); store(c01, c + 16, accumulate)
        store(c10, c + ldc, accumulate); store(c11, c + ldc + 16, accumulate)
        store(c20, c + 2 * ldc, accumulate); store(c21, c + 2 * ldc + 16, accumulate)
        store(c30, c + 3 * ldc, accumulate); store(c31, c + 3 * ldc + 16, accumulate)
    }

    @inline(never)
    static func kernel4x1<T: KernelScalar>(
        _ count: Int, _ a: UnsafePointer<T>, _ index: UnsafePointer<Int32>, _ b: UnsafePointer<T>, _ ldb: Int,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        typealias V = SIMD16<T>
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        var a = a
        for t in 0..<count {
            let b0 = loadVector(b + Int(index[t]) * ldb)
            c0 = c0 + V(repeating: a[0]) * b0
            c1 = c1 + V(repeating: a[1]) * b0
            c2 = c2 + V(repeating: a[2]) * b0
            c3 = c3 + V(repeating: a[3]) * b0
            a += 4
        }
        store(c0, c, accumulate)
        store(c1, c + ldc, accumulate)
        store(c2, c + 2 * ldc, accumulate)
        store(c3, c + 3 * ldc, accumulate)
    }

    /// C = acc, or C = C + acc.
    @inline(__always)
    static func store<T: KernelScalar>(_ v: SIMD16<T>, _ p: UnsafeMutablePointer<T>, _ accumulate: Bool) {
        storeVector(accumulate ? loadVector(p) + v : v, p)
    }
}
