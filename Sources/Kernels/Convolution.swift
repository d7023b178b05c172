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
}

enum Convolution {
    /// cols[(n, oh, ow), (kh, kw, c)] = x[n, oh·s + kh − padTop, ow·s + kw − padLeft, c], or 0 outside.
    @inline(__always)
    static func im2col<T: KernelScalar>(_ x: UnsafePointer<T>, _ g: WindowGeometry, _ cols: UnsafeMutablePointer<T>) {
        let c = g.channels
        var row = cols
        for n in 0..<g.batch {
            let image = x + n * g.height * g.width * c
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    for kh in 0..<g.windowHeight {
                        let ih = oh * g.stride + kh - g.padTop
                        let out = row + kh * g.windowWidth * c
                        guard ih >= 0, ih < g.height else {
                            out.update(repeating: 0, count: g.windowWidth * c)
                            continue
                        }
                        for kw in 0..<g.windowWidth {
                            let iw = ow * g.stride + kw - g.padLeft
                            if iw >= 0, iw < g.width {
                                (out + kw * c).update(from: image + (ih * g.width + iw) * c, count: c)
                            } else {
                                (out + kw * c).update(repeating: 0, count: c)
                            }
                        }
                    }
                    row += g.patchColumns
                }
            }
        }
    }

    /// dx[n, ih, iw, c] += Σ of the patch-gradient entries that were read from there.
    @inline(__always)
    static func col2imAccumulate<T: KernelScalar>(_ cols: UnsafePointer<T>, _ g: WindowGeometry, _ dx: UnsafeMutablePointer<T>) {
        let c = g.channels
        var row = cols
        for n in 0..<g.batch {
            let image = dx + n * g.height * g.width * c
            for oh in 0..<g.outputHeight {
                for ow in 0..<g.outputWidth {
                    for kh in 0..<g.windowHeight {
                        let ih = oh * g.stride + kh - g.padTop
                        guard ih >= 0, ih < g.height else { continue }
                        for kw in 0..<g.windowWidth {
                            let iw = ow * g.stride + kw - g.padLeft
                            guard iw >= 0, iw < g.width else { continue }
                            Elementwise.axpy(1, row + (kh * g.windowWidth + kw) * c, image + (ih * g.width + iw) * c, c)
                        }
                    }
                    row += g.patchColumns
                }
            }
        }
    }

    /// y[n, oh, ow, c] = max over the window; `argmax` gets the flat input index of each maximum
    /// (the first one on ties). Padding (for `same`) never wins.
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
                    for ch in 0..<c {
                        var best = -T.infinity, at = -1
                        for kh in 0..<g.windowHeight {
                            let ih = oh * g.stride + kh - g.padTop
                            guard ih >= 0, ih < g.height else { continue }
                            for kw in 0..<g.windowWidth {
                                let iw = ow * g.stride + kw - g.padLeft
                                guard iw >= 0, iw < g.width else { continue }
                                let index = base + (ih * g.width + iw) * c + ch
                                if at < 0 || x[index] > best {
                                    best = x[index]
                                    at = index
                                }
                            }
                        }
                        y[o] = best
                        argmax[o] = Int32(at)
                        o += 1
                    }
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
