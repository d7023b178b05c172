import Kernels

/// How a window treats the border: `valid` keeps only windows inside the input; `same` pads
/// with zeros so that the output has ⌈size / stride⌉ positions per axis (TensorFlow's rule).
public enum Padding: String, Sendable, CaseIterable {
    case valid, same
}

/// The geometry of a window op on an NHWC input, or an error naming the op.
private func windowGeometry(
    _ x: Shape, window: (Int, Int), stride: Int, padding: Padding, op: String
) throws(EngineError) -> WindowGeometry {
    guard x.rank == 4 else {
        throw EngineError("\(op): needs an NHWC tensor (batch × height × width × channels), got \(x)")
    }
    guard let g = WindowGeometry(
        batch: x[0], height: x[1], width: x[2], channels: x[3], window: window, stride: stride, same: padding == .same)
    else {
        throw EngineError("\(op): a \(window.0)×\(window.1) window does not fit in a \(x[1])×\(x[2]) image")
    }
    return g
}

/// `F.pad`'s amounts for `same` padding, (left, right, top, bottom): TensorFlow's rule, the odd
/// extra zero below and right.
private func windowPadding(_ x: Shape, window: (Int, Int), stride: Int, output: Shape) -> PyTorchForm {
    func split(_ size: Int, _ window: Int, _ out: Int) -> (Int, Int) {
        let total = max((out - 1) * stride + window - size, 0)
        return (total / 2, total - total / 2)
    }
    let (top, bottom) = split(x[1], window.0, output[1]), (left, right) = split(x[2], window.1, output[2])
    return PyTorchForm("(\(left), \(right), \(top), \(bottom))")
}

/// Y = x ⋆ K: a 2-D convolution (cross-correlation, as every framework computes it) of an NHWC
/// input x (N, H, W, C) with a kernel K (KH, KW, C, F), giving (N, OH, OW, F).
///
/// Computed as a matrix product: the input's patches are laid out as rows (im2col, kept in the
/// scratch for backward) and multiplied by K seen as a (KH·KW·C) × F matrix:
///     Y = cols · K,   dK += (dYᵀ · cols)ᵀ,   dcols = dY · Kᵀ, then dx += col2im(dcols).
/// Small windows (a first layer on grayscale images: 9 patch columns) run the same sums
/// directly, without the patch matrix.
/// Channels last (NHWC) is chosen because then every step is a plain row-major matrix
/// product and the output needs no reordering; it is also Keras's default layout.
public struct Conv2D: TensorOp {
    public static let declaration = OpDeclaration(
        "conv2d", usage: "conv2d(x, K, stride=1, padding=valid)",
        summary: "2-D convolution of images x (N, H, W, C) with a kernel K (KH, KW, C, F): (N, OH, OW, F)",
        arguments: [.tensor("x"), .tensor("K")],
        options: [.integer("stride", in: 1...1000), .word("padding", Padding.allCases.map(\.rawValue))]
    ) { call in
        Conv2D(stride: call.integer("stride") ?? 1, padding: call.word("padding").flatMap(Padding.init(rawValue:)) ?? .valid)
    }
    public let stride: Int
    public let padding: Padding
    public init(stride: Int = 1, padding: Padding = .valid) {
        self.stride = stride
        self.padding = padding
    }
    public var name: String { "conv2d" }
    /// PyTorch is channels first: the image is permuted there and back, the kernel to (F, C, KH, KW);
    /// `same` pads as TensorFlow does (an odd extra zero below and right).
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        var image = x[0].channelsFirst()
        if padding == .same {
            image = .call("F.pad", [image], windowPadding(shapes[0], window: (shapes[1][0], shapes[1][1]), stride: stride, output: output).text)
        }
        return PyTorchForm.call("F.conv2d", [image, x[1].member("permute(3, 2, 0, 1)")], "stride=\(stride)").channelsLast()
    }
    public var arity: Int { 2 }
    public func formula(_ x: [String]) -> String {
        "conv2d(\(x[0]), \(x[1]); stride \(stride), \(padding.rawValue))"
    }
    public var rule: String {
        "Y[n,i,j,f] = Σ_{a,b,c} x[n, i·s+a, j·s+b, c]·K[a,b,c,f]: each weight K[a,b,c,f] meets the input pixel under it "
            + "in every window, and each input pixel meets the weights of every window that covers it"
    }
    private var attributes: [String: Int] { ["stride": stride, "same": padding == .same ? 1 : 0] }

    /// dx is a correlation of dY with the kernel flipped: dY is spread out by the stride (s − 1
    /// zeros between its entries), ringed with zeros so that every window that hung over an input
    /// pixel is counted, and then correlated, stride 1, with the kernel rotated by 180 degrees (its in and
    /// out channels swapped). dK is a correlation of the input with dY.
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        if index == 0 {
            let padded = GradientExpression.defined(
                "padded",
                .special(SpecialGradient(
                    "pad", description: "dY with stride − 1 zeros between its entries and zeros around it: kernel size − 1 − the forward padding on each side (more below and right when the forward dropped rows)",
                    arguments: [.upstream], attributes: attributes)))
            let flipped = GradientExpression.defined(
                "flipped",
                .special(SpecialGradient(
                    "flip", description: "the kernel rotated by 180 degrees (K[a,b,c,f] moves to [KH−1−a, KW−1−b, f, c])",
                    arguments: [.input(1)], attributes: attributes)))
            return .special(SpecialGradient(
                "correlate",
                description: "slides the second argument over the first, stride 1, and sums the products in each window",
                arguments: [padded, flipped], attributes: attributes))
        }
        return .special(SpecialGradient(
            "correlate_windows",
            description: "dK[a,b,c,f] = Σ_{n,i,j} x[n, i·s+a, j·s+b, c]·dY[n,i,j,f]: the input correlated with dY (spread out by the stride)",
            arguments: [.input(0), .upstream], attributes: attributes))
    }

    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[1].rank == 4 else {
            throw EngineError("conv2d: the kernel must be (height × width × in channels × out channels), got \(x[1])")
        }
        let g = try windowGeometry(x[0], window: (x[1][0], x[1][1]), stride: stride, padding: padding, op: name)
        guard x[1][2] == g.channels else {
            throw EngineError("conv2d: the input has \(g.channels) channels but the kernel \(x[1]) expects \(x[1][2])")
        }
        return Shape(g.batch, g.outputHeight, g.outputWidth, x[1][3])
    }

    private func geometry<T>(_ c: OpContext<T>) -> WindowGeometry {
        let x = c.input(0).shape, k = c.input(1).shape
        // Checked by outputShape when the op was recorded.
        return WindowGeometry(
            batch: x[0], height: x[1], width: x[2], channels: x[3], window: (k[0], k[1]), stride: stride,
            same: padding == .same)!
    }

    /// The patch matrix (patch rows × patch columns), kept from forward for the kernel gradient
    /// and reused for the patches' gradient, then room for the kernel gradient transposed
    /// (filters × patch columns); none when the convolution runs directly.
    public func auxiliaryCount(_ inputs: ShapeList, output: Shape) -> Int {
        let columns = inputs[1][0] * inputs[1][1] * inputs[1][2]
        guard columns > WindowGeometry.directPatchLimit else { return 0 }
        return (output[0] * output[1] * output[2] + output[3]) * columns
    }

    // x is (N, H, W, C), K is (KH, KW, C, F), Y is (N, OH, OW, F): as matrices, Y is
    // (N·OH·OW) × F, K is (KH·KW·C) × F and the patches are (N·OH·OW) × (KH·KW·C).
    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        let g = geometry(c)
        let kernel = c.input(1), y = c.output
        if g.convolvesDirectly {
            T.convolveDirect(c.input(0).value, g, kernel: kernel.value, filters: kernel.shape[3], y.value)
            return
        }
        T.im2col(c.input(0).value, g, c.auxiliary)
        T.gemm(
            transposeA: false, transposeB: false, m: g.patchRows, n: kernel.shape[3], k: g.patchColumns,
            a: c.auxiliary, b: kernel.value, c: y.value, accumulate: false)
    }

    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient else { return }
        let g = geometry(c)
        let x = c.input(0), kernel = c.input(1), filters = kernel.shape[3]
        if g.convolvesDirectly {
            if let dK = kernel.gradient {
                T.convolutionKernelGradientDirect(x.value, g, upstream: dY, filters: filters, dK)
            }
            if let dX = x.gradient {
                T.convolutionInputGradientDirect(upstream: dY, g, kernel: kernel.value, filters: filters, dX)
            }
            return
        }
        if let dK = kernel.gradient {
            // dK = colsᵀ · dY, computed as its transpose dYᵀ · cols and transposed into dK: the
            // matrix product skips zero entries of its first operand, and dY is mostly zeros
            // (a max-pool passes one gradient in four, ReLU fewer): measured 2.5-3x faster.
            let transposed = c.auxiliary + g.patchRows * g.patchColumns
            T.gemm(
                transposeA: true, transposeB: false, m: filters, n: g.patchColumns, k: g.patchRows,
                a: dY, b: c.auxiliary, c: transposed, accumulate: false)
            T.transposeAccumulate(transposed, dK, m: filters, n: g.patchColumns)
        }
        if let dX = x.gradient {
            // The patches are not needed any more: their gradient takes their place.
            T.gemm(
                transposeA: false, transposeB: true, m: g.patchRows, n: g.patchColumns, k: filters,
                a: dY, b: kernel.value, c: c.auxiliary, accumulate: false)
            T.col2imAccumulate(c.auxiliary, g, dX)
        }
    }
}

/// Y = the maximum of each window of an NHWC input, channel by channel.
/// The position of each maximum is kept, and backward routes each gradient there.
public struct MaxPool2D: TensorOp {
    public static let declaration = OpDeclaration(
        "maxpool2d", usage: "maxpool2d(x, size=2, stride=size, padding=valid)",
        summary: "the largest value of each size×size window of images x (N, H, W, C), channel by channel",
        arguments: [.tensor("x")],
        options: [.integer("size", in: 1...1000), .integer("stride", in: 1...1000), .word("padding", Padding.allCases.map(\.rawValue))]
    ) { call in
        let size = call.integer("size") ?? 2
        return MaxPool2D(
            size: size, stride: call.integer("stride") ?? size,
            padding: call.word("padding").flatMap(Padding.init(rawValue:)) ?? .valid)
    }
    public let size: Int
    public let stride: Int
    public let padding: Padding
    public init(size: Int = 2, stride: Int? = nil, padding: Padding = .valid) {
        self.size = size
        self.stride = stride ?? size
        self.padding = padding
    }
    public var name: String { "maxpool2d" }
    /// Padding is −∞, which never wins a window.
    public func pytorch(_ x: [PyTorchForm], shapes: ShapeList, output: Shape) -> PyTorchForm? {
        var image = x[0].channelsFirst()
        if padding == .same {
            image = .call("F.pad", [image], windowPadding(shapes[0], window: (size, size), stride: stride, output: output).text, "value=float('-inf')")
        }
        return PyTorchForm.call("F.max_pool2d", [image], "\(size)", "stride=\(stride)").channelsLast()
    }
    public var arity: Int { 1 }
    public func formula(_ x: [String]) -> String { "maxpool2d(\(x[0]); \(size)×\(size), stride \(stride))" }
    public var rule: String {
        "∂max(a, b, …)/∂a = 1 if a is the largest, else 0: the gradient goes to each window's maximum (a tie is a kink)"
    }
    public func gradient(of index: Int, inputs: ShapeList) -> GradientExpression {
        .special(SpecialGradient(
            "route_to_max",
            description: "each window's gradient goes to the position of its maximum (the first one on a tie); every other position gets 0, and a position that is the maximum of several windows adds up their gradients",
            arguments: [.upstream, .input(0)],
            attributes: ["size": size, "stride": stride, "same": padding == .same ? 1 : 0]))
    }
    public func outputShape(_ x: ShapeList) throws(EngineError) -> Shape {
        guard x[0].count <= Int(Int32.max) else {
            throw EngineError("maxpool2d: \(x[0]) has more elements than the argmax indices can hold (2³¹ − 1)")
        }
        let g = try windowGeometry(x[0], window: (size, size), stride: stride, padding: padding, op: name)
        return Shape(g.batch, g.outputHeight, g.outputWidth, g.channels)
    }
    public func indexCount(_ inputs: ShapeList, output: Shape) -> Int { output.count }

    /// For each window in output order, the index in x (NHWC, `shape`) of its largest element,
    /// the first one row by row on a tie: where the window's gradient goes. −1 for a window
    /// with no element inside the input.
    public func windowMaxima(_ x: [Double], shape: Shape) -> [Int] {
        guard shape.rank == 4, x.count == shape.count,
            let g = WindowGeometry(
                batch: shape[0], height: shape[1], width: shape[2], channels: shape[3], window: (size, size),
                stride: stride, same: padding == .same)
        else { return [] }
        var result: [Int] = []
        result.reserveCapacity(g.batch * g.outputHeight * g.outputWidth * g.channels)
        for n in 0..<g.batch {
            for i in 0..<g.outputHeight {
                for j in 0..<g.outputWidth {
                    for c in 0..<g.channels {
                        var best = -1
                        for a in 0..<size {
                            let p = i * stride + a - g.padTop
                            guard p >= 0 && p < g.height else { continue }
                            for b in 0..<size {
                                let q = j * stride + b - g.padLeft
                                guard q >= 0 && q < g.width else { continue }
                                let k = ((n * g.height + p) * g.width + q) * g.channels + c
                                if best < 0 || x[k] > x[best] { best = k }
                            }
                        }
                        result.append(best)
                    }
                }
            }
        }
        return result
    }

    /// Which element is each window's maximum: a different one on the other side of a tie.
    public func kinkPattern(inputs: [[Double]], shapes: [Shape]) -> [Int]? {
        windowMaxima(inputs[0], shape: shapes[0])
    }

    private func geometry<T>(_ c: OpContext<T>) -> WindowGeometry {
        let x = c.input(0).shape
        return WindowGeometry(
            batch: x[0], height: x[1], width: x[2], channels: x[3], window: (size, size), stride: stride,
            same: padding == .same)!
    }

    public func forward<T: KernelScalar>(_ c: OpContext<T>) {
        T.maxPool(c.input(0).value, geometry(c), c.output.value, argmax: c.indices)
    }
    @_specialize(where T == Float)
    public func backward<T: KernelScalar>(_ c: OpContext<T>) {
        guard let dY = c.output.gradient, let dX = c.input(0).gradient else { return }
        T.maxPoolBackward(dY, argmax: c.indices, count: c.output.count, dX)
    }
}
