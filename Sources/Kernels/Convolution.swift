// Convolution and pooling loops over NHWC tensors (batch, height, width, channels).
//
// A convolution is computed as one matrix product: im2col lays every output position's
// receptive field out as one row (kernel rows × kernel columns × channels, the same order as a
// kernel stored (KH, KW, C, F)), so y = cols · K with K seen as a (KH·KW·C) × F matrix, and the
// result is already NHWC. col2im is its adjoint: it adds each row of a patch gradient back
// onto the input positions it was read from.

/// The shape arithmetic of a 2-D convolution or pooling window over an NHWC input.
public struct WindowGeometry: Sendable, Equatable {
    public let batch: Int, height: Int, width: Int, channels: Int
    public let windowHeight: Int, windowWidth: Int
    public let stride: Int
    /// Zero rows above and zero columns to the left (TensorFlow's "same": the extra pad, if odd,
    /// goes below and to the right).
    public let padTop: Int, padLeft: Int
    public let outputHeight: Int, outputWidth: Int

    /// `same` keeps ⌈size / stride⌉ outputs per axis by zero padding; otherwise ("valid") only
    /// windows that fit inside the input. Nil when no window fits.
    public init?(batch: Int, height: Int, width: Int, channels: Int, window: (Int, Int), stride: Int, same: Bool) {
        guard batch > 0, height > 0, width > 0, channels > 0, window.0 > 0, window.1 > 0, stride > 0 else { return nil }
        self.batch = batch
        self.height = height
        self.width = width
        self.channels = channels
        windowHeight = window.0
        windowWidth = window.1
        self.stride = stride
        if same {
            outputHeight = (height + stride - 1) / stride
            outputWidth = (width + stride - 1) / stride
            padTop = max((outputHeight - 1) * stride + window.0 - height, 0) / 2
            padLeft = max((outputWidth - 1) * stride + window.1 - width, 0) / 2
        } else {
            guard height >= window.0, width >= window.1 else { return nil }
            outputHeight = (height - window.0) / stride + 1
            outputWidth = (width - window.1) / stride + 1
            padTop = 0
            padLeft = 0
        }
    }

    /// Rows of the patch matrix: one per output position.
    public var patchRows: Int { batch * outputHeight * outputWidth }
    /// Columns of the patch matrix: one per kernel weight along (KH, KW, C).
    public var patchColumns: Int { windowHeight * windowWidth * channels }

    /// Whether a convolution of this geometry runs directly (`convolveDirect` and its gradients)
    /// rather than as im2col and matrix products: when a patch has at most
    /// `directPatchLimit` columns.
    public var convolvesDirectly: Bool { patchColumns <= WindowGeometry.directPatchLimit }

    /// Up to this many patch columns (KH·KW·C) a convolution runs directly, without im2col: a
    /// first layer on grayscale images has 9, too few for a matrix product to pay for writing the
    /// patch matrix and packing its operands (the timings are in Sources/Kernels/README.md).
    public static let directPatchLimit = 32
}

enum Convolution {
    /// cols[(n, oh, ow), (kh, kw, c)] = x[n, oh·s + kh − padTop, ow·s + kw − padLeft, c], or 0 outside.
    ///
    /// In NHWC the kw·c part of one kernel row is KW·C contiguous input elements, so a window row
    /// that lies inside the image is one copy (3 numbers for the first layer of an MNIST CNN, 96
    /// for the second), and only rows that hang over the border go element by element.
    @inline(__always)
    static func im2col<T: KernelScalar>(_ x: UnsafePointer<T>, _ g: WindowGeometry, _ cols: UnsafeMutablePointer<T>) {
        let c = g.channels, span = g.windowWidth * c
        var row = cols
        for n in 0..<g.batch {
            let image = x + n * g.height * g.width * c
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    let left = ow * g.stride - g.padLeft
                    let inside = left >= 0 && left + g.windowWidth <= g.width
                    for kh in 0..<g.windowHeight {
                        let ih = oh * g.stride + kh - g.padTop
                        let out = row + kh * span
                        guard ih >= 0, ih < g.height else {
                            for e in 0..<span { out[e] = 0 }
                            continue
                        }
                        let source = image + (ih * g.width + left) * c
                        if inside {
                            for e in 0..<span { out[e] = source[e] }
                        } else {
                            for kw in 0..<g.windowWidth {
                                let iw = left + kw
                                let valid = iw >= 0 && iw < g.width
                                for e in 0..<c { out[kw * c + e] = valid ? source[kw * c + e] : 0 }
                            }
                        }
                    }
                    row += g.patchColumns
                }
            }
        }
    }

    /// dx[n, ih, iw, c] += Σ of the patch-gradient entries that were read from there: the adjoint
    /// of im2col, with the same contiguous window rows.
    @inline(__always)
    static func col2imAccumulate<T: KernelScalar>(_ cols: UnsafePointer<T>, _ g: WindowGeometry, _ dx: UnsafeMutablePointer<T>) {
        let c = g.channels, span = g.windowWidth * c
        var row = cols
        for n in 0..<g.batch {
            let image = dx + n * g.height * g.width * c
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    let left = ow * g.stride - g.padLeft
                    let inside = left >= 0 && left + g.windowWidth <= g.width
                    for kh in 0..<g.windowHeight {
                        let ih = oh * g.stride + kh - g.padTop
                        guard ih >= 0, ih < g.height else { continue }
                        let patch = row + kh * span
                        let target = image + (ih * g.width + left) * c
                        if inside {
                            for e in 0..<span { target[e] += patch[e] }
                        } else {
                            for kw in 0..<g.windowWidth {
                                let iw = left + kw
                                guard iw >= 0, iw < g.width else { continue }
                                for e in 0..<c { target[kw * c + e] += patch[kw * c + e] }
                            }
                        }
                    }
                    row += g.patchColumns
                }
            }
        }
    }

    /// y[n, oh, ow, c] = max over the window; `argmax` gets the flat input index of each maximum
    /// (the first one in row-major window order on ties). Padding (for `same`) never wins.
    ///
    /// All channels of one output position at once: the window's first element initializes y and
    /// argmax, each further element replaces them where it is larger. The channel loop is
    /// contiguous with no branch (both stores are selects), so it runs as SIMD compares and blends.
    @inline(__always)
    static func maxPool<T: KernelScalar>(
        _ x: UnsafePointer<T>, _ g: WindowGeometry, _ y: UnsafeMutablePointer<T>, argmax: UnsafeMutablePointer<Int32>
    ) {
        let c = g.channels
        var o = 0
        for n in 0..<g.batch {
            let base = n * g.height * g.width * c
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    let out = y + o, at = argmax + o
                    var first = true
                    for kh in 0..<g.windowHeight {
                        let ih = oh * g.stride + kh - g.padTop
                        guard ih >= 0, ih < g.height else { continue }
                        for kw in 0..<g.windowWidth {
                            let iw = ow * g.stride + kw - g.padLeft
                            guard iw >= 0, iw < g.width else { continue }
                            let index = base + (ih * g.width + iw) * c
                            let source = x + index
                            // Indices fit in Int32: MaxPool2D accepts no larger input.
                            let first32 = Int32(truncatingIfNeeded: index)
                            if first {
                                for e in 0..<c {
                                    out[e] = source[e]
                                    at[e] = first32 &+ Int32(truncatingIfNeeded: e)
                                }
                                first = false
                            } else {
                                for e in 0..<c {
                                    let v = source[e], larger = v > out[e]
                                    out[e] = larger ? v : out[e]
                                    at[e] = larger ? first32 &+ Int32(truncatingIfNeeded: e) : at[e]
                                }
                            }
                        }
                    }
                    if first {
                        // Cannot happen for a geometry that was accepted (every window touches the image).
                        for e in 0..<c {
                            out[e] = -T.infinity
                            at[e] = -1
                        }
                    }
                    o += c
                }
            }
        }
    }

    /// dx[argmax[o]] += dy[o]: each window's gradient goes to its maximum.
    @inline(__always)
    static func maxPoolBackward<T: KernelScalar>(
        _ dy: UnsafePointer<T>, argmax: UnsafePointer<Int32>, count: Int, _ dx: UnsafeMutablePointer<T>
    ) {
        for o in 0..<count where argmax[o] >= 0 { dx[Int(argmax[o])] += dy[o] }
    }
}

// MARK: Direct convolution for small windows

extension Convolution {
    /// Calls `body(patchColumn, inputIndex)` for every input element of the window of output
    /// position (n, oh, ow) that lies inside the image, in im2col's column order.
    @inline(__always)
    static func forEachTap(
        _ g: WindowGeometry, _ n: Int, _ oh: Int, _ ow: Int, _ body: (_ column: Int, _ index: Int) -> Void
    ) {
        let c = g.channels
        for kh in 0..<g.windowHeight {
            let ih = oh * g.stride + kh - g.padTop
            guard ih >= 0, ih < g.height else { continue }
            for kw in 0..<g.windowWidth {
                let iw = ow * g.stride + kw - g.padLeft
                guard iw >= 0, iw < g.width else { continue }
                let index = ((n * g.height + ih) * g.width + iw) * c
                let column = (kh * g.windowWidth + kw) * c
                for e in 0..<c { body(column + e, index + e) }
            }
        }
    }

    /// Calls `interior(row, base, count)` for runs of `count` (4, or 1) consecutive output
    /// positions of one output row whose windows lie wholly inside the image (`base`: the flat
    /// index of the first one's top-left input element; the next ones start `stride · C` further
    /// on, and tap t reads base + offsets[t]), and `edge(row, n, oh, ow)` for the other positions.
    /// `offsets` holds the patch columns' input offsets in im2col's column order. Four positions
    /// at once let the loops keep four independent sums in registers.
    @inline(__always)
    static func forEachWindow(
        _ g: WindowGeometry,
        interior: (_ row: Int, _ base: Int, _ count: Int, _ offsets: UnsafePointer<Int>) -> Void,
        edge: (_ row: Int, _ n: Int, _ oh: Int, _ ow: Int) -> Void
    ) {
        let c = g.channels
        withUnsafeTemporaryAllocation(of: Int.self, capacity: g.patchColumns) { offsets in
            for kh in 0..<g.windowHeight {
                for kw in 0..<g.windowWidth {
                    for e in 0..<c { offsets[(kh * g.windowWidth + kw) * c + e] = (kh * g.width + kw) * c + e }
                }
            }
            let taps = UnsafePointer(offsets.baseAddress!)
            var row = 0
            for n in 0..<g.batch {
                for oh in 0..<g.outputHeight {
                    let top = oh * g.stride - g.padTop
                    let rowsInside = top >= 0 && top + g.windowHeight <= g.height
                    var ow = 0
                    while ow < g.outputWidth {
                        let left = ow * g.stride - g.padLeft
                        let inside = rowsInside && left >= 0 && left + g.windowWidth <= g.width
                        if inside && ow + 4 <= g.outputWidth && left + 3 * g.stride + g.windowWidth <= g.width {
                            interior(row, ((n * g.height + top) * g.width + left) * c, 4, taps)
                            row += 4
                            ow += 4
                        } else {
                            if inside {
                                interior(row, ((n * g.height + top) * g.width + left) * c, 1, taps)
                            } else {
                                edge(row, n, oh, ow)
                            }
                            row += 1
                            ow += 1
                        }
                    }
                }
            }
        }
    }

    /// y[row, :] = Σ over the window's taps of x[tap] · K[tap column, :], y (patchRows × F), K
    /// (patchColumns × F): im2col followed by the product, without the patch matrix. Inside the
    /// image each 16 filters of 4 positions are 4 vectors accumulated over the taps in registers.
    @inline(__always)
    static func convolveDirect<T: KernelScalar>(
        _ x: UnsafePointer<T>, _ g: WindowGeometry, kernel: UnsafePointer<T>, filters: Int, _ y: UnsafeMutablePointer<T>
    ) {
        let taps = g.patchColumns, vectorEnd = filters - filters % lanes, step = g.stride * g.channels
        forEachWindow(g) { row, base, count, offsets in
            let out = y + row * filters
            var f = 0
            if count == 4 {
                let x0 = x + base, x1 = x + base + step, x2 = x + base + 2 * step, x3 = x + base + 3 * step
                while f < vectorEnd {
                    var s0 = Vector<T>(repeating: 0), s1 = s0, s2 = s0, s3 = s0
                    for t in 0..<taps {
                        let k = loadVector(kernel + t * filters + f), o = offsets[t]
                        s0 += Vector<T>(repeating: x0[o]) * k
                        s1 += Vector<T>(repeating: x1[o]) * k
                        s2 += Vector<T>(repeating: x2[o]) * k
                        s3 += Vector<T>(repeating: x3[o]) * k
                    }
                    storeVector(s0, out + f)
                    storeVector(s1, out + filters + f)
                    storeVector(s2, out + 2 * filters + f)
                    storeVector(s3, out + 3 * filters + f)
                    f += lanes
                }
            } else {
                while f < vectorEnd {
                    var total = Vector<T>(repeating: 0)
                    for t in 0..<taps { total += Vector<T>(repeating: x[base + offsets[t]]) * loadVector(kernel + t * filters + f) }
                    storeVector(total, out + f)
                    f += lanes
                }
            }
            while f < filters {
                for p in 0..<count {
                    var total: T = 0
                    for t in 0..<taps { total += x[base + p * step + offsets[t]] * kernel[t * filters + f] }
                    out[p * filters + f] = total
                }
                f += 1
            }
        } edge: { row, n, oh, ow in
            let out = y + row * filters
            for f in 0..<filters { out[f] = 0 }
            forEachTap(g, n, oh, ow) { column, index in
                Elementwise.axpy(x[index], kernel + column * filters, out, filters)
            }
        }
    }

    /// dK[tap column, :] += x[tap] · dY[row, :] over every window: colsᵀ · dY without the patch
    /// matrix.
    @inline(__always)
    static func convolutionKernelGradientDirect<T: KernelScalar>(
        _ x: UnsafePointer<T>, _ g: WindowGeometry, upstream dY: UnsafePointer<T>, filters: Int,
        _ dK: UnsafeMutablePointer<T>
    ) {
        let taps = g.patchColumns, vectorEnd = filters - filters % lanes, step = g.stride * g.channels
        forEachWindow(g) { row, base, count, offsets in
            let upstream = dY + row * filters
            var f = 0
            if count == 4 {
                let x0 = x + base, x1 = x + base + step, x2 = x + base + 2 * step, x3 = x + base + 3 * step
                while f < vectorEnd {
                    let d0 = loadVector(upstream + f), d1 = loadVector(upstream + filters + f)
                    let d2 = loadVector(upstream + 2 * filters + f), d3 = loadVector(upstream + 3 * filters + f)
                    for t in 0..<taps {
                        let target = dK + t * filters + f, o = offsets[t]
                        let sum01 = Vector<T>(repeating: x0[o]) * d0 + Vector<T>(repeating: x1[o]) * d1
                        let sum23 = Vector<T>(repeating: x2[o]) * d2 + Vector<T>(repeating: x3[o]) * d3
                        storeVector(loadVector(target) + (sum01 + sum23), target)
                    }
                    f += lanes
                }
            } else {
                while f < vectorEnd {
                    let d = loadVector(upstream + f)
                    for t in 0..<taps {
                        let target = dK + t * filters + f
                        storeVector(loadVector(target) + Vector<T>(repeating: x[base + offsets[t]]) * d, target)
                    }
                    f += lanes
                }
            }
            while f < filters {
                for p in 0..<count {
                    for t in 0..<taps { dK[t * filters + f] += x[base + p * step + offsets[t]] * upstream[p * filters + f] }
                }
                f += 1
            }
        } edge: { row, n, oh, ow in
            let upstream = dY + row * filters
            forEachTap(g, n, oh, ow) { column, index in
                Elementwise.axpy(x[index], upstream, dK + column * filters, filters)
            }
        }
    }

    /// dx[tap] += dY[row, :] · K[tap column, :] over every window: col2im(dY · Kᵀ) without the
    /// patch matrix.
    @inline(__always)
    static func convolutionInputGradientDirect<T: KernelScalar>(
        upstream dY: UnsafePointer<T>, _ g: WindowGeometry, kernel: UnsafePointer<T>, filters: Int,
        _ dx: UnsafeMutablePointer<T>
    ) {
        var row = dY
        for n in 0..<g.batch {
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    forEachTap(g, n, oh, ow) { column, index in
                        dx[index] += Reductions.dot(row, kernel + column * filters, filters)
                    }
                    row += filters
                }
            }
        }
    }
}
