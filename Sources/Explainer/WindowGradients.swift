import Engine

/// The gradients of the window ops (convolution, max pooling) on NHWC tensors, written with the
/// explainer's own loops straight from the definitions: independent of the engine's im2col and
/// argmax kernels.
///
/// Geometry (TensorFlow's rule): with `valid` padding an axis of size n gives
/// ⌊(n − window) / stride⌋ + 1 positions; with `same` it gives ⌈n / stride⌉, padded with
/// max((positions − 1)·stride + window − n, 0) cells, the smaller half before.
enum WindowGradients {
    struct Axis {
        let size: Int, window: Int, stride: Int
        let positions: Int, padBefore: Int

        init(size: Int, window: Int, stride: Int, same: Bool) {
            self.size = size
            self.window = window
            self.stride = stride
            if same {
                positions = (size + stride - 1) / stride
                padBefore = max((positions - 1) * stride + window - size, 0) / 2
            } else {
                positions = (size - window) / stride + 1
                padBefore = 0
            }
        }

        /// The input index that window offset `a` of output position `i` reads, or nil in the padding.
        func source(_ i: Int, _ a: Int) -> Int? {
            let p = i * stride + a - padBefore
            return p >= 0 && p < size ? p : nil
        }
    }

    /// Row-major index of (a, b, c, d) in a 4-D shape.
    static func index(_ s: Shape, _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int {
        ((a * s[1] + b) * s[2] + c) * s[3] + d
    }

    /// Evaluates the gradient maps of the window ops for the op whose environment is given (x is
    /// its input 0, K its input 1, dY has its output's shape):
    /// - `pad(dY)`: dY spread out by the stride and ringed with zeros, (N, H + KH − 1, W + KW − 1, F);
    /// - `flip(K)`: K rotated by 180 degrees with its channels swapped, (KH, KW, F, C);
    /// - `correlate(padded, flipped)`: their stride-1 correlation, dx (N, H, W, C);
    /// - `correlate_windows(x, dY)`: dK, each weight's input pixels times dY over all windows;
    /// - `route_to_max(dY, x)`: a max-pool's gradient, sent to each window's maximum.
    /// Results are laid out as (N·H) × (W·C) matrices, so that one image of one channel reads as
    /// its grid; the derivation reshapes them to the node's shape.
    static func evaluate(
        _ map: SpecialGradient, _ arguments: [Matrix], environment: ExpressionEnvironment
    ) throws(DerivationError) -> Matrix {
        let same = map.attributes["same"] == 1
        guard let y = environment.outputShape, y.rank == 4, let x = environment.inputShapes.first, x.rank == 4 else {
            throw DerivationError("\(map.name): needs the NHWC shapes of the op's input and output")
        }
        switch (map.name, arguments.count) {
        case ("pad", 1), ("flip", 1), ("correlate", 2):
            guard let stride = map.attributes["stride"], environment.inputShapes.count == 2 else { break }
            let k = environment.inputShapes[1]
            let rows = Axis(size: x[1], window: k[0], stride: stride, same: same)
            let columns = Axis(size: x[2], window: k[1], stride: stride, same: same)
            // dx[p] = Σ_{i,a: i·s + a − pad = p} dY[i]·K[a]. With dY spread to D[i·s] = dY[i] and
            // ringed by KH − 1 − pad zeros in front, that is Σ_a' padded[p + a']·K[KH − 1 − a'].
            let padded = Shape(y[0], x[1] + k[0] - 1, x[2] + k[1] - 1, y[3])
            let flipped = Shape(k[0], k[1], k[3], k[2])
            switch map.name {
            case "pad":
                let top = k[0] - 1 - rows.padBefore, left = k[1] - 1 - columns.padBefore
                var result = Matrix(rows: padded[0] * padded[1], columns: padded[2] * padded[3], repeating: 0)
                for n in 0..<y[0] {
                    for i in 0..<y[1] {
                        for j in 0..<y[2] {
                            for f in 0..<y[3] {
                                result.elements[index(padded, n, top + i * stride, left + j * stride, f)] =
                                    arguments[0].elements[index(y, n, i, j, f)]
                            }
                        }
                    }
                }
                return result
            case "flip":
                var result = Matrix(rows: k[0], columns: k[1] * k[2] * k[3], repeating: 0)
                for a in 0..<k[0] {
                    for b in 0..<k[1] {
                        for c in 0..<k[2] {
                            for f in 0..<k[3] {
                                result.elements[index(flipped, k[0] - 1 - a, k[1] - 1 - b, f, c)] =
                                    arguments[0].elements[index(k, a, b, c, f)]
                            }
                        }
                    }
                }
                return result
            default:
                let (p, w) = (arguments[0], arguments[1])
                guard p.count == padded.count, w.count == flipped.count else { break }
                var result = Matrix(rows: x[0] * x[1], columns: x[2] * x[3], repeating: 0)
                for n in 0..<x[0] {
                    for i in 0..<x[1] {
                        for j in 0..<x[2] {
                            for c in 0..<x[3] {
                                var total = 0.0
                                for a in 0..<k[0] {
                                    for b in 0..<k[1] {
                                        for f in 0..<k[3] {
                                            total += p.elements[index(padded, n, i + a, j + b, f)] * w.elements[index(flipped, a, b, f, c)]
                                        }
                                    }
                                }
                                result.elements[index(x, n, i, j, c)] = total
                            }
                        }
                    }
                }
                return result
            }
        case ("correlate_windows", 2):
            guard let stride = map.attributes["stride"], environment.inputShapes.count == 2 else { break }
            let k = environment.inputShapes[1]
            let rows = Axis(size: x[1], window: k[0], stride: stride, same: same)
            let columns = Axis(size: x[2], window: k[1], stride: stride, same: same)
            let input = arguments[0], dY = arguments[1]
            var result = Matrix(rows: k[0], columns: k[1] * k[2] * k[3], repeating: 0)
            // Y[n,i,j,f] = Σ_{a,b,c} x[n, i·s+a, j·s+b, c] · K[a,b,c,f]: each term sends dY·x to K.
            for n in 0..<y[0] {
                for i in 0..<y[1] {
                    for j in 0..<y[2] {
                        for a in 0..<k[0] {
                            guard let p = rows.source(i, a) else { continue }
                            for b in 0..<k[1] {
                                guard let q = columns.source(j, b) else { continue }
                                for c in 0..<k[2] {
                                    for f in 0..<k[3] {
                                        result.elements[index(k, a, b, c, f)] +=
                                            dY.elements[index(y, n, i, j, f)] * input.elements[index(x, n, p, q, c)]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return result
        case ("route_to_max", 2):
            guard let size = map.attributes["size"], let stride = map.attributes["stride"] else { break }
            let dY = arguments[0], input = arguments[1]
            let pool = MaxPool2D(size: size, stride: stride, padding: same ? .same : .valid)
            var result = Matrix(rows: x[0] * x[1], columns: x[2] * x[3], repeating: 0)
            for (window, k) in pool.windowMaxima(input.elements, shape: x).enumerated() where k >= 0 {
                result.elements[k] += dY.elements[window]
            }
            return result
        default:
            break
        }
        throw DerivationError("\(map.name) (\(map.description)) has no evaluation in the explainer")
    }
}
