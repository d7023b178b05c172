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

    /// Evaluates `conv2d_input_gradient(dY, K)`, `conv2d_kernel_gradient(x, dY)` or
    /// `maxpool2d_route(dY, x)` for the op whose environment is given (x is its input 0, K its
    /// input 1, dY has its output's shape).
    static func evaluate(
        _ map: SpecialGradient, _ arguments: [Matrix], environment: ExpressionEnvironment
    ) throws(DerivationError) -> Matrix {
        let same = map.attributes["same"] == 1
        guard let y = environment.outputShape, y.rank == 4, let x = environment.inputShapes.first, x.rank == 4 else {
            throw DerivationError("\(map.name): needs the NHWC shapes of the op's input and output")
        }
        switch (map.name, arguments.count) {
        case ("conv2d_input_gradient", 2), ("conv2d_kernel_gradient", 2):
            guard let stride = map.attributes["stride"], environment.inputShapes.count == 2 else { break }
            let k = environment.inputShapes[1]
            let rows = Axis(size: x[1], window: k[0], stride: stride, same: same)
            let columns = Axis(size: x[2], window: k[1], stride: stride, same: same)
            let inputGradient = map.name == "conv2d_input_gradient"
            let dY = inputGradient ? arguments[0] : arguments[1]
            let other = inputGradient ? arguments[1] : arguments[0]  // K or x
            var result = Matrix(inputGradient ? x.count : k.count)
            // Y[n,i,j,f] = Σ_{a,b,c} x[n, i·s+a, j·s+b, c] · K[a,b,c,f]: each term sends
            // dY·K to x and dY·x to K.
            for n in 0..<y[0] {
                for i in 0..<y[1] {
                    for j in 0..<y[2] {
                        for a in 0..<k[0] {
                            guard let p = rows.source(i, a) else { continue }
                            for b in 0..<k[1] {
                                guard let q = columns.source(j, b) else { continue }
                                for c in 0..<k[2] {
                                    for f in 0..<k[3] {
                                        let g = dY.elements[index(y, n, i, j, f)]
                                        if inputGradient {
                                            result.elements[index(x, n, p, q, c)] += g * other.elements[index(k, a, b, c, f)]
                                        } else {
                                            result.elements[index(k, a, b, c, f)] += g * other.elements[index(x, n, p, q, c)]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return result
        case ("maxpool2d_route", 2):
            guard let size = map.attributes["size"], let stride = map.attributes["stride"] else { break }
            let rows = Axis(size: x[1], window: size, stride: stride, same: same)
            let columns = Axis(size: x[2], window: size, stride: stride, same: same)
            let dY = arguments[0], input = arguments[1]
            var result = Matrix(x.count)
            for n in 0..<y[0] {
                for i in 0..<y[1] {
                    for j in 0..<y[2] {
                        for c in 0..<y[3] {
                            // The first largest element of the window (row by row) takes the gradient.
                            var best: (value: Double, index: Int)? = nil
                            for a in 0..<size {
                                guard let p = rows.source(i, a) else { continue }
                                for b in 0..<size {
                                    guard let q = columns.source(j, b) else { continue }
                                    let k = index(x, n, p, q, c)
                                    if best == nil || input.elements[k] > best!.value { best = (input.elements[k], k) }
                                }
                            }
                            if let best { result.elements[best.index] += dY.elements[index(y, n, i, j, c)] }
                        }
                    }
                }
            }
            return result
        default:
            break
        }
        throw DerivationError("\(map.name) (\(map.description)) has no evaluation in the explainer")
    }
}

extension Matrix {
    /// A zero row of `count` elements (reshaped to the input by the derivation).
    init(_ count: Int) { self.init(rows: 1, columns: count, repeating: 0) }
}
