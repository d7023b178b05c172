import Kernels

/// The ops as methods on the tape: `let z = try tape.matmul(x, W)`. Each records one node and
/// computes its value; a shape that does not fit throws an `EngineError` naming the op.
extension Tape {
    public func matmul(_ a: Variable, _ b: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(MatMul(), NodeInputs(a, b), name: name)
    }
    /// a + b; b may be a row (bias) added to every row of a.
    public func add(_ a: Variable, _ b: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Add(), NodeInputs(a, b), name: name)
    }
    public func subtract(_ a: Variable, _ b: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Subtract(), NodeInputs(a, b), name: name)
    }
    public func multiply(_ a: Variable, _ b: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Multiply(), NodeInputs(a, b), name: name)
    }
    public func scale(_ x: Variable, by factor: Double, name: String? = nil) throws(EngineError) -> Variable {
        try record(Scale(factor), NodeInputs(x), name: name)
    }
    /// x^c elementwise, for a constant exponent.
    public func power(_ x: Variable, _ exponent: Double, name: String? = nil) throws(EngineError) -> Variable {
        try record(Power(exponent), NodeInputs(x), name: name)
    }
    public func relu(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(ReLU(), NodeInputs(x), name: name)
    }
    public func sigmoid(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Sigmoid(), NodeInputs(x), name: name)
    }
    public func tanh(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Tanh(), NodeInputs(x), name: name)
    }
    public func exp(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Exp(), NodeInputs(x), name: name)
    }
    public func log(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Log(), NodeInputs(x), name: name)
    }
    /// Σ x over everything (axis nil), down the rows (axis 0: 1×n) or along each row (axis 1: m×1).
    public func sum(_ x: Variable, axis: Int? = nil, name: String? = nil) throws(EngineError) -> Variable {
        try record(Sum(axis: axis), NodeInputs(x), name: name)
    }
    public func mean(_ x: Variable, axis: Int? = nil, name: String? = nil) throws(EngineError) -> Variable {
        try record(Mean(axis: axis), NodeInputs(x), name: name)
    }
    public func softmax(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Softmax(), NodeInputs(x), name: name)
    }
    public func logSoftmax(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(LogSoftmax(), NodeInputs(x), name: name)
    }
    public func reshape(_ x: Variable, to shape: Shape, name: String? = nil) throws(EngineError) -> Variable {
        try record(Reshape(shape), NodeInputs(x), name: name)
    }
    /// Keeps the first axis (the batch) and folds the others into one: (N, 28, 28) → (N, 784).
    public func flatten(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Reshape(FlattenOp.shape(of: shape(of: x))), NodeInputs(x), name: name)
    }
    public func transpose(_ x: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(Transpose(), NodeInputs(x), name: name)
    }
    public func meanSquaredError(_ prediction: Variable, _ target: Variable, name: String? = nil) throws(EngineError) -> Variable {
        try record(MeanSquaredError(), NodeInputs(prediction, target), name: name)
    }

    /// Softmax cross-entropy of logits (batch × classes) with one integer label per row,
    /// averaged over the batch.
    public func crossEntropy(
        _ logits: Variable, labels: UnsafeBufferPointer<Int32>, name: String? = nil
    ) throws(EngineError) -> Variable {
        try record(SoftmaxCrossEntropy(), NodeInputs(logits), name: name, labels: labels)
    }

    public func crossEntropy(_ logits: Variable, labels: [Int], name: String? = nil) throws(EngineError) -> Variable {
        let labels32 = labels.map { Int32(clamping: $0) }
        return try labels32.withUnsafeBufferPointer { (buffer) throws(EngineError) -> Variable in
            try crossEntropy(logits, labels: buffer, name: name)
        }
    }

    /// A 2-D convolution of an NHWC input with a (KH, KW, C, F) kernel.
    public func conv2d(
        _ x: Variable, _ kernel: Variable, stride: Int = 1, padding: Padding = .valid, name: String? = nil
    ) throws(EngineError) -> Variable {
        try record(Conv2D(stride: stride, padding: padding), NodeInputs(x, kernel), name: name)
    }

    public func dropout(_ x: Variable, rate: Double, seed: UInt64, name: String? = nil) throws(EngineError) -> Variable {
        try record(Dropout(rate: rate, seed: seed), NodeInputs(x), name: name)
    }

    /// Max pooling of an NHWC input over size×size windows (stride defaults to size).
    public func maxPool2d(
        _ x: Variable, size: Int = 2, stride: Int? = nil, padding: Padding = .valid, name: String? = nil
    ) throws(EngineError) -> Variable {
        try record(MaxPool2D(size: size, stride: stride, padding: padding), NodeInputs(x), name: name)
    }

    /// Batch normalization with batch statistics (training).
    public func batchNorm(
        _ x: Variable, gamma: Variable, beta: Variable, epsilon: Double = 1e-3, name: String? = nil
    ) throws(EngineError) -> Variable {
        try record(BatchNorm(epsilon: epsilon), NodeInputs(x, gamma, beta), name: name)
    }

    /// Batch normalization with given running statistics (inference).
    public func batchNormInference(
        _ x: Variable, gamma: Variable, beta: Variable, mean: Variable, variance: Variable,
        epsilon: Double = 1e-3, name: String? = nil
    ) throws(EngineError) -> Variable {
        try record(BatchNormInference(epsilon: epsilon), NodeInputs(x, gamma, beta, mean, variance), name: name)
    }
}
