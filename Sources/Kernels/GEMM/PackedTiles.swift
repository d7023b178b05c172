// The general algorithm of the GEMM: packed register tiles that skip the zero steps of op(A).
//
// - C is cut into register tiles of MR rows by one *panel* of columns, kept in registers for all
//   of k so that C is read and written once. On a machine with 32 registers of 512 bits: 4 rows
//   × 64 floats (16 accumulators) for dense op(A); 2 rows × 128 floats (16 accumulators) for
//   sparse row-major op(A), the images of x·W. Elsewhere the panels are 4 times narrower.
// - The MR rows of op(A) for one tile are packed, MR values per k step, dropping every step where
//   all MR values are zero (its k is kept in an index for B). MNIST pixels are 81% zero and ReLU
//   outputs about half, so the products of a dense layer skip much of their work; a zero product
//   adds nothing to a sum of finite numbers, so the result is what the dense loop gives.
// - op(B) is read in place when it is row-major and the panel whole (x·W, xᵀ·dY); a partial
//   panel is packed, zero-padded. Rows go in blocks of 32: the block's A is packed first, then
//   its tiles run panel by panel, so one panel of B (k × 128 floats) stays in L2 (1 MiB per core
//   here) for all the block's rows.
// - There is no blocking over k: the products here have k ≤ 1024, so a block's packed A and a
//   panel of B fit in L2 together. Not splitting k also keeps every element's sum in one order.

extension GEMM {
    /// Rows of C per register tile for dense op(A) (MR). With a wide panel of 4 vectors, 4 × 4 = 16
    /// accumulators, 4 B vectors and a broadcast use 21 of the 32 vector registers.
    static let tileRows = 4

    /// Below this fraction of nonzero entries in op(A), tiles have two rows.
    static let sparseDensity = 0.3

    /// Rows per register tile for a product: 2 for sparse op(A), else 4. For x·W two images share
    /// each B row loaded, and are nonzero together at 29% of the steps (19% for one, 39% for
    /// four); for xᵀ·dY the rows are adjacent pixels, a pair packed with two adjacent loads per
    /// step. Pairs beat both single rows, which keep the fewest steps but pack one strided value
    /// at a time, and per-row lists of the nonzeros, whose sorting cost more than it saved.
    static func chooseGroupRows<T: KernelScalar>(_ p: Problem<T>) -> Int {
        sampledDensity(p.a, p.m * p.k) < sparseDensity ? 2 : tileRows
    }

    /// The column width of a wide panel, in vectors of 16 lanes, for element type T: 4 (64 floats,
    /// 4 zmm registers per row) or 2 (32 doubles) when 32 registers of 512 bits are there, else 1
    /// (16 lanes: 4 xmm per row on SSE or NEON, 2 ymm on AVX2).
    static func defaultWideVectors<T: KernelScalar>(_: T.Type) -> Int {
        guard Host.hasWideVectorRegisters else { return 1 }
        return MemoryLayout<T>.size <= 4 ? 4 : 2
    }

    /// How the tiles cut one product: rows per tile, the panels of columns, and the partition
    /// into chunks: ranges of rows, in whole register tiles (each thread packs only its own rows
    /// of A), or of panels of columns when there are too few rows.
    struct TileLayout {
        let groupRows: Int
        let panels: Panels
        let byRows: Bool
        /// Row tiles or panels, as the partition counts them.
        let units: Int

        init<T: KernelScalar>(_ problem: Problem<T>, _ configuration: Configuration) {
            groupRows = configuration.groupRows ?? chooseGroupRows(problem)
            // A tile of two rows holds twice the columns (8 vectors: 128 floats).
            panels = Panels(
                n: problem.n,
                wideVectors: groupRows < tileRows ? 2 * configuration.wideVectors : configuration.wideVectors)
            let rowUnits = (problem.m + groupRows - 1) / groupRows
            byRows = rowUnits >= 2 * KernelThreads.processors || panels.count == 1
            units = byRows ? rowUnits : panels.count
        }

        /// Chunks for each of `parts` parts of k (1, or 2 for a split sum) of a product of `flops`
        /// operations: several per thread, so that a thread that starts late (its core busy with
        /// another process) leaves the others only the chunks it has not claimed.
        func chunksPerPart(flops: Int, parts: Int, _ configuration: Configuration) -> Int {
            flops < configuration.minimumParallelWork ? 1 : max(1, min(units, KernelThreads.parallelParts / parts))
        }
    }

    /// C = op(A)·op(B) (+ C) by packed tiles, in one part of k.
    @inline(__always)
    static func multiplyByTiles<T: KernelScalar>(_ problem: Problem<T>, _ configuration: Configuration) {
        let layout = TileLayout(problem, configuration)
        let chunks = layout.chunksPerPart(flops: 2 * problem.m * problem.n * problem.k, parts: 1, configuration)
        run(Chunks(problem: problem, second: problem, parts: 1, layout: layout, chunks: chunks), configuration)
    }

    /// The columns of C cut into panels: `wideCount` panels of `wideWidth` columns, then panels of
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
        func panel(_ index: Int) -> Panel {
            if index < wideCount { return Panel(column: index &* wideWidth, width: wideWidth, vectors: wideVectors) }
            let column = wideCount &* wideWidth &+ (index &- wideCount) &* lanes
            return Panel(column: column, width: min(lanes, n &- column), vectors: 1)
        }
    }

    struct Panel {
        let column: Int, width: Int, vectors: Int
        var isPartial: Bool { width < vectors * lanes }
    }

    /// Runs the chunks of one product on the kernel threads.
    @inline(__always)
    static func run<T: KernelScalar>(_ work: Chunks<T>, _ configuration: Configuration) {
        withUnsafePointer(to: work) {
            KernelThreads.run(chunks: work.chunks, threads: configuration.threads, .productTiles($0))
        }
    }

    /// The chunks of one product: a range of rows (all panels) or of panels (all rows); for a
    /// split sum, the chunks of the first half of k (`problem`) and then of the second (`second`).
    struct Chunks<T: KernelScalar> {
        let problem: Problem<T>, second: Problem<T>
        let parts: Int
        let layout: TileLayout
        let chunks: Int

        func run(chunk: Int) {
            let perPart = chunks / parts
            let p = chunk < perPart ? problem : second
            let part = range(chunk % perPart, of: perPart, units: layout.units)
            let groupRows = layout.groupRows
            let rows = layout.byRows ? (part.lowerBound * groupRows)..<min(part.upperBound * groupRows, p.m) : 0..<p.m
            let panelRange = layout.byRows ? 0..<layout.panels.count : part
            multiplyBlock(p, groupRows: groupRows, panels: layout.panels, rows: rows, panelRange: panelRange)
        }
    }

    /// Rows of op(A) packed together, for the bookkeeping of a block (counts and offsets).
    static let stripRows = 16

    /// One chunk: rows `rows` of C in panels `panelRange`, packed in strips of up to 16 rows and
    /// computed as register tiles of `groupRows` (2 or 4) rows.
    ///
    /// Rows go in blocks of `blockRows`: the block's strips are packed first, then the tiles run
    /// panel by panel, so that one panel of B (k × 128 floats: 400 KB for k = 784) stays in L2
    /// while every row of the block uses it. Row by row instead, each row would stream all of B
    /// from L3 when B is larger than L2 (the wide model's 784×512 W1 is 1.6 MB).
    static func multiplyBlock<T: KernelScalar>(
        _ p: Problem<T>, groupRows: Int, panels: Panels, rows chunkRows: Range<Int>, panelRange: Range<Int>
    ) {
        guard !chunkRows.isEmpty, !panelRange.isEmpty else { return }
        let k = p.k
        let first = panels.panel(panelRange.lowerBound), last = panels.panel(panelRange.upperBound - 1)
        let columns = last.column + last.vectors * lanes - first.column  // padded to whole vectors
        // Scratch: a packed block of A (values, steps and counts for `blockRows` rows), packed B
        // for the chunk's columns when it must be packed, one C tile for tiles sticking out of C.
        let size = MemoryLayout<T>.stride
        let aBytes = align(blockRows * k * size), indexBytes = align(blockRows * k * 4)
        let countBytes = align(blockRows * MemoryLayout<Int>.stride)
        let packsB = p.transposeB || last.isPartial
        let bBytes = packsB ? align(k * columns * size) : 0
        let tileBytes = align(tileRows * panels.wideWidth * size)
        let scratch = Scratch.memory(bytes: aBytes + indexBytes + countBytes + bBytes + tileBytes)
        let packedA = scratch.bindMemory(to: T.self, capacity: blockRows * k)
        var offset = aBytes
        let index = (scratch + offset).bindMemory(to: Int32.self, capacity: blockRows * k)
        offset += indexBytes
        let counts = (scratch + offset).bindMemory(to: Int.self, capacity: blockRows)
        offset += countBytes
        let packedB = (scratch + offset).bindMemory(to: T.self, capacity: max(1, k * columns))
        offset += bBytes
        let tile = (scratch + offset).bindMemory(to: T.self, capacity: tileRows * panels.wideWidth)

        // op(B) for panel `i`: in place when B is row-major and the panel whole, else packed.
        if p.transposeB {
            for i in panelRange {
                let panel = panels.panel(i)
                packB(p, panel, into: packedB + k * (panel.column - first.column))
            }
        } else if last.isPartial {
            packB(p, last, into: packedB + k * (last.column - first.column))
        }
        @inline(__always) func b(_ panel: Panel) -> (UnsafePointer<T>, Int) {
            if p.transposeB || panel.isPartial {
                return (UnsafePointer(packedB + k * (panel.column - first.column)), panel.vectors * lanes)
            }
            return (p.b + panel.column, p.n)
        }

        for blockRow in stride(from: chunkRows.lowerBound, to: chunkRows.upperBound, by: blockRows) {
            let blockEnd = min(blockRow + blockRows, chunkRows.upperBound)
            // Pack the block's strips: strip s holds its groups at packedA[s·16·k…], their steps
            // at index[s·16·k…] (k per group) and counts at counts[s·16…].
            for row in stride(from: blockRow, to: blockEnd, by: stripRows) {
                let strip = (row - blockRow) / stripRows * stripRows
                _ = packStrip(
                    p, row: row, rows: min(stripRows, blockEnd - row), groupRows: groupRows,
                    into: packedA + strip * k, index: index + strip * k, counts: counts + strip)
            }
            for i in panelRange {
                let panel = panels.panel(i)
                let (bPanel, ldb) = b(panel)
                for row in stride(from: blockRow, to: blockEnd, by: stripRows) {
                    let strip = (row - blockRow) / stripRows * stripRows
                    let stripGroups = (min(stripRows, blockEnd - row) + groupRows - 1) / groupRows
                    for group in 0..<stripGroups {
                        runTile(
                            p, row: row + group * groupRows, rows: groupRows, panel: panel,
                            count: counts[strip + group], packedA: UnsafePointer(packedA + (strip + group * groupRows) * k),
                            index: UnsafePointer(index + (strip * k + group * k)), b: bPanel, ldb: ldb, tile: tile)
                    }
                }
            }
        }
    }

    /// Rows of C packed and computed together (see `multiplyBlock`): 32 rows of A for k = 784
    /// pack into 200 KB, which sits in L2 beside a 400 KB panel of B.
    static let blockRows = 32

    @inline(__always)
    static func align(_ bytes: Int) -> Int { (bytes + Scratch.alignment - 1) & ~(Scratch.alignment - 1) }

    /// Runs the micro-kernel for the tile at `row` in `panel`: straight into C when the tile is
    /// whole, through the scratch `tile` and an element copy when it sticks out of C.
    @inline(__always)
    static func runTile<T: KernelScalar>(
        _ p: Problem<T>, row: Int, rows: Int, panel: Panel, count: Int,
        packedA: UnsafePointer<T>, index: UnsafePointer<Int32>, b: UnsafePointer<T>, ldb: Int,
        tile: UnsafeMutablePointer<T>
    ) {
        if count == 0 && p.accumulate { return }  // nothing to add
        let valid = min(rows, p.m - row)
        let whole = valid == rows && !panel.isPartial
        let target = whole ? p.c + row * p.n + panel.column : tile
        let ldc = whole ? p.n : panel.vectors * lanes
        let accumulate = whole && p.accumulate
        switch (rows, panel.vectors) {
        case (4, 4): kernel4x4(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (4, 2): kernel4x2(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (4, _): kernel4x1(count, packedA, index, b, ldb, target, ldc, accumulate)
        case (_, 8): kernel2x8(count, packedA, index, b, ldb, target, ldc, accumulate)
        default: kernel2xV(count, packedA, index, b, ldb, target, ldc, accumulate, vectors: panel.vectors)
        }
        if whole { return }
        for r in 0..<valid {
            let source = tile + r * ldc, destination = p.c + (row + r) * p.n + panel.column
            if p.accumulate {
                for j in 0..<panel.width { destination[j] = destination[j] + source[j] }
            } else {
                for j in 0..<panel.width { destination[j] = source[j] }
            }
        }
    }

    /// The fraction of nonzero entries of the `count` values of `a`, from a sample of at most
    /// 256 runs of 16 spread over all of it (the choice it serves only changes the speed).
    @inline(__always)
    static func sampledDensity<T: KernelScalar>(_ a: UnsafePointer<T>, _ count: Int) -> Double {
        guard count > 0 else { return 1 }
        let runs = count / lanes
        if runs == 0 {
            var nonzero = 0
            for i in 0..<count { nonzero &+= Bits.nonzero(Bits.magnitude(a + i)) }
            return Double(nonzero) / Double(count)
        }
        let sampled = min(runs, 256), stride = runs / sampled
        var nonzero = 0
        for s in 0..<sampled { nonzero &+= Bits.nonzeroMask16(a + s &* stride &* lanes).nonzeroBitCount }
        return Double(nonzero) / Double(sampled * lanes)
    }
}
